package tp.linalg;

/**
 * The part of the {@link Blas} contract both implementations share, written once: argument
 * checks before any work, the degenerate cases (empty C; {@code k == 0} or {@code alpha == 0},
 * where A and B are not read), and syrk's lower triangle mirrored from the upper one. A
 * subclass supplies only the product itself.
 */
abstract class CheckedBlas implements Blas {

    @Override
    public final void gemm(boolean transA, boolean transB, int m, int n, int k,
                           double alpha, double[] a, int aOff, int lda,
                           double[] b, int bOff, int ldb,
                           double beta, double[] c, int cOff, int ldc) {
        BlasArgs.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0) {
            BlasArgs.scale(c, cOff, ldc, m, n, beta);
            return;
        }
        product(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public final void syrk(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda,
                           double beta, double[] c, int cOff, int ldc) {
        BlasArgs.checkSyrk(trans, n, k, a, aOff, lda, c, cOff, ldc);
        if (n == 0) return;
        if (k == 0 || alpha == 0) {
            BlasArgs.scaleSymmetric(c, cOff, ldc, n, beta);
            return;
        }
        upperProduct(trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
        BlasArgs.mirrorUpper(c, cOff, ldc, n);
    }

    /** {@link #gemm} on checked arguments with m, n, k &gt; 0 and alpha != 0. */
    abstract void product(boolean transA, boolean transB, int m, int n, int k,
                          double alpha, double[] a, int aOff, int lda,
                          double[] b, int bOff, int ldb,
                          double beta, double[] c, int cOff, int ldc);

    /**
     * {@link #syrk} on checked arguments with n, k &gt; 0 and alpha != 0: writes at least the
     * upper triangle (diagonal included) of C; the lower one is overwritten afterwards.
     */
    abstract void upperProduct(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda,
                               double beta, double[] c, int cOff, int ldc);
}
