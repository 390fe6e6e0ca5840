package tp.infinite.gauss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.apache.commons.numbers.gamma.Erf;
import org.junit.jupiter.api.Test;

/**
 * {@link ErfProducts} (Plackett's identity) against values obtained here by other means: the
 * arcsine law on independent pairs, one-dimensional Gauss-Hermite for a one-factor model, tensor
 * Gauss-Hermite for repeated arguments, and the symmetry that makes odd products vanish.
 */
class ErfProductsTest {
    /**
     * u_i = a_i g + s_i e_i (g, e_i iid N(0, 1)): given g the erfs are independent, with
     * E[erf(a g + s e) | g] = erf(a g / sqrt(1 + 2 s^2)), so the expectation is a 1-D integral.
     */
    @Test
    void oneFactorModelMatchesOneDimensionalQuadrature() {
        Random r = new Random(7);
        for (int k : new int[] {4, 6}) {
            double[] a = new double[k], s = new double[k];
            for (int i = 0; i < k; i++) {
                a[i] = (r.nextBoolean() ? 1 : -1) * (0.4 + 1.4 * r.nextDouble()); // standard deviations up to about 2
                s[i] = 0.2 + 0.8 * r.nextDouble();
            }
            double[][] c = new double[k][k];
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) c[i][j] = a[i] * a[j] + (i == j ? s[i] * s[i] : 0);
            double exact = new GaussHermite().expect(z -> {
                double p = 1;
                for (int i = 0; i < k; i++) p *= Erf.value(a[i] * z[0] / Math.sqrt(1 + 2 * s[i] * s[i]));
                return p;
            }, new double[1], new double[][] {{1}}, 1e-15);
            assertEquals(exact, ErfProducts.zeroMean(c), 2e-13, "k = " + k);
        }
    }

    /** Independent pairs (a block-diagonal covariance in a scrambled order): a product of arcsine laws. */
    @Test
    void independentPairsGiveProductsOfArcsineLaws() {
        double[][] blocks = {{1.3, 0.9, 2.0}, {0.5, -0.4, 3.1}, {4.0, 3.5, 3.9}}; // {c11, c12, c22}
        int[] at = {3, 0, 5, 2, 1, 4}; // pair p sits at coordinates at[2p], at[2p + 1]
        double[][] c = new double[6][6];
        double exact = 1;
        for (int p = 0; p < 3; p++) {
            int i = at[2 * p], j = at[2 * p + 1];
            c[i][i] = blocks[p][0];
            c[i][j] = c[j][i] = blocks[p][1];
            c[j][j] = blocks[p][2];
            exact *= 2 / Math.PI * Math.asin(2 * blocks[p][1] / Math.sqrt((1 + 2 * blocks[p][0]) * (1 + 2 * blocks[p][2])));
        }
        assertEquals(exact, ErfProducts.zeroMean(c), 1e-14);
    }

    /** erf(u)^2 erf(v)^2: a repeated argument makes the covariance singular; 2-D tensor quadrature is the reference. */
    @Test
    void repeatedArgumentsMatchTensorQuadrature() {
        double q11 = 2.5, q12 = -1.1, q22 = 1.7;
        double[][] c = {{q11, q11, q12, q12}, {q11, q11, q12, q12}, {q12, q12, q22, q22}, {q12, q12, q22, q22}};
        double exact = new GaussHermite().expect(z -> Math.pow(Erf.value(z[0]) * Erf.value(z[1]), 2), new double[2],
                new double[][] {{q11, q12}, {q12, q22}}, 1e-14);
        assertEquals(exact, ErfProducts.zeroMean(c), 1e-12);
    }

    @Test
    void oddProductsVanishAndTheOrderOfTheArgumentsDoesNotMatter() {
        double[][] c = randomCovariance(6, 3);
        assertEquals(0, ErfProducts.zeroMean(sub(c, new int[] {0, 2, 5})));
        double v = ErfProducts.zeroMean(c);
        assertEquals(v, ErfProducts.zeroMean(sub(c, new int[] {4, 1, 5, 0, 3, 2})), 1e-14);
    }

    /**
     * exp(-v^2) erf(u) erf(w) (an NTK's erf' times two erfs): the bump tilts N(0, C) to
     * N(0, (C^-1 + A)^-1) with mass det(I + C A)^-1/2, A = 2 e_v e_v' (inverted here by cofactors),
     * then the erfs' law goes to Plackett; against 3-D tensor Gauss-Hermite.
     */
    @Test
    void aGaussianWeightTiltsTheLaw() {
        double[][] c = {{0.8, 0.3, -0.2}, {0.3, 0.6, 0.25}, {-0.2, 0.25, 0.7}}; // (u, v, w)
        double[][] p = inverse3(c);
        p[1][1] += 2;
        double[][] tilted = inverse3(p);
        double mass = Math.sqrt(det3(tilted) / det3(c));
        double[][] uw = {{tilted[0][0], tilted[0][2]}, {tilted[2][0], tilted[2][2]}};
        double exact = new GaussHermite().expect(z -> Math.exp(-z[1] * z[1]) * Erf.value(z[0]) * Erf.value(z[2]),
                new double[3], c, 1e-14);
        assertEquals(exact, mass * ErfProducts.zeroMean(uw), 1e-12);
    }

    static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    static double[][] inverse3(double[][] m) {
        double det = det3(m);
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int r0 = (j + 1) % 3, r1 = (j + 2) % 3, c0 = (i + 1) % 3, c1 = (i + 2) % 3;
                inv[i][j] = (m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]) / det;
            }
        }
        return inv;
    }

    static double[][] randomCovariance(int k, long seed) {
        Random r = new Random(seed);
        double[][] m = new double[k][k], c = new double[k][k];
        for (double[] row : m) for (int j = 0; j < k; j++) row[j] = r.nextGaussian();
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) for (int l = 0; l < k; l++) c[i][j] += 3 * m[i][l] * m[j][l] / k;
        return c;
    }

    static double[][] sub(double[][] c, int[] idx) {
        double[][] s = new double[idx.length][idx.length];
        for (int i = 0; i < idx.length; i++) for (int j = 0; j < idx.length; j++) s[i][j] = c[idx[i]][idx[j]];
        return s;
    }
}
