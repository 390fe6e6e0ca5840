package tp.infinite.gauss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link QuasiMonteCarlo} in dimension 8 on integrands with exact expectations (characteristic
 * function, Isserlis), checking that the error is within a few standard errors, that the
 * standard error is small (the quasi-random points are doing their job), and reproducibility.
 */
class QuasiMonteCarloTest {
    static final int K = 8;

    static double[][] cov() {
        double[][] c = new double[K][K];
        for (int i = 0; i < K; i++) {
            for (int j = 0; j < K; j++) {
                c[i][j] = 0.6 * Math.pow(0.5, Math.abs(i - j)) + (i == j ? 0.2 * i / K : 0);
            }
        }
        return c;
    }

    static double[] mean() {
        double[] m = new double[K];
        for (int i = 0; i < K; i++) {
            m[i] = 0.1 * i - 0.3;
        }
        return m;
    }

    @Test
    void cosineOfASumMatchesTheCharacteristicFunction() {
        double[] m = mean();
        double[][] c = cov();
        for (double[] row : c) { // Var(sum z) ~ 1.5: an oscillation QMC can resolve
            for (int j = 0; j < K; j++) {
                row[j] *= 0.1;
            }
        }
        double[] ones = new double[K];
        java.util.Arrays.fill(ones, 1);
        double exact = ExpTrigKernels.complexExp(new double[K], ones, m, c)[0]; // E[cos(sum z)]
        // check the closed form itself by hand: cos(sum m) exp(-1^T C 1 / 2)
        double sm = 0, v = 0;
        for (int i = 0; i < K; i++) {
            sm += m[i];
            for (int j = 0; j < K; j++) {
                v += c[i][j];
            }
        }
        assertEquals(Math.cos(sm) * Math.exp(-v / 2), exact, 1e-15);
        QuasiMonteCarlo qmc = new QuasiMonteCarlo(K, 4096, 16, 42);
        Estimate e = qmc.expect(z -> {
            double s = 0;
            for (double x : z) {
                s += x;
            }
            return Math.cos(s);
        }, m, c);
        assertTrue(Math.abs(e.value() - exact) <= 5 * e.stdError() + 1e-12, e + " vs " + exact);
        // plain Monte Carlo with the same 65536 points would have a standard error near 2e-3
        assertTrue(e.stdError() < 1e-3, "standard error " + e.stdError());
    }

    @Test
    void productMomentMatchesIsserlis() {
        double[] m = mean();
        double[][] c = cov();
        int[] powers = {1, 0, 2, 1, 0, 1, 0, 1};
        double exact = Isserlis.moment(powers, m, c);
        QuasiMonteCarlo qmc = new QuasiMonteCarlo(K, 8192, 16, 7);
        GaussianIntegrand f = z -> z[0] * z[2] * z[2] * z[3] * z[5] * z[7];
        Estimate e = qmc.expect(f, m, c);
        assertTrue(Math.abs(e.value() - exact) <= 5 * e.stdError(), e + " vs " + exact);
        assertTrue(e.stdError() < 1e-2, "standard error " + e.stdError());
        // same seed, same numbers; another seed, other numbers
        assertEquals(e, new QuasiMonteCarlo(K, 8192, 16, 7).expect(f, m, c));
        assertTrue(e.value() != new QuasiMonteCarlo(K, 8192, 16, 8).expect(f, m, c).value());
    }

    @Test
    void singularCovarianceAndZeroCovariance() {
        // all coordinates equal: E[prod tanh(z_i)] = E[tanh(u)^8], u ~ N(0.2, 1)
        double[][] c = new double[K][K];
        for (double[] row : c) {
            java.util.Arrays.fill(row, 1);
        }
        double[] m = new double[K];
        java.util.Arrays.fill(m, 0.2);
        double exact = Reference.expect(z -> Math.pow(Math.tanh(z[0]), 8), new double[] {0.2}, new double[][] {{1}}, 300, 10);
        Estimate e = new QuasiMonteCarlo(K, 4096, 16, 1).expect(z -> {
            double p = 1;
            for (double x : z) {
                p *= Math.tanh(x);
            }
            return p;
        }, m, c);
        assertTrue(Math.abs(e.value() - exact) <= 5 * e.stdError() + 1e-12, e + " vs " + exact);
        assertTrue(e.stdError() < 1e-4);
        Estimate zero = new QuasiMonteCarlo(K, 16, 2, 1).expect(z -> z[3] * z[3], m, new double[K][K]);
        assertEquals(new Estimate(0.04000000000000001, 0), zero);
    }

    @Test
    void inverseNormalTails() {
        // mpmath: Phi^{-1}(1e-300) = -37.047096299361199237, Phi^{-1}(0.95) = 1.6448536269514722843
        assertEquals(-37.047096299361199237, QuasiMonteCarlo.inverseNormal(1e-300), 1e-13);
        assertEquals(0.0, QuasiMonteCarlo.inverseNormal(0.5));
        assertEquals(1.6448536269514722843, QuasiMonteCarlo.inverseNormal(0.95), 1e-14);
    }
}
