package tp.infinite.gauss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SparseGrid} in 3 to 12 dimensions against expectations known in closed form, computed
 * here independently of the grid: the characteristic function (products of cosines), Gaussian
 * moments by hand, and products of erf of pairs made independent by construction (the arcsine
 * law). Also: the reported error bounds the true error, permuting the Gaussians changes nothing
 * beyond rounding, and a singular covariance (a repeated data point) is handled.
 */
class SparseGridTest {
    /** A full-rank covariance with correlations of both signs, scaled to marginal variance ~ scale. */
    static double[][] cov(int d, long seed, double scale) {
        Random r = new Random(seed);
        double[][] m = new double[d][d];
        for (double[] row : m) for (int j = 0; j < d; j++) row[j] = r.nextGaussian();
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += m[i][k] * m[j][k];
                c[i][j] = scale * (s / d + (i == j ? 0.3 : 0));
            }
        }
        return c;
    }

    static double[] mean(int d, long seed) {
        Random r = new Random(seed + 1);
        double[] m = new double[d];
        for (int i = 0; i < d; i++) m[i] = 0.3 * r.nextGaussian();
        return m;
    }

    /** E[prod cos(a_i z_i)] = 2^-d sum over signs s of cos(t.mean) exp(-t' C t / 2), t = s a. */
    static double cosProduct(double[] a, double[] mu, double[][] c) {
        int d = a.length;
        double sum = 0;
        double[] t = new double[d];
        for (int s = 0; s < 1 << d; s++) {
            for (int i = 0; i < d; i++) t[i] = ((s >> i) & 1) == 0 ? a[i] : -a[i];
            double tm = 0, q = 0;
            for (int i = 0; i < d; i++) {
                tm += t[i] * mu[i];
                for (int j = 0; j < d; j++) q += t[i] * c[i][j] * t[j];
            }
            sum += Math.cos(tm) * Math.exp(-q / 2);
        }
        return sum / (1 << d);
    }

    @Test
    void cosineProductsMatchTheCharacteristicFunctionIn5To12Dimensions() {
        SparseGrid g = new SparseGrid();
        for (int d : new int[] {5, 8, 12}) {
            double[][] c = cov(d, d, 0.5);
            double[] mu = mean(d, d);
            double[] a = new double[d];
            for (int i = 0; i < d; i++) a[i] = 0.5 + 0.05 * i;
            double exact = cosProduct(a, mu, c);
            double v = g.expect(z -> {
                double p = 1;
                for (int i = 0; i < z.length; i++) p *= Math.cos(a[i] * z[i]);
                return p;
            }, mu, c, 1e-9);
            assertTrue(g.lastConverged(), "d = " + d);
            assertEquals(exact, v, 1e-8 * Math.max(1e-3, Math.abs(exact)) + 3 * g.lastError(), "d = " + d);
            assertEquals(exact, v, 1e-7, "d = " + d);
        }
    }

    @Test
    void polynomialsAreExactAtTheLevelTheCombinationPromises() {
        int d = 7;
        double[][] c = cov(d, 7, 1);
        double[] mu = mean(d, 7);
        SparseGrid g = new SparseGrid();
        // E[(sum (z_i - mu_i))^4] = 3 (1' C 1)^2: in the whitened coordinates degree 4, sum ceil((a_i + 3) / 4) - d at most 2: exact from level 3
        double v1 = 0;
        for (double[] row : c) for (double x : row) v1 += x;
        double quartic = g.expect(z -> {
            double s = 0;
            for (int i = 0; i < d; i++) s += z[i] - mu[i];
            return s * s * s * s;
        }, mu, c, 3);
        assertEquals(3 * v1 * v1, quartic, 1e-12 * v1 * v1);
        // E[z' A z] = tr(A C) + mu' A mu, already exact at level 2 (degree 2 in pairs)
        double[][] a = cov(d, 99, 1);
        double exact = 0;
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) exact += a[i][j] * (c[j][i] + mu[i] * mu[j]);
        double quad = g.expect(z -> {
            double s = 0;
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) s += z[i] * a[i][j] * z[j];
            return s;
        }, mu, c, 2);
        assertEquals(exact, quad, 1e-12 * Math.abs(exact));
    }

    /**
     * u = K L^-1 z with K block-diagonal (2 x 2 blocks) has independent pairs, so E[prod erf(u_i)]
     * is a product of arcsine laws, (2/pi) asin(2 c12 / sqrt((1 + 2 c11)(1 + 2 c22))) per pair,
     * while as a function of z the integrand couples every coordinate.
     */
    @Test
    void erfProductsOfIndependentPairsMatchTheArcsineLaw() {
        SparseGrid g = new SparseGrid();
        for (int d : new int[] {6, 8, 10}) {
            double[][] c = cov(d, 3 * d, 1);
            double[][] l = cholesky(c);
            Random r = new Random(d);
            double[][] k = new double[d][d];
            double exact = 1;
            for (int p = 0; p < d; p += 2) {
                double a = 0.6 + 0.3 * r.nextDouble(), b = 0.8 * r.nextDouble(), e = 0.5 + 0.3 * r.nextDouble();
                k[p][p] = a;
                k[p + 1][p] = b;
                k[p + 1][p + 1] = e;
                double c11 = a * a, c12 = a * b, c22 = b * b + e * e;
                exact *= 2 / Math.PI * Math.asin(2 * c12 / Math.sqrt((1 + 2 * c11) * (1 + 2 * c22)));
            }
            double[][] m = times(k, inverseLower(l));
            double v = g.expect(z -> {
                double prod = 1;
                for (int i = 0; i < d; i++) {
                    double u = 0;
                    for (int j = 0; j < d; j++) u += m[i][j] * z[j];
                    prod *= org.apache.commons.numbers.gamma.Erf.value(u);
                }
                return prod;
            }, new double[d], c, 1e-8);
            assertTrue(g.lastConverged(), "d = " + d);
            assertEquals(exact, v, Math.max(1e-7 * Math.abs(exact), 3 * g.lastError()), "d = " + d);
            assertEquals(exact, v, 1e-6 * Math.abs(exact), "d = " + d);
        }
    }

    @Test
    void permutingTheGaussiansChangesOnlyRounding() {
        int d = 6;
        double[][] c = cov(d, 5, 1);
        double[] mu = mean(d, 5);
        int[] perm = {3, 0, 5, 1, 4, 2};
        double[][] pc = new double[d][d];
        double[] pm = new double[d];
        for (int i = 0; i < d; i++) {
            pm[i] = mu[perm[i]];
            for (int j = 0; j < d; j++) pc[i][j] = c[perm[i]][perm[j]];
        }
        GaussianIntegrand f = z -> Math.tanh(z[0] + 0.5 * z[1]) * Math.tanh(z[2]) * (1 + Math.tanh(z[3] * z[4])) * Math.tanh(z[5] - z[0]);
        GaussianIntegrand pf = z -> {
            double[] y = new double[d];
            for (int i = 0; i < d; i++) y[perm[i]] = z[i];
            return f.value(y);
        };
        SparseGrid g = new SparseGrid();
        double a = g.expect(f, mu, c, 5), b = g.expect(pf, pm, pc, 5);
        assertEquals(a, b, 1e-14 * Math.abs(a));
    }

    @Test
    void aRepeatedPointGivesTheLowerDimensionalValue() {
        // (u, v, u', v') with u' = u, v' = v: E[f(u, v) f(u', v')] = E[f(u, v)^2]
        double[][] c2 = cov(2, 11, 1);
        double[][] c4 = new double[4][4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) c4[i][j] = c2[i % 2][j % 2];
        SparseGrid g = new SparseGrid();
        double full = g.expect(z -> Math.tanh(z[0]) * Math.tanh(z[1]) * Math.tanh(z[2]) * Math.tanh(z[3]), new double[4], c4, 1e-11);
        double half = new GaussHermite().expect(z -> Math.pow(Math.tanh(z[0]) * Math.tanh(z[1]), 2), new double[2], c2, 1e-13);
        assertEquals(half, full, 1e-9 * half);
    }

    @Test
    void theErrorEstimateBoundsTheErrorOnASmoothEightDimensionalIntegrand() {
        int d = 8;
        double[][] c = cov(d, 21, 0.8);
        double[] mu = mean(d, 21);
        double[] a = new double[d];
        java.util.Arrays.fill(a, 0.9);
        double exact = cosProduct(a, mu, c);
        SparseGrid g = new SparseGrid();
        for (double tol : new double[] {1e-3, 1e-5, 1e-7}) {
            double v = g.expect(z -> {
                double p = 1;
                for (int i = 0; i < d; i++) p *= Math.cos(a[i] * z[i]);
                return p;
            }, mu, c, tol);
            assertTrue(Math.abs(v - exact) <= g.lastError(), "tol " + tol + ": error " + Math.abs(v - exact) + " > estimate " + g.lastError());
        }
    }

    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double s = a[j][j];
            for (int k = 0; k < j; k++) s -= l[j][k] * l[j][k];
            l[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < n; i++) {
                double t = a[i][j];
                for (int k = 0; k < j; k++) t -= l[i][k] * l[j][k];
                l[i][j] = t / l[j][j];
            }
        }
        return l;
    }

    static double[][] inverseLower(double[][] l) {
        int n = l.length;
        double[][] inv = new double[n][n];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < n; i++) {
                double s = i == c ? 1 : 0;
                for (int k = 0; k < i; k++) s -= l[i][k] * inv[k][c];
                inv[i][c] = s / l[i][i];
            }
        }
        return inv;
    }

    static double[][] times(double[][] a, double[][] b) {
        int n = a.length;
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) p[i][j] += a[i][k] * b[k][j];
        return p;
    }
}
