package tp.infinite.gauss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link KinkedQuadrature} against the arc-cosine closed forms (zero mean), the tested
 * conditional quadrature of {@link ArcCosine} (means), and a two-dimensional Gauss-Legendre
 * reference with the kinks as endpoints for a kinked-times-smooth integrand.
 */
class KinkedQuadratureTest {
    static final double[][] CASES = { // m1, m2, q11, q12, q22
        {0, 0, 1, 0.3, 2}, {0.5, -0.3, 1, 0.3, 2}, {-1.2, 0.8, 2.5, -1.1, 0.8}, {0.4, 0.4, 2, 2, 2},
        {1.5, 1.5, 1, 0.999, 1}, {0.3, -2, 0, 0, 1.3}, {0, 0, 1, -0.9999999, 1}};

    @Test
    void reluStepFamilyMatchesArcCosine() {
        PiecewiseLinear mix = new PiecewiseLinear(0.7, -1.3, 0.4, -0.25, 0.6);
        for (double[] c : CASES) {
            for (PiecewiseLinear a : new PiecewiseLinear[] {PiecewiseLinear.RELU, PiecewiseLinear.STEP, mix}) {
                for (PiecewiseLinear b : new PiecewiseLinear[] {PiecewiseLinear.RELU, PiecewiseLinear.SIGN, mix}) {
                    double ref = ArcCosine.expect(a, b, c[0], c[1], c[2], c[3], c[4]);
                    double l1 = ArcCosine.expect(ArcCosineTest.abs(a), ArcCosineTest.abs(b), c[0], c[1], c[2], c[3], c[4]);
                    double got = KinkedQuadrature.expect((u, v) -> a.apply(u) * b.apply(v),
                            c[0], c[1], c[2], c[3], c[4], true, true, 1e-13);
                    assertEquals(ref, got, 1e-12 * Math.abs(ref) + 1e-13 * l1,
                            a + " " + b + " " + java.util.Arrays.toString(c));
                }
            }
        }
    }

    @Test
    void kinkedTimesSmooth() {
        Legendre gl = new Legendre(120);
        for (double[] c : new double[][] {{0.5, -0.3, 1, 0.3, 2}, {-0.4, 0.2, 2.5, -1.1, 0.8}}) {
            double s1 = Math.sqrt(c[2]), l21 = c[3] / s1, l22 = Math.sqrt(c[4] - l21 * l21);
            // relu(u) tanh(v) + step(v) u^2: kinks at u = 0 (x = -m1/s1) and v = 0 (y = -(m2 + l21 x)/l22)
            java.util.function.DoubleBinaryOperator f = (u, v) -> Math.max(u, 0) * Math.tanh(v) + (v > 0 ? u * u : 0);
            double ref = gl.integrate(x -> {
                double u = c[0] + s1 * x, cc = c[1] + l21 * x;
                double yk = Math.max(-10, Math.min(10, -cc / l22));
                return Normal.pdf(x) * gl.integrate(y -> f.applyAsDouble(u, cc + l22 * y) * Normal.pdf(y), -10, yk, 10);
            }, -10, -c[0] / s1, 10);
            double got = KinkedQuadrature.expect(f, c[0], c[1], c[2], c[3], c[4], true, true, 1e-13);
            assertEquals(ref, got, 1e-12 * Math.abs(ref));
        }
    }
}
