package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleUnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The RNN of {@link RnnMonteCarloTest} (W, U, b shared over 3 steps; tanh then relu; one
 * readout V at steps 2 and 3) against the recursion derived by hand for this program, with
 * the two-dimensional expectations done by {@link Integrals}. With S(a, b) = x_a.y_b / 2:
 * <pre>
 *   g1 = a1 + b, g2 = w1 + a2 + b, g3 = w2 + a3 + b;  Cov(g_t(x), g_s(y)) = S(t, s) + 0.04 + Cov(w_{t-1}, w_{s-1})
 *   Cov(w1(x), w1(y)) = 0.81 E[tanh g1 tanh g1'], Cov(w1(x), w2(y)) = 0.81 E[tanh g1(x) relu g2(y)], ...
 *   backward: dg3 = v step g3, dg2 = (v + B3) step g2, dg1 = B2 tanh' g1, Cov(B_t(x), B_s(y)) = 0.81 E[dg_t dg_s']
 *   Theta = E[(h2+h3)(h2'+h3')] + 0.81 sum_{t,s in 2,3} E[dg_t dg_s'] E[h_{t-1} h_{s-1}']
 *           + sum_{t,s} E[dg_t dg_s'] (S(t, s) + 0.04)
 * </pre>
 * where E[dg1 dg3'] = 0 (B2 is independent of v) but E[dg2 dg3'], E[dg1 dg2'] are not: the
 * cross terms of the shared matrices.
 */
class RnnHandDerivationTest {
    static final DoubleUnaryOperator TANH = Math::tanh, RELU = u -> Math.max(u, 0), STEP = u -> u > 0 ? 1 : 0;
    static final DoubleUnaryOperator DTANH = u -> 1 - Math.tanh(u) * Math.tanh(u);

    @Test
    void matchesHandDerivation() {
        double[][] seq = RnnMonteCarloTest.SEQ;
        Kernels k = new InfiniteWidth(Fixtures.parse(RnnMonteCarloTest.PROGRAM)).both(new DMatrixRMaj(seq), null);
        for (int i = 0; i < seq.length; i++) {
            for (int j = i; j < seq.length; j++) {
                double[] want = kernels(seq[i], seq[j]);
                assertEquals(want[0], k.nngp().get(i, j), 1e-9 * Math.abs(want[0]), "nngp " + i + "," + j);
                assertEquals(want[1], k.ntk().get(i, j), 1e-8 * Math.abs(want[1]), "ntk " + i + "," + j);
            }
        }
    }

    /** Per point: variances of g1, g2, g3 and the same-point covariances g1-g2, g2-g3. */
    private static double[] point(double[] x) {
        double v1 = s(x, 1, x, 1) + 0.04;
        double t = Integrals.normal1(u -> Math.tanh(u) * Math.tanh(u), 0, v1);
        double v2 = 0.81 * t + s(x, 2, x, 2) + 0.04;
        double v3 = 0.81 * v2 / 2 + s(x, 3, x, 3) + 0.04;
        double c12 = s(x, 1, x, 2) + 0.04;
        double kw = 0.81 * e2(TANH, RELU, v1, c12, v2, Double.NaN, 0);
        double c23 = kw + s(x, 2, x, 3) + 0.04;
        return new double[] {v1, v2, v3, c12, c23};
    }

    static double[] kernels(double[] x, double[] y) {
        double[] px = point(x), py = point(y);
        double v1x = px[0], v2x = px[1], v3x = px[2], v1y = py[0], v2y = py[1], v3y = py[2];
        double c11 = s(x, 1, y, 1) + 0.04, c12 = s(x, 1, y, 2) + 0.04, c21 = s(x, 2, y, 1) + 0.04;
        double t11 = e2(TANH, TANH, v1x, c11, v1y, Double.NaN, Double.NaN);
        double c22 = 0.81 * t11 + s(x, 2, y, 2) + 0.04;
        double kw12 = 0.81 * e2(TANH, RELU, v1x, c12, v2y, Double.NaN, 0);
        double kw21 = 0.81 * e2(RELU, TANH, v2x, c21, v1y, 0, Double.NaN);
        double c23 = kw12 + s(x, 2, y, 3) + 0.04, c32 = kw21 + s(x, 3, y, 2) + 0.04;
        double h22 = Integrals.reluRelu(v2x, c22, v2y);
        double c33 = 0.81 * h22 + s(x, 3, y, 3) + 0.04;
        double nngp = h22 + Integrals.reluRelu(v2x, c23, v3y) + Integrals.reluRelu(v3x, c32, v2y)
                + Integrals.reluRelu(v3x, c33, v3y);
        double s22 = Integrals.stepStep(v2x, c22, v2y), s23 = Integrals.stepStep(v2x, c23, v3y);
        double s32 = Integrals.stepStep(v3x, c32, v2y), s33 = Integrals.stepStep(v3x, c33, v3y);
        double[][] g = new double[4][4]; // E[dg_t(x) dg_s(y)]
        g[3][3] = s33;
        g[2][2] = (1 + 0.81 * s33) * s22;
        g[2][3] = s23;
        g[3][2] = s32;
        g[1][1] = 0.81 * g[2][2] * e2(DTANH, DTANH, v1x, c11, v1y, Double.NaN, Double.NaN);
        g[1][2] = 0.81 * s23 * e2(DTANH, STEP, v1x, c12, v2y, Double.NaN, 0);
        g[2][1] = 0.81 * s32 * e2(STEP, DTANH, v2x, c21, v1y, 0, Double.NaN);
        double ntk = nngp + 0.81 * (g[2][2] * t11 + g[2][3] * kw12 / 0.81 + g[3][2] * kw21 / 0.81 + g[3][3] * h22);
        for (int t = 1; t <= 3; t++) for (int u = 1; u <= 3; u++) ntk += g[t][u] * (s(x, t, y, u) + 0.04);
        return new double[] {nngp, ntk};
    }

    /** x_a . y_b / 2 (U has sigma 1 and fan-in 2). */
    private static double s(double[] x, int a, double[] y, int b) {
        return (x[2 * a - 2] * y[2 * b - 2] + x[2 * a - 1] * y[2 * b - 1]) / 2;
    }

    private static double e2(DoubleUnaryOperator f, DoubleUnaryOperator g, double q11, double q12, double q22,
                             double kinkF, double kinkG) {
        return Integrals.normal2(f, g, 0, 0, q11, q12, q22, kinkF, kinkG);
    }
}
