package tp.tiled;

import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import tp.linalg.Blas;

/**
 * In-memory pieces of the blocked Cholesky, on row-major {@code double[]} tiles: the lower
 * factor of a tile in blocks of {@link #B} (unblocked Cholesky and explicit inverse of each
 * B x B diagonal block in Java, everything else matrix products through {@link Blas}), and the
 * triangular solves that use it. Inverting only B x B blocks keeps the solves close to
 * substitution in accuracy while the O(n^3) work runs in gemm.
 */
final class DenseCholesky {
    static final int B = 256;

    /** The lower factor (in place; the strict upper part is zeroed) and the inverses of its diagonal blocks. */
    final double[] l;
    final int n;
    final double[][] invDiag;

    private DenseCholesky(double[] l, int n, double[][] invDiag) {
        this.l = l;
        this.n = n;
        this.invDiag = invDiag;
    }

    /** Factors the symmetric n x n {@code a} in place; null when a pivot is not positive (not positive definite). */
    static DenseCholesky factor(double[] a, int n) {
        Blas blas = Blas.get();
        int nb = (n + B - 1) / B;
        double[][] inv = new double[nb][];
        for (int kb = 0; kb < nb; kb++) {
            int k0 = kb * B, kw = Math.min(B, n - k0);
            double[] d = new double[kw * kw];
            for (int i = 0; i < kw; i++) System.arraycopy(a, (k0 + i) * n + k0, d, i * kw, kw);
            if (!unblocked(d, kw)) return null;
            for (int i = 0; i < kw; i++) java.util.Arrays.fill(d, i * kw + i + 1, (i + 1) * kw, 0.0); // the inverse and gemm read all of d
            for (int i = 0; i < kw; i++) System.arraycopy(d, i * kw, a, (k0 + i) * n + k0, kw);
            double[] di = d.clone();
            TriangularSolver_DDRM.invertLower(di, kw);
            inv[kb] = di;
            int below = n - k0 - kw;
            if (below == 0) continue;
            // panel below: A[below, k] <- A[below, k] inv(L_kk)^T
            double[] p = new double[below * kw];
            blas.gemm(false, true, below, kw, kw, 1.0, a, (k0 + kw) * n + k0, n, di, 0, kw, 0.0, p, 0, kw);
            for (int i = 0; i < below; i++) System.arraycopy(p, i * kw, a, (k0 + kw + i) * n + k0, kw);
            // trailing update of the lower part, one block row at a time: A[i, k0+kw..i] -= P_i P^T
            for (int ib = kb + 1; ib < nb; ib++) {
                int i0 = ib * B, iw = Math.min(B, n - i0);
                int cols = i0 + iw - (k0 + kw);
                blas.gemm(false, true, iw, cols, kw, -1.0, p, (i0 - k0 - kw) * kw, kw, p, 0, kw, 1.0, a,
                        i0 * n + k0 + kw, n);
            }
        }
        for (int i = 0; i < n; i++) java.util.Arrays.fill(a, i * n + i + 1, (i + 1) * n, 0.0);
        return new DenseCholesky(a, n, inv);
    }

    /** Unblocked lower Cholesky of a small m x m block in place; false on a non-positive pivot. */
    private static boolean unblocked(double[] d, int m) {
        for (int j = 0; j < m; j++) {
            double s = d[j * m + j];
            for (int k = 0; k < j; k++) s -= d[j * m + k] * d[j * m + k];
            if (!(s > 0) || !Double.isFinite(s)) return false;
            double ljj = Math.sqrt(s);
            d[j * m + j] = ljj;
            for (int i = j + 1; i < m; i++) {
                double t = d[i * m + j];
                for (int k = 0; k < j; k++) t -= d[i * m + k] * d[j * m + k];
                d[i * m + j] = t / ljj;
            }
        }
        return true;
    }

    /** {@code X = P L^{-T}} in place for a rows x n matrix P (the panel below a diagonal tile). */
    void rightSolveTransposed(double[] p, int rows) {
        Blas blas = Blas.get();
        int nb = invDiag.length;
        double[] tmp = new double[rows * B];
        for (int kb = 0; kb < nb; kb++) {
            int k0 = kb * B, kw = Math.min(B, n - k0);
            // P[:, k] -= X[:, <k] L[k, <k]^T
            if (k0 > 0) blas.gemm(false, true, rows, kw, k0, -1.0, p, 0, n, l, k0 * n, n, 1.0, p, k0, n);
            // X[:, k] = P[:, k] inv(L_kk)^T
            blas.gemm(false, true, rows, kw, kw, 1.0, p, k0, n, invDiag[kb], 0, kw, 0.0, tmp, 0, kw);
            for (int i = 0; i < rows; i++) System.arraycopy(tmp, i * kw, p, i * n + k0, kw);
        }
    }

    /** {@code Y <- L^{-1} Y} for n x c Y (row-major), by substitution. */
    void forward(double[] y, int c) {
        tp.linalg.Triangular.forward(l, n, y, c);
    }

    /** {@code Y <- L^{-T} Y} for n x c Y. */
    void backward(double[] y, int c) {
        tp.linalg.Triangular.backward(l, n, y, c);
    }
}
