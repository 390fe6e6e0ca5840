package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * An expectation over six correlated Gaussians with no closed form (three positions through
 * one matrix, a product of tanh of each): with inputs of 6 features the covariance has rank 6,
 * past tensor quadrature, so the engine falls back to quasi-Monte Carlo and reports its
 * standard error; with 2 features it has rank 2 and tensor Gauss-Hermite takes it, with no
 * quasi-Monte Carlo. Both checked against plain Monte Carlo written here (Cholesky of the 6 x 6
 * covariance derived by hand: Cov(g_a(x), g_b(y)) = x_a . y_b / D).
 */
class QuasiMonteCarloTest {
    static String program(int d) {
        return String.join("\n", "input x0 : " + d, "input x1 : " + d, "input x2 : " + d, "MatIn A : n x " + d,
                "MatMul g1 := A x0", "MatMul g2 := A x1", "MatMul g3 := A x2",
                "Nonlin h := tanh(g1) * tanh(g2) * tanh(g3)", "MatIn V : 1 x n", "MatMul f := V h", "Output f", "");
    }

    @Test
    void sixCorrelatedGaussiansByQuasiMonteCarlo() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] x = new double[2][18];
        for (double[] row : x) for (int j = 0; j < 18; j++) row[j] = 1.2 * r.nextDouble() - 0.6 + (j % 3 == 0 ? 0.5 : 0);
        InfiniteWidth iw = new InfiniteWidth(Fixtures.parse(program(6)));
        DMatrixRMaj k = iw.nngp(new DMatrixRMaj(x), null);
        double reported = iw.lastErrorEstimate();
        assertTrue(iw.lastQuasiMonteCarloCount() > 0 && reported > 0 && reported < 1e-3, "QMC error " + reported);
        compare(x, 6, k, reported, 2_000_000);
    }

    @Test
    void sixCorrelatedGaussiansOfRankTwoByTensorQuadrature() {
        double[][] x = {{0.9, -0.4, 0.7, 1.1, -0.3, 0.5}, {0.2, 1.3, -0.8, 0.6, 1.0, -0.9}};
        InfiniteWidth iw = new InfiniteWidth(Fixtures.parse(program(2)));
        DMatrixRMaj k = iw.nngp(new DMatrixRMaj(x), null);
        assertTrue(iw.lastQuasiMonteCarloCount() == 0, "no quasi-Monte Carlo for rank 2");
        compare(x, 2, k, 0, 500_000);
    }

    private static void compare(double[][] x, int d, DMatrixRMaj k, double reported, int samples) {
        for (int i = 0; i < 2; i++) {
            for (int j = i; j < 2; j++) {
                double[] mc = monteCarlo(x[i], x[j], d, samples, 17 + i + j);
                double tol = 5 * Math.hypot(mc[1], reported);
                assertTrue(Math.abs(k.get(i, j) - mc[0]) < tol,
                        "(" + i + "," + j + "): engine " + k.get(i, j) + " vs Monte Carlo " + mc[0] + " +- " + mc[1]);
            }
        }
    }

    /** {mean, standard error} of tanh(g1 g2 g3 at x) tanh(... at y) by plain sampling. */
    static double[] monteCarlo(double[] x, double[] y, int d, int n, long seed) {
        double[][] c = new double[6][6];
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                double[] p = a < 3 ? x : y, q = b < 3 ? x : y;
                int i = a % 3, j = b % 3;
                for (int f = 0; f < d; f++) c[a][b] += p[d * i + f] * q[d * j + f] / d;
            }
        }
        double[][] l = cholesky(c);
        SplittableRandom r = new SplittableRandom(seed);
        double sum = 0, sq = 0;
        double[] e = new double[6], z = new double[6];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < 6; i++) e[i] = gaussian(r);
            for (int i = 0; i < 6; i++) {
                double v = 0;
                for (int j = 0; j <= i; j++) v += l[i][j] * e[j];
                z[i] = v;
            }
            double f = Math.tanh(z[0]) * Math.tanh(z[1]) * Math.tanh(z[2]) * Math.tanh(z[3]) * Math.tanh(z[4]) * Math.tanh(z[5]);
            sum += f;
            sq += f * f;
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt((sq / n - mean * mean) / n)};
    }

    /** Cholesky with zero pivots allowed (the covariance is singular when x = y). */
    static double[][] cholesky(double[][] c) {
        int n = c.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i][j];
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                if (i == j) l[i][i] = Math.sqrt(Math.max(s, 0));
                else l[i][j] = l[j][j] > 1e-12 ? s / l[j][j] : 0;
            }
        }
        return l;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
