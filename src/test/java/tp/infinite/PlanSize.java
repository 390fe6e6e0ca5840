package tp.infinite;

import tp.compile.Canon;
import tp.compile.Structure;
import tp.lang.Program;

/**
 * Test access to the size of a compiled plan: how many elementwise ops the diagonal and cross
 * passes run (a measure of compile work and of per-point work that does not depend on the
 * machine), for the nesting benchmark and its default-run guard.
 */
public final class PlanSize {
    private PlanSize() {}

    /**
     * {diagonal ops, cross ops, distinct subexpressions of the opaque atoms} of the plan for the
     * NNGP and/or NTK of {@code p}.
     */
    public static int[] ops(Program p, boolean nngp, boolean ntk) {
        Structure st = new Structure(p);
        PlanBuilder pb = new PlanBuilder();
        Canon canon = new Canon(st);
        Recursion rec = new Recursion(p, st, canon, pb);
        Src k = nngp ? rec.nngp() : null;
        Src t = ntk ? rec.ntk() : null;
        Plan plan = pb.build(k, t);
        return new int[] {plan.diagOps().size(), plan.crossOps().size(), canon.expressionNodes()};
    }
}
