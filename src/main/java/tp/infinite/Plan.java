package tp.infinite;

import java.util.List;

/**
 * The compiled recursion for one program: the ops of the diagonal pass (run once per data set,
 * one element per point) and of the cross pass (one element per pair of points), the Gram
 * matrices of input slices they read, and where the NNGP and NTK end up.
 *
 * @param grams pairs {offsetA, offsetB, size} of input column ranges whose dot products are read
 */
record Plan(List<Op> diagOps, int diagSlots, String[] diagNames, List<Op> crossOps, int crossSlots,
            String[] crossNames, List<int[]> grams, Src nngp, Src ntk) {
}
