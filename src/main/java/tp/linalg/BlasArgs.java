package tp.linalg;

import java.util.Arrays;

/**
 * Argument checks and the small O(size) pieces both {@link Blas} implementations share. The
 * checks matter most for the native side: a wrong leading dimension there would be a crash of
 * the JVM, not an exception.
 */
final class BlasArgs {
    private BlasArgs() {}

    static void checkGemm(boolean transA, boolean transB, int m, int n, int k,
                          double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative dimension m=" + m + " n=" + n + " k=" + k);
        }
        checkOperand("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkOperand("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkOperand("C", c, cOff, ldc, m, n);
    }

    static void checkSyrk(boolean trans, int n, int k, double[] a, int aOff, int lda,
                          double[] c, int cOff, int ldc) {
        if (n < 0 || k < 0) throw new IllegalArgumentException("syrk: negative dimension n=" + n + " k=" + k);
        checkOperand("A", a, aOff, lda, trans ? k : n, trans ? n : k);
        checkOperand("C", c, cOff, ldc, n, n);
    }

    /** A stored {@code rows x cols} operand must lie inside its array. */
    static void checkOperand(String name, double[] x, int off, int ld, int rows, int cols) {
        if (x == null) throw new IllegalArgumentException(name + " is null");
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(name + ": leading dimension " + ld + " < max(1, " + cols + " columns)");
        }
        if (off < 0) throw new IllegalArgumentException(name + ": negative offset " + off);
        if (rows == 0 || cols == 0) return;
        long end = off + span(rows, cols, ld);
        if (end > x.length) {
            throw new IllegalArgumentException(name + ": " + rows + "x" + cols + " at offset " + off
                    + " with leading dimension " + ld + " needs " + end + " elements, array has " + x.length);
        }
    }

    /** Elements from the first to the last element of a stored matrix, gaps included. */
    static long span(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }

    /** {@code C = beta C} on an {@code m x n} block; beta 0 writes zeros without reading. */
    static void scale(double[] c, int off, int ld, int m, int n, double beta) {
        if (beta == 1) return;
        for (int i = 0; i < m; i++) {
            int row = off + i * ld;
            if (beta == 0) {
                Arrays.fill(c, row, row + n, 0.0);
            } else {
                for (int j = row; j < row + n; j++) c[j] *= beta;
            }
        }
    }

    /** syrk's degenerate case (k == 0 or alpha == 0): {@code C = beta C} read from the upper triangle. */
    static void scaleSymmetric(double[] c, int off, int ld, int n, double beta) {
        for (int i = 0; i < n; i++) {
            int row = off + i * ld;
            for (int j = row + i; j < row + n; j++) c[j] = beta == 0 ? 0.0 : beta * c[j];
        }
        mirrorUpper(c, off, ld, n);
    }

    private static final int MIRROR_BLOCK = 64;

    /**
     * Copies the strictly upper triangle onto the lower one. Tiled, because the naive loop
     * walks the destination by columns: for n = 4000 that is 8 million cache misses.
     */
    static void mirrorUpper(double[] c, int off, int ld, int n) {
        for (int i0 = 0; i0 < n; i0 += MIRROR_BLOCK) {
            int i1 = Math.min(n, i0 + MIRROR_BLOCK);
            for (int j0 = 0; j0 <= i0; j0 += MIRROR_BLOCK) {
                int j1 = Math.min(n, j0 + MIRROR_BLOCK);
                // tile rows i in [i0, i1), columns j in [j0, j1), lower part j < i
                for (int j = j0; j < j1; j++) {
                    int src = off + j * ld;
                    for (int i = Math.max(i0, j + 1); i < i1; i++) {
                        c[off + i * ld + j] = c[src + i];
                    }
                }
            }
        }
    }
}
