package tp.infinite;

import java.util.List;

/**
 * The compiled recursion for one program: the ops of the diagonal pass (run once per data set,
 * one element per point) and of the cross pass (one element per pair of points), and where the
 * NNGP and NTK end up. Slot names say which program variable a slot belongs to (for errors).
 * The noise figures bound the relative error the numerical methods (quadrature, Mehler series)
 * put into each output: 0 when every expectation was a closed form.
 */
record Plan(List<Op> diagOps, int diagSlots, String[] diagNames, List<Op> crossOps, int crossSlots,
            String[] crossNames, Src nngp, Src ntk, double nngpNoise, double ntkNoise) {
}
