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
        int n = factor.size(), c = y.numCols, m = kst.testCount(), t = kst.tile();
        double[] alpha = factor.solve(y.data, c);
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
}
