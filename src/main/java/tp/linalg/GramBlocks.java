package tp.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gram matrices (dot products between the rows of two data matrices) whose every element does
 * not depend on how the data was split into calls: the value for a pair of points is the same
 * whether it is computed in one N x N call or in any tiling whose tile offsets are multiples of
 * {@link #BLOCK}, which is what makes a kernel computed tile by tile (or on many machines)
 * bit-for-bit equal to one computed in memory.
 *
 * <p>Why not one gemm or syrk call: BLAS kernels give results that depend on where an element
 * sits in the call (OpenBLAS 0.3.28 on this machine: edge micro-kernels for the last few
 * columns of a call or of a thread's share, a different split of the inner dimension between
 * its threaded and single-threaded drivers, syrk versus gemm). Measured on 2000 x 784 data:
 * 25 000 of 4 million elements of a 500 x 500 tiling differ from the one-call product in the
 * last bits. Here the product is always made of gemm calls of one fixed shape, {@link #BLOCK}
 * x {@link #BLOCK} x len, on blocks aligned at multiples of {@link #BLOCK} and padded with zero
 * rows, so the same pair of blocks is always the very same call. This holds on one machine with
 * one BLAS and one BLAS thread count; across machines (another CPU, another thread count) the
 * last bits may differ.
 *
 * <p>A point's dot product with itself ({@link #dot}, a plain left-to-right loop) is the
 * canonical diagonal value: a self Gram (x1 == x2) stores it on its diagonal, so a point paired
 * with itself sees exactly the value its per-point (diagonal) quantities were computed from.
 * Short rows ({@code len <=} {@link #LOOP_MAX}) use the loop for every element.
 */
public final class GramBlocks {
    /** Block size: gemm calls are always BLOCK x BLOCK x len. */
    public static final int BLOCK = 256;
    /** Up to this row length the loop beats a padded gemm call and is canonical anyway. */
    static final int LOOP_MAX = 8;

    private GramBlocks() {}

    /** {@code sum_j a[ao + j] * b[bo + j]}, j = 0..len-1, added left to right. */
    public static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) s += a[ao + j] * b[bo + j];
        return s;
    }

    /**
     * {@code out[i * n2 + j] = <x1 row i, cols o1..o1+len-1> . <x2 row j, cols o2..o2+len-1>}
     * for the rows of x1 ({@code n1 x w1}, row-major) and x2 ({@code n2 x w2}).
     *
     * @param self x2 is x1 (a self Gram): only the blocks on and above the block diagonal are
     *     computed (the others are left 0; callers read only j &gt;= i), and the diagonal holds
     *     {@link #dot} values
     * @param threads how many block products run at once (each on one BLAS thread)
     */
    public static double[] gram(double[] x1, int n1, int w1, int o1, double[] x2, int n2, int w2, int o2, int len,
                                boolean self, int threads) {
        double[] out = new double[n1 * n2];
        if (n1 == 0 || n2 == 0) return out;
        if (len <= LOOP_MAX) {
            for (int i = 0; i < n1; i++) {
                for (int j = self ? i : 0; j < n2; j++) out[i * n2 + j] = dot(x1, i * w1 + o1, x2, j * w2 + o2, len);
            }
            return out;
        }
        int b1 = (n1 + BLOCK - 1) / BLOCK, b2 = (n2 + BLOCK - 1) / BLOCK;
        double[] p1 = pack(x1, n1, w1, o1, len, b1);
        double[] p2 = self && o1 == o2 ? p1 : pack(x2, n2, w2, o2, len, b2);
        List<int[]> pairs = new ArrayList<>();
        for (int bi = 0; bi < b1; bi++) {
            for (int bj = self ? bi : 0; bj < b2; bj++) pairs.add(new int[] {bi, bj});
        }
        Blas blas = Blas.get();
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            double[] c = new double[BLOCK * BLOCK];
            int k;
            while ((k = next.getAndIncrement()) < pairs.size()) {
                int bi = pairs.get(k)[0], bj = pairs.get(k)[1];
                blas.gemm(false, true, BLOCK, BLOCK, len, 1.0, p1, bi * BLOCK * len, len, p2, bj * BLOCK * len, len,
                        0.0, c, 0, BLOCK);
                int rows = Math.min(BLOCK, n1 - bi * BLOCK), cols = Math.min(BLOCK, n2 - bj * BLOCK);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(c, r * BLOCK, out, (bi * BLOCK + r) * n2 + bj * BLOCK, cols);
                }
            }
        };
        // one BLAS thread per call, calls in parallel: a multithreaded call would give other
        // last bits (another split of len between threads), and many mid-size multithreaded
        // calls are slow on a busy machine (2-6 GFLOP/s against 13-20 measured here)
        boolean openBlas = blas instanceof OpenBlas;
        if (openBlas) OpenBlas.beginSingleThreaded();
        try {
            runParallel(worker, Math.min(Math.max(1, threads), pairs.size()));
        } finally {
            if (openBlas) OpenBlas.endSingleThreaded();
        }
        if (self) {
            for (int i = 0; i < n1; i++) out[i * n2 + i] = dot(x1, i * w1 + o1, x1, i * w1 + o2, len);
        }
        return out;
    }

    private static void runParallel(Runnable worker, int n) {
        if (n <= 1) {
            worker.run();
            return;
        }
        List<Thread> ts = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(worker, "tp-gram");
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) -> {
                synchronized (failure) {
                    if (failure[0] == null) failure[0] = e;
                }
            });
            ts.add(t);
            t.start();
        }
        try {
            for (Thread t : ts) t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failure[0] instanceof RuntimeException re) throw re;
        if (failure[0] instanceof Error er) throw er;
        if (failure[0] != null) throw new IllegalStateException(failure[0]);
    }

    /** The column slice o..o+len-1 of the n rows, packed contiguously and padded with zero rows to blocks * BLOCK rows. */
    private static double[] pack(double[] x, int n, int w, int o, int len, int blocks) {
        double[] p = new double[blocks * BLOCK * len];
        for (int i = 0; i < n; i++) System.arraycopy(x, i * w + o, p, i * len, len);
        return p;
    }
}
