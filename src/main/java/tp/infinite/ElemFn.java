package tp.infinite;

/** A scalar function of an op's inputs at one element; must be safe to call from several threads. */
@FunctionalInterface
interface ElemFn {
    double eval(double[] in, Workspace ws);

    /** Rough cost of one evaluation in nanoseconds, for {@link PlanCost}: closed forms by default. */
    default double nanos() {
        return 60;
    }
}
