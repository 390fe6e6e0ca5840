package tp.tiled;

import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import tp.api.TensorProgram;
import tp.linalg.Blas;

/**
 * Kernel regression {@code K(Z, X) (K(X, X) + shift I)^{-1} Y} at train sizes beyond the heap:
 * the solve by a {@link BlockedCholesky} on disk, the test-train product streamed tile by tile
 * (computed by the engine, or read from a tiled K(Z, X)), never holding more than one tile of it.
 */
public final class TiledRegression {
    private TiledRegression() {}

    /** The test-train kernel, one block at a time. */
    public interface TestTrain {
        int testCount();

        int trainCount();

        /** Test rows and train columns of the blocks (multiples of GramBlocks.BLOCK). */
        int tile();

        /** Block (test block bi, train block bj), row-major. */
        double[] block(int bi, int bj);
    }

    /** K(Z, X) computed by the engine as cross kernels of aligned blocks. */
    public static TestTrain computed(TensorProgram tp, String kind, DMatrixRMaj test, DMatrixRMaj train, int tile) {
        TileLayout l = new TileLayout(test.numRows, train.numRows, tile, false);
        return new TestTrain() {
            public int testCount() { return test.numRows; }
            public int trainCount() { return train.numRows; }
            public int tile() { return tile; }
            public double[] block(int bi, int bj) {
                DMatrixRMaj a = TileEngine.rows(test, bi * tile, l.rowsOf(bi)), b = TileEngine.rows(train, bj * tile, l.colsOf(bj));
                return (kind.equals("ntk") ? tp.ntk(a, b) : tp.nngp(a, b)).data;
            }
        };
    }

    /** K(Z, X) read from a tiled kernel made by {@code tp kernel --x1 Z --x2 X}. */
    public static TestTrain stored(TiledKernel k, String kind) {
        TileLayout l = k.layout();
        return new TestTrain() {
            public int testCount() { return l.rows(); }
            public int trainCount() { return l.cols(); }
            public int tile() { return l.tile(); }
            public double[] block(int bi, int bj) { return k.block(kind, bi, bj); }
        };
    }

    /** Mean predictions (M x c) for targets y (N x c). */
    public static DMatrixRMaj predict(BlockedCholesky factor, DMatrixRMaj y, TestTrain kst, Consumer<String> log) {
        return testTrainTimes(kst, factor.solve(y.data, y.numCols), y.numCols, log);
    }

    /** {@code K(Z, X) alpha} for N x c alpha, streamed one test-train tile at a time. */
    static DMatrixRMaj testTrainTimes(TestTrain kst, double[] alpha, int c, Consumer<String> log) {
        int n = kst.trainCount(), m = kst.testCount(), t = kst.tile();
        DMatrixRMaj mean = new DMatrixRMaj(m, c);
        Blas blas = Blas.get();
        int rb = (m + t - 1) / t, cb = (n + t - 1) / t;
        long start = System.nanoTime(), last = start;
        for (int bi = 0; bi < rb; bi++) {
            int rows = Math.min(t, m - bi * t);
            for (int bj = 0; bj < cb; bj++) {
                int cols = Math.min(t, n - bj * t);
                blas.gemm(false, false, rows, c, cols, 1.0, kst.block(bi, bj), 0, cols, alpha, bj * t * c, c, 1.0,
                        mean.data, bi * t * c, c);
                long now = System.nanoTime();
                if (now - last > 10_000_000_000L) {
                    last = now;
                    double f = (bi * cb + bj + 1.0) / (rb * cb), s = (now - start) / 1e9;
                    log.accept(String.format("test-train kernel: %.0f%% in %s, about %s left", 100 * f,
                            TiledKernelRun.duration(s), TiledKernelRun.duration(s * (1 - f) / f)));
                }
            }
        }
        return mean;
    }

    /** Largest Chebyshev degree (one pass over the kernel tiles each) before giving up. */
    static final int MAX_DEGREE = 2000;

    /**
     * Mean predictions at finite training time: {@code K(Z,X) phi(A) Y} with {@code A} the train
     * kernel plus {@code reg * mean(diag)} and {@code phi(l) = (1 - e^{-a l}) / l} (a at l = 0),
     * the gradient-flow mean of {@link tp.kernels.Predictor} with {@code a = lr t / (N k)}. Out of
     * core there is no eigendecomposition: phi is an entire function, expanded in Chebyshev
     * polynomials on [0, ||A||_1] (which holds the spectrum) to 1e-13 of its largest coefficient,
     * and applied by Clenshaw's recurrence with one streamed product A V per degree (one pass
     * over the stored tiles). The degree grows like sqrt(a ||A||_1): long times are expensive,
     * and past {@link #MAX_DEGREE} the caller is told to use time inf or the in-memory path.
     */
    public static DMatrixRMaj flowMean(TiledKernel k, String kind, double reg, double a, DMatrixRMaj y, TestTrain kst,
                                       Consumer<String> log) {
        TileLayout l = k.layout();
        int n = l.rows(), c = y.numCols, t = l.tile(), nb = l.rowBlocks();
        if (a == 0) return new DMatrixRMaj(kst.testCount(), c);
        double[] colSum = new double[n];
        double trace = 0;
        for (int i = 0; i < nb; i++) {
            for (int j = i; j < nb; j++) {
                double[] b = k.block(kind, i, j);
                int r = l.rowsOf(i), w = l.rowsOf(j);
                for (int p = 0; p < r; p++) {
                    for (int q = 0; q < w; q++) {
                        double v = Math.abs(b[p * w + q]);
                        colSum[j * t + q] += v;
                        if (i != j) colSum[i * t + p] += v;
                    }
                    if (i == j) trace += b[p * w + p];
                }
            }
        }
        double shift = reg == 0 ? 0 : reg * trace / n;
        double norm = 0;
        for (double v : colSum) norm = Math.max(norm, v + Math.abs(shift));
        double lmax = norm;
        double[] coef = chebyshev(x -> phi(a, lmax * (x + 1) / 2));
        int degree = coef.length - 1;
        if (degree >= MAX_DEGREE) {
            throw new tp.UserError(null, String.format("--time is too long for the out-of-core finite-time method (a Chebyshev"
                    + " degree above %d for a * ||kernel|| = %.3g); use --time inf, or the in-memory path without --kernel",
                    MAX_DEGREE, a * lmax));
        }
        log.accept("finite time: Chebyshev degree " + degree + " (one pass over the kernel tiles each)");
        // Clenshaw: b_j = c_j Y + 2 X b_{j+1} - b_{j+2}, X = 2 A / lmax - I; result = c_0 Y + X b_1 - b_2
        double[] b1 = new double[n * c], b2 = new double[n * c];
        long start = System.nanoTime(), last = start;
        for (int j = degree; j >= 1; j--) {
            double[] xb = applyX(k, kind, shift, lmax, b1, c);
            double[] b0 = new double[n * c];
            for (int q = 0; q < b0.length; q++) b0[q] = coef[j] * y.data[q] + 2 * xb[q] - b2[q];
            b2 = b1;
            b1 = b0;
            long now = System.nanoTime();
            if (now - last > 10_000_000_000L) {
                last = now;
                double f = (degree - j + 1.0) / degree, s = (now - start) / 1e9;
                log.accept(String.format("finite time: degree %d of %d, about %s left", degree - j + 1, degree,
                        TiledKernelRun.duration(s * (1 - f) / f)));
            }
        }
        double[] xb = applyX(k, kind, shift, lmax, b1, c);
        double[] w = new double[n * c];
        for (int q = 0; q < w.length; q++) w[q] = coef[0] * y.data[q] + xb[q] - b2[q];
        return testTrainTimes(kst, w, c, log);
    }

    /** {@code (2 (A + shift I) / lmax - I) V} with A streamed from its stored (upper) tiles. */
    private static double[] applyX(TiledKernel k, String kind, double shift, double lmax, double[] v, int c) {
        TileLayout l = k.layout();
        int t = l.tile(), nb = l.rowBlocks();
        double[] av = new double[v.length];
        Blas blas = Blas.get();
        for (int i = 0; i < nb; i++) {
            for (int j = i; j < nb; j++) {
                double[] b = k.block(kind, i, j);
                int r = l.rowsOf(i), w = l.rowsOf(j);
                blas.gemm(false, false, r, c, w, 1.0, b, 0, w, v, j * t * c, c, 1.0, av, i * t * c, c);
                if (i != j) blas.gemm(true, false, w, c, r, 1.0, b, 0, w, v, i * t * c, c, 1.0, av, j * t * c, c);
            }
        }
        double s = 2 / lmax;
        for (int q = 0; q < av.length; q++) av[q] = s * (av[q] + shift * v[q]) - v[q];
        return av;
    }

    static double phi(double a, double lambda) {
        double x = a * lambda;
        return x == 0 ? a : -Math.expm1(-x) / lambda;
    }

    /**
     * Chebyshev coefficients (c_0 already halved) of f on [-1, 1], from its values at 4096
     * Chebyshev points, cut where every later coefficient is below 1e-13 of the largest.
     */
    static double[] chebyshev(java.util.function.DoubleUnaryOperator f) {
        int m = 4096;
        double[] fx = new double[m];
        for (int q = 0; q < m; q++) fx[q] = f.applyAsDouble(Math.cos(Math.PI * (q + 0.5) / m));
        double[] coef = new double[m];
        double max = 0;
        for (int j = 0; j < m; j++) {
            double s = 0;
            // cos(pi j (q + 1/2) / m) from the exact residue of j (2q + 1) mod 4m: a large argument
            // would carry rounding errors of 1e-9 into the coefficients
            for (int q = 0; q < m; q++) s += fx[q] * Math.cos(Math.PI * (((long) j * (2 * q + 1)) % (4L * m)) / (2.0 * m));
            coef[j] = 2 * s / m;
            max = Math.max(max, Math.abs(coef[j]));
        }
        coef[0] /= 2;
        int d = m - 1;
        while (d > 0 && Math.abs(coef[d]) <= 1e-13 * max) d--; // above the sums' rounding noise (~1e-16 sqrt(m))
        return java.util.Arrays.copyOf(coef, d + 1);
    }
}
