package tp.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * Matrix products on EJML matrices, all routed through {@link Blas#get()}. Use these (or
 * {@link Blas} directly) instead of EJML's own {@code CommonOps_DDRM.mult*}, which are 5-10x
 * slower than OpenBLAS.
 *
 * <p>Output convention: when the output argument is {@code null} a new matrix of the right
 * shape is allocated; otherwise it must already have the right shape (it is never reshaped; a
 * wrong shape is an {@link IllegalArgumentException}). The output may be one of the inputs
 * (e.g. {@code mult(a, b, a)} for square b): inputs are read completely before it is written.
 * Every method returns the output.
 */
public final class Mat {
    private Mat() {}

    /** {@code C = A B}. */
    public static DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        return gemm(false, false, a, b, c);
    }

    /** {@code C = A^T B}. */
    public static DMatrixRMaj multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        return gemm(true, false, a, b, c);
    }

    /** {@code C = A B^T}. */
    public static DMatrixRMaj multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        return gemm(false, true, a, b, c);
    }

    /** {@code A A^T} (rows x rows), exactly symmetric, via syrk. */
    public static DMatrixRMaj gram(DMatrixRMaj a) {
        return gram(a, null);
    }

    /** {@code C = A A^T} (rows x rows), exactly symmetric, via syrk. */
    public static DMatrixRMaj gram(DMatrixRMaj a, DMatrixRMaj c) {
        return syrk(false, a, c);
    }

    /** {@code A^T A} (cols x cols), exactly symmetric, via syrk. */
    public static DMatrixRMaj gramT(DMatrixRMaj a) {
        return gramT(a, null);
    }

    /** {@code C = A^T A} (cols x cols), exactly symmetric, via syrk. */
    public static DMatrixRMaj gramT(DMatrixRMaj a, DMatrixRMaj c) {
        return syrk(true, a, c);
    }

    private static DMatrixRMaj gemm(boolean ta, boolean tb, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        int m = ta ? a.numCols : a.numRows, ka = ta ? a.numRows : a.numCols;
        int kb = tb ? b.numCols : b.numRows, n = tb ? b.numRows : b.numCols;
        if (ka != kb) {
            throw new IllegalArgumentException("cannot multiply " + shape(a) + (ta ? "^T" : "")
                    + " by " + shape(b) + (tb ? "^T" : ""));
        }
        c = output(c, m, n);
        Blas.get().gemm(ta, tb, m, n, ka, 1.0, a.data, 0, ld(a), b.data, 0, ld(b), 0.0, c.data, 0, ld(c));
        return c;
    }

    private static DMatrixRMaj syrk(boolean trans, DMatrixRMaj a, DMatrixRMaj c) {
        int n = trans ? a.numCols : a.numRows, k = trans ? a.numRows : a.numCols;
        c = output(c, n, n);
        Blas.get().syrk(trans, n, k, 1.0, a.data, 0, ld(a), 0.0, c.data, 0, ld(c));
        return c;
    }

    private static DMatrixRMaj output(DMatrixRMaj c, int rows, int cols) {
        if (c == null) return new DMatrixRMaj(rows, cols);
        if (c.numRows != rows || c.numCols != cols) {
            throw new IllegalArgumentException("output is " + shape(c) + ", the product is " + rows + "x" + cols);
        }
        return c;
    }

    private static int ld(DMatrixRMaj x) {
        return Math.max(1, x.numCols);
    }

    private static String shape(DMatrixRMaj x) {
        return x.numRows + "x" + x.numCols;
    }
}
