package tp.kernels;

import java.util.Locale;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import tp.UserError;

/**
 * Cholesky factor {@code A = L L^T} of a train kernel, refusing numerically singular kernels.
 *
 * <p>A kernel is refused when the factorization meets a non-positive pivot, or when the
 * reciprocal 1-norm condition number, estimated as LAPACK's {@code dpocon} does (Hager's
 * method with Higham's extra test vector, a few O(N^2) solves), is below {@link #MIN_RCOND}:
 * beyond that the solution is mostly rounding noise, and the user is told to add {@code --reg}.
 */
final class SpdFactor {
    /** Below this reciprocal condition number the kernel counts as singular. */
    static final double MIN_RCOND = 1e-12;

    private final int n;
    private final double[] l; // row-major lower triangle, N x N
    private final double rcond;

    private SpdFactor(int n, double[] l, double rcond) {
        this.n = n;
        this.l = l;
        this.rcond = rcond;
    }

    /**
     * Factors {@code a} (symmetric, finite entries, not modified).
     *
     * @throws UserError when {@code a} is numerically singular or not positive definite
     */
    static SpdFactor of(DMatrixRMaj a) {
        int n = a.numRows;
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        if (!chol.decompose(a.copy())) {
            throw singular(eigenRcond(a));
        }
        double[] l = chol.getT(null).data;
        for (int i = 0; i < n; i++) {
            double p = l[i * n + i];
            if (!(p > 0) || !Double.isFinite(p)) {
                throw singular(eigenRcond(a));
            }
        }
        SpdFactor f = new SpdFactor(n, l, Double.NaN);
        double rcond = f.estimateRcond(norm1(a));
        if (!(rcond >= MIN_RCOND)) {
            throw singular(rcond);
        }
        return new SpdFactor(n, l, rcond);
    }

    /** The estimated reciprocal 1-norm condition number (at least {@link #MIN_RCOND}). */
    double rcond() {
        return rcond;
    }

    /** {@code A^{-1} B} for an N x c matrix B (B unchanged). */
    DMatrixRMaj solve(DMatrixRMaj b) {
        DMatrixRMaj x = forward(b);
        backward(x);
        return x;
    }

    /**
     * {@code L^{-1} B} for an N x c matrix B (B unchanged). Row-oriented so the inner loop runs
     * along contiguous rows of length c.
     */
    DMatrixRMaj forward(DMatrixRMaj b) {
        checkRows(b);
        int c = b.numCols;
        DMatrixRMaj x = b.copy();
        tp.linalg.Triangular.forward(l, n, x.data, c);
        return x;
    }

    /** Overwrites X with {@code L^{-T} X}. */
    private void backward(DMatrixRMaj x) {
        tp.linalg.Triangular.backward(l, n, x.data, x.numCols);
    }

    private double[] solveVector(double[] b) {
        return solve(DMatrixRMaj.wrap(n, 1, b.clone())).data;
    }

    /** Hager/Higham estimate of 1/(||A||_1 ||A^{-1}||_1); A is symmetric so A^{-T} = A^{-1}. */
    private double estimateRcond(double normA) {
        if (normA == 0) return 0;
        double[] x = new double[n];
        java.util.Arrays.fill(x, 1.0 / n);
        double est = 0;
        for (int iter = 0; iter < 5; iter++) {
            double[] y = solveVector(x);
            double e = norm1(y);
            if (!Double.isFinite(e)) return 0;
            if (iter > 0 && e <= est) break;
            est = e;
            double[] s = new double[n];
            for (int i = 0; i < n; i++) s[i] = y[i] >= 0 ? 1 : -1;
            double[] z = solveVector(s);
            int jmax = 0;
            double dot = 0;
            for (int i = 0; i < n; i++) {
                if (Math.abs(z[i]) > Math.abs(z[jmax])) jmax = i;
                dot += z[i] * x[i];
            }
            if (iter > 0 && Math.abs(z[jmax]) <= dot) break;
            java.util.Arrays.fill(x, 0);
            x[jmax] = 1;
        }
        // Higham's alternating vector catches matrices that fool the iteration above.
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = (i % 2 == 0 ? 1 : -1) * (1 + (n == 1 ? 0 : (double) i / (n - 1)));
        }
        double alt = 2 * norm1(solveVector(b)) / (3.0 * n);
        if (!Double.isFinite(alt)) return 0;
        est = Math.max(est, alt);
        return 1.0 / (normA * est);
    }

    private void checkRows(DMatrixRMaj b) {
        if (b.numRows != n) {
            throw new IllegalArgumentException("right-hand side has " + b.numRows + " rows, expected " + n);
        }
    }

    private static double norm1(double[] v) {
        double s = 0;
        for (double d : v) s += Math.abs(d);
        return s;
    }

    /** Largest absolute column sum. */
    static double norm1(DMatrixRMaj a) {
        double best = 0;
        for (int j = 0; j < a.numCols; j++) {
            double s = 0;
            for (int i = 0; i < a.numRows; i++) s += Math.abs(a.get(i, j));
            best = Math.max(best, s);
        }
        return best;
    }

    /**
     * For the message only, when the factorization itself failed: smallest over largest
     * eigenvalue, 0 when the smallest is not positive.
     */
    private static double eigenRcond(DMatrixRMaj a) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(a.numRows, false, true);
        if (!eig.decompose(a.copy())) return 0;
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (int i = 0; i < a.numRows; i++) {
            double v = eig.getEigenvalue(i).real;
            min = Math.min(min, v);
            max = Math.max(max, Math.abs(v));
        }
        return min > 0 && max > 0 ? min / max : 0;
    }

    static UserError singular(double rcond) {
        return new UserError(null, String.format(Locale.ROOT,
                "the train kernel is singular (rcond ~ %.1e): duplicate or linearly dependent train points?"
                        + " add --reg R, e.g. --reg 1e-6", rcond));
    }
}
