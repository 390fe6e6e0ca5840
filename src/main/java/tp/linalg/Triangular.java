package tp.linalg;

/**
 * Substitution with a lower-triangular n x n factor L (row-major, as a Cholesky factor is
 * stored) on an n x c right-hand side Y (row-major, overwritten). Row-oriented, so the inner
 * loop runs along contiguous rows of length c; zero entries of L are skipped.
 */
public final class Triangular {
    private Triangular() {}

    /** {@code Y <- L^{-1} Y}. */
    public static void forward(double[] l, int n, double[] y, int c) {
        for (int i = 0; i < n; i++) {
            int ri = i * c;
            for (int j = 0; j < i; j++) {
                double lij = l[i * n + j];
                if (lij == 0) continue;
                int rj = j * c;
                for (int q = 0; q < c; q++) y[ri + q] -= lij * y[rj + q];
            }
            double inv = 1.0 / l[i * n + i];
            for (int q = 0; q < c; q++) y[ri + q] *= inv;
        }
    }

    /** {@code Y <- L^{-T} Y}. */
    public static void backward(double[] l, int n, double[] y, int c) {
        for (int i = n - 1; i >= 0; i--) {
            int ri = i * c;
            for (int j = i + 1; j < n; j++) {
                double lji = l[j * n + i];
                if (lji == 0) continue;
                int rj = j * c;
                for (int q = 0; q < c; q++) y[ri + q] -= lji * y[rj + q];
            }
            double inv = 1.0 / l[i * n + i];
            for (int q = 0; q < c; q++) y[ri + q] *= inv;
        }
    }
}
