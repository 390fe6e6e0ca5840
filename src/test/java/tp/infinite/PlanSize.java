package tp.infinite;

import tp.compile.Canon;
import tp.compile.Gradients;
import tp.compile.Sparsity;
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
        Gradients gr = new Gradients(p, st, canon, ntk);
        Sparsity sp = new Sparsity(p, st, canon, gr, nngp, ntk);
        Planner planner = new Planner(p, st, canon, pb, sp, gr, 0);
        planner.planForward();
        Src k = nngp ? planner.nngp() : null;
        Src t = ntk ? planner.ntk() : null;
        Plan plan = pb.build(k, t);
        return new int[] {plan.diagOps().size(), plan.crossOps().size(), canon.expressionNodes()};
    }
}
