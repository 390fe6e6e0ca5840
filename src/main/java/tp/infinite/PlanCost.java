package tp.infinite;

import java.util.List;

/**
 * What a compiled plan will cost before it runs: the covariance blocks the kernels need (found
 * structurally), the ops and slots of the two passes, and a time and memory estimate for N1 x N2
 * points from a per-element cost model of each op (calibrated on this project's 2-core machine;
 * see docs/PERFORMANCE.md). {@code tp info PROG.tp --cost N} prints it.
 *
 * @param statements   core statements of the program (after unrolling)
 * @param covariances  needed G-var covariance blocks, diagonal pass and cross pass
 * @param moments      needed moments of MatMul arguments, diagonal and cross
 * @param classPairs   gradient class pairs (backward blocks) of the NTK
 * @param nodePairs    backward-vector node pairs of the NTK
 * @param diagOps      ops of the per-point pass; crossOps of the per-pair pass
 * @param diagSlots    per-point values kept for the cross pass
 * @param buffers      tile buffers one thread needs (slots sharing buffers)
 * @param diagNanos    estimated nanoseconds per point of the diagonal pass
 * @param crossNanos   estimated nanoseconds per pair of points of the cross pass
 */
public record PlanCost(int statements, int[] covariances, int[] moments, int classPairs, int nodePairs, int diagOps,
                       int crossOps, int diagSlots, int buffers, double diagNanos, double crossNanos) {

    /** Estimated seconds for an N1 x N2 kernel (symmetric: N1 = N2, upper triangle) on {@code threads} threads. */
    public double seconds(int n1, int n2, boolean symmetric, int threads) {
        double pairs = symmetric ? n1 * (n1 + 1.0) / 2 : (double) n1 * n2;
        double points = symmetric ? n1 : (double) n1 + n2;
        return (pairs * crossNanos + points * diagNanos) / Math.max(1, threads) / 1e9;
    }

    /** Estimated bytes: the result matrices, the per-point values of both sets, the tiles of every thread, the inputs. */
    public long bytes(int n1, int n2, int inputWidth, int kernels, int threads) {
        long result = (long) kernels * n1 * n2 * 8;
        long perPoint = (long) diagSlots * (n1 + n2) * 8;
        int side = Executor.tileSide(buffers);
        long tiles = (long) threads * buffers * side * side * 8;
        long inputs = 2L * (n1 + n2) * inputWidth * 8;
        return result + perPoint + tiles + inputs;
    }

    /** Per-element cost model of the ops of a pass, in nanoseconds (see the class comment). */
    static double nanos(List<Op> ops) {
        double s = 0;
        for (Op op : ops) s += op.nanosPerElement();
        return s;
    }
}
