package tp.finite;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import tp.linalg.Blas;

/**
 * The matrix products the executor needs, all through {@link Blas#get()} (native OpenBLAS when
 * it loads, EJML otherwise). Every method writes into {@code c}, which must already have the
 * result's shape.
 */
final class Products {
    private Products() {}

    /** Below this many multiply-adds a plain single-threaded Java product beats a native call. */
    private static final long SMALL = 1L << 16;

    /** c = alpha * a * b. */
    static void mult(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        gemm(false, false, alpha, a, b, 0, c);
    }

    /** c = alpha * a^T * b. */
    static void multTransA(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        gemm(true, false, alpha, a, b, 0, c);
    }

    /** c += alpha * a * b. */
    static void multAdd(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        gemm(false, false, alpha, a, b, 1, c);
    }

    /** c += alpha * a^T * b. */
    static void multAddTransA(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        gemm(true, false, alpha, a, b, 1, c);
    }

    /** c += alpha * a * b^T. */
    static void multAddTransB(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        gemm(false, true, alpha, a, b, 1, c);
    }

    /** a^T * b, a fresh matrix; when {@code a == b} a symmetric rank-k update (half the work); exactly symmetric. */
    static DMatrixRMaj inner(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numCols, b.numCols);
        if (a == b && (long) a.numCols * a.numCols * a.numRows >= SMALL) {
            Blas.get().syrk(true, a.numCols, a.numRows, 1.0, a.data, 0, ld(a), 0.0, c.data, 0, ld(c));
        } else {
            multTransA(1, a, b, c);
            if (a == b) symmetrize(c);
        }
        return c;
    }

    private static void gemm(boolean ta, boolean tb, double alpha, DMatrixRMaj a, DMatrixRMaj b, double beta, DMatrixRMaj c) {
        int m = ta ? a.numCols : a.numRows, k = ta ? a.numRows : a.numCols;
        int n = tb ? b.numRows : b.numCols;
        if ((tb ? b.numCols : b.numRows) != k || c.numRows != m || c.numCols != n) {
            throw new IllegalArgumentException("product shapes disagree");
        }
        if ((long) m * n * k < SMALL) {
            small(ta, tb, alpha, a, b, beta, c);
            return;
        }
        if (!tb && n <= ThinProducts.MAX_COLS) {
            if (ta) ThinProducts.multTransA(alpha, a, b, beta, c);
            else ThinProducts.mult(alpha, a, b, beta, c);
            return;
        }
        Blas.get().gemm(ta, tb, m, n, k, alpha, a.data, 0, ld(a), b.data, 0, ld(b), beta, c.data, 0, ld(c));
    }

    private static void small(boolean ta, boolean tb, double alpha, DMatrixRMaj a, DMatrixRMaj b, double beta, DMatrixRMaj c) {
        if (beta == 0) {
            if (ta && tb) CommonOps_DDRM.multTransAB(alpha, a, b, c);
            else if (ta) CommonOps_DDRM.multTransA(alpha, a, b, c);
            else if (tb) CommonOps_DDRM.multTransB(alpha, a, b, c);
            else CommonOps_DDRM.mult(alpha, a, b, c);
        } else {
            if (ta && tb) CommonOps_DDRM.multAddTransAB(alpha, a, b, c);
            else if (ta) CommonOps_DDRM.multAddTransA(alpha, a, b, c);
            else if (tb) CommonOps_DDRM.multAddTransB(alpha, a, b, c);
            else CommonOps_DDRM.multAdd(alpha, a, b, c);
        }
    }

    private static int ld(DMatrixRMaj x) {
        return Math.max(1, x.numCols);
    }

    /** Replaces c by (c + c^T) / 2 (c square). */
    static void symmetrize(DMatrixRMaj c) {
        int n = c.numRows;
        double[] d = c.data;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double m = 0.5 * (d[i * n + j] + d[j * n + i]);
                d[i * n + j] = m;
                d[j * n + i] = m;
            }
        }
    }
}
