package tp.infinite.gauss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link GaussHermiteRule}, {@link GaussianFactor} and {@link GaussHermite}: exactness on
 * polynomials (against {@link Isserlis} and double factorials), smooth integrands against a
 * brute-force Gauss-Legendre reference, singular covariances against their lower-dimensional
 * equivalents.
 */
class GaussHermiteTest {
    @Test
    void smallRulesAreKnown() {
        GaussHermiteRule r2 = GaussHermiteRule.of(2);
        assertEquals(-1.0, r2.node(0), 1e-15);
        assertEquals(0.5, r2.weight(1), 1e-15);
        GaussHermiteRule r3 = GaussHermiteRule.of(3);
        assertEquals(Math.sqrt(3), r3.node(2), 1e-15);
        assertEquals(0.0, r3.node(1));
        assertEquals(2.0 / 3, r3.weight(1), 1e-15);
        assertEquals(1.0 / 6, r3.weight(0), 1e-15);
    }

    @Test
    void rulesIntegratePolynomialsExactlyUpToHighDegree() {
        for (int n : new int[] {1, 5, 10, 24, 40, 64, 100, 150, 400}) {
            GaussHermiteRule r = GaussHermiteRule.of(n);
            double sumW = 0;
            for (int i = 0; i < n; i++) {
                sumW += r.weight(i);
            }
            assertEquals(1.0, sumW, 1e-14, "n=" + n);
            // even moments (2j-1)!! up to degree min(2n - 1, 40): relative precision
            for (int deg = 2; deg <= Math.min(2 * n - 1, 40); deg += 2) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += r.weight(i) * Math.pow(r.node(i), deg);
                }
                double ref = IsserlisTest.standardMoment(deg);
                assertEquals(ref, s, 1e-13 * ref, "n=" + n + " degree " + deg);
            }
            // E[cos(2 Z)] = exp(-2): needs the high-degree rules to be right to the last digit
            if (n >= 40) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += r.weight(i) * Math.cos(2 * r.node(i));
                }
                assertEquals(Math.exp(-2), s, 1e-15, "n=" + n);
            }
        }
    }

    @Test
    void factorReproducesTheCovariance() {
        double[][][] covs = {IsserlisTest.COV3, {{1, 1}, {1, 1}}, {{0, 0}, {0, 2}},
            rankTwo(), {{1, 1 + 1e-16}, {1 + 1e-16, 1}}, {{4}}};
        for (double[][] cov : covs) {
            GaussianFactor f = GaussianFactor.of(cov);
            for (int i = 0; i < cov.length; i++) {
                for (int j = 0; j < cov.length; j++) {
                    double s = 0;
                    for (int p = 0; p < f.rank(); p++) {
                        s += f.get(i, p) * f.get(j, p);
                    }
                    assertEquals(cov[i][j], s, 1e-14);
                }
            }
        }
        assertEquals(1, GaussianFactor.of(new double[][] {{1, 1}, {1, 1}}).rank());
        assertEquals(2, GaussianFactor.of(rankTwo()).rank());
        assertEquals(0, GaussianFactor.of(new double[][] {{0, 0}, {0, 0}}).rank());
    }

    /** a a^T + b b^T in dimension 4, entries rounded: PSD of rank 2 only up to rounding. */
    static double[][] rankTwo() {
        double[] a = {0.3, -1.1, 0.7, 0.2}, b = {1.3, 0.1, -0.4, 0.9};
        double[][] c = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                c[i][j] = a[i] * a[j] + b[i] * b[j];
            }
        }
        return c;
    }

    static final double[][] COV4 = {
        {1.0, 0.3, -0.2, 0.1}, {0.3, 0.8, 0.25, -0.15}, {-0.2, 0.25, 1.5, 0.4}, {0.1, -0.15, 0.4, 0.6}};
    static final double[] MEAN4 = {0.2, -0.5, 0.1, 0.7};

    @Test
    void polynomialsMatchIsserlisInEveryDimension() {
        GaussHermite gh = new GaussHermite();
        int[][] powers = {{3}, {2, 4}, {1, 3, 2}, {2, 1, 3, 2}, {4, 4, 4, 4}};
        for (int[] p : powers) {
            int k = p.length;
            double[] mean = java.util.Arrays.copyOf(MEAN4, k);
            double[][] cov = new double[k][];
            for (int i = 0; i < k; i++) {
                cov[i] = java.util.Arrays.copyOf(COV4[i], k);
            }
            double ref = Isserlis.moment(p, mean, cov);
            GaussianIntegrand f = z -> {
                double s = 1;
                for (int i = 0; i < p.length; i++) {
                    s *= Math.pow(z[i], p[i]);
                }
                return s;
            };
            // 9 points are exact for degree 17 in each variable
            assertEquals(ref, gh.expect(f, mean, cov, 9), 1e-12 * Math.abs(ref), java.util.Arrays.toString(p));
            assertEquals(ref, gh.expect(f, mean, cov, 1e-13), 1e-12 * Math.abs(ref));
        }
    }

    @Test
    void tanhAgainstBruteForce() {
        GaussHermite gh = new GaussHermite();
        // one dimension
        double ref1 = Reference.expect(z -> Math.tanh(z[0]) * Math.tanh(z[0]), new double[] {0.3},
                new double[][] {{2.0}}, 400, 14);
        assertEquals(ref1, gh.expect(z -> Math.tanh(z[0]) * Math.tanh(z[0]), new double[] {0.3},
                new double[][] {{2.0}}, 1e-13), 1e-12 * ref1);
        // two dimensions, including nearly and exactly singular covariances
        double[][] cases = {{0.3, -0.4, 1.0, 0.5, 2.0}, {0, 0, 3, 2.9999, 3}, {0.5, 0.5, 2, 2, 2}, {1, -1, 1, -1, 1}};
        for (double[] c : cases) {
            double ref = Reference.expect2((u, v) -> Math.tanh(u) * Math.tanh(v), c[0], c[1], c[2], c[3], c[4]);
            double got = gh.expect(z -> Math.tanh(z[0]) * Math.tanh(z[1]), new double[] {c[0], c[1]},
                    new double[][] {{c[2], c[3]}, {c[3], c[4]}}, 1e-13);
            assertEquals(ref, got, 1e-12 * Math.abs(ref), java.util.Arrays.toString(c));
            // the estimate (difference of the last two rules) bounds the error of the coarser one
            assertTrue(gh.lastError() <= 1e-10, "error estimate " + gh.lastError());
            assertTrue(Math.abs(got - ref) <= gh.lastError() + 1e-15);
        }
    }

    @Test
    void singularCovarianceCollapsesToFewerDimensions() {
        // z = (a, b) . xi with xi ~ N(0, I_2): 4-d integrand of rank 2 equals a 2-d integral
        GaussHermite gh = new GaussHermite();
        double[][] cov = rankTwo();
        double[] mean = {0.1, 0.2, -0.3, 0.4};
        GaussianIntegrand f = z -> Math.tanh(z[0]) * Math.sin(z[1]) + Math.exp(-z[2] * z[2]) * z[3];
        double[] a = {0.3, -1.1, 0.7, 0.2}, b = {1.3, 0.1, -0.4, 0.9};
        double ref = Reference.expect(x -> {
            double[] z = new double[4];
            for (int i = 0; i < 4; i++) {
                z[i] = mean[i] + a[i] * x[0] + b[i] * x[1];
            }
            return f.value(z);
        }, new double[2], new double[][] {{1, 0}, {0, 1}}, 160, 13);
        assertEquals(ref, gh.expect(f, mean, cov, 1e-13), 1e-12 * Math.abs(ref));
    }

    @Test
    void zeroCovarianceIsTheValueAtTheMean() {
        GaussHermite gh = new GaussHermite();
        assertEquals(Math.tanh(0.5) * Math.tanh(-1),
                gh.expect(z -> Math.tanh(z[0]) * Math.tanh(z[1]), new double[] {0.5, -1}, new double[2][2], 1e-12));
    }
}
