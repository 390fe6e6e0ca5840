package tp.infinite.gauss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link ArcCosine} with nonzero means against a two-dimensional brute-force reference: nested
 * Gauss-Legendre over the whitened (z1, z2) in [-12, 12]^2, every kink of A(u) and B(v) an
 * endpoint (no closed-form conditional expectation involved).
 */
class ArcCosineMeansTest {
    static final Legendre GL = new Legendre(100);
    static final double Z = 12;

    static final List<PiecewiseLinear> FUNCS = List.of(PiecewiseLinear.RELU, PiecewiseLinear.STEP,
            PiecewiseLinear.SIGN, PiecewiseLinear.ID, new PiecewiseLinear(0.7, -1.3, 0.4, -0.25, 0.6));

    static double bruteForce(PiecewiseLinear a, PiecewiseLinear b,
                             double m1, double m2, double q11, double q12, double q22) {
        double s1 = Math.sqrt(q11);
        double l21 = q12 / s1;
        double l22 = Math.sqrt(Math.max(q22 - l21 * l21, 0));
        DoubleUnaryOperator outer = z1 -> {
            double c = m2 + l21 * z1;
            double inner = l22 == 0 ? b.apply(c)
                    : GL.integrate(z2 -> b.apply(c + l22 * z2) * Normal.pdf(z2), sorted(-Z, -c / l22, Z));
            return a.apply(m1 + s1 * z1) * Normal.pdf(z1) * inner;
        };
        double kinkB = l21 == 0 ? -Z : -m2 / l21;
        double w = l21 == 0 ? 0 : l22 / Math.abs(l21); // width of the smoothed kink of the inner integral
        return GL.integrate(outer, sorted(-Z, -m1 / s1, kinkB, kinkB - w, kinkB + w, kinkB - 5 * w, kinkB + 5 * w, Z));
    }

    static double[] sorted(double... breaks) {
        double[] b = breaks.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.max(-Z, Math.min(Z, b[i]));
        }
        java.util.Arrays.sort(b);
        return b;
    }

    @Test
    void meansAgainstTwoDimensionalQuadrature() {
        double[][] cases = { // m1, m2, q11, q12, q22
            {0.5, -0.3, 1, 0.3, 2}, {-2, 1, 2.5, -1.1, 0.8}, {1.5, 1.5, 1, 0.999, 1}, {0.3, -0.2, 1, -1, 1},
            {2.5, -3, 1.2, 0.5, 0.9}, {-0.7, 0.1, 0.4, 0, 3}, {1e-3, 0, 1, 0.5, 1}};
        for (double[] c : cases) {
            for (PiecewiseLinear a : FUNCS) {
                for (PiecewiseLinear b : FUNCS) {
                    double ref = bruteForce(a, b, c[0], c[1], c[2], c[3], c[4]);
                    double l1 = bruteForce(ArcCosineTest.abs(a), ArcCosineTest.abs(b), c[0], c[1], c[2], c[3], c[4]);
                    double got = ArcCosine.expect(a, b, c[0], c[1], c[2], c[3], c[4]);
                    assertEquals(ref, got, 1e-12 * Math.abs(ref) + 1e-13 * l1,
                            () -> a + " " + b + " " + java.util.Arrays.toString(c));
                }
            }
        }
    }

    @Test
    void quadratureReproducesZeroMeanClosedForms() {
        double[][] covs = {{1, 0.3, 2}, {2.5, -1.1, 0.8}, {0.7, 0.6999, 0.7}, {1, -0.9999999, 1}, {3, 3, 3}};
        for (double[] q : covs) {
            for (PiecewiseLinear a : ArcCosineTest.FUNCS) {
                for (PiecewiseLinear b : ArcCosineTest.FUNCS) {
                    double closed = ArcCosine.expect(a, b, q[0], q[1], q[2]);
                    double quad = ArcCosine.conditionalQuadrature(a, b, 0, 0, q[0], q[1], q[2]);
                    double l1 = ArcCosine.expect(ArcCosineTest.abs(a), ArcCosineTest.abs(b), q[0], q[1], q[2]);
                    assertEquals(closed, quad, 1e-13 * Math.abs(closed) + 1e-14 * l1,
                            () -> a + " " + b + " " + java.util.Arrays.toString(q));
                }
            }
        }
    }

    @Test
    void smallMeansApproachTheClosedForm() {
        double closed = ArcCosine.expect(PiecewiseLinear.RELU, PiecewiseLinear.RELU, 1, 0.4, 2);
        double near = ArcCosine.expect(PiecewiseLinear.RELU, PiecewiseLinear.RELU, 1e-9, -1e-9, 1, 0.4, 2);
        assertEquals(closed, near, 1e-8);
    }

    @Test
    void deepTailKeepsRelativePrecision() {
        // both means 8 standard deviations below the kink: E[relu(u) relu(v)] ~ 1e-17
        double ref = bruteForce(PiecewiseLinear.RELU, PiecewiseLinear.RELU, -8, -8, 1, 0.5, 1);
        double got = ArcCosine.expect(PiecewiseLinear.RELU, PiecewiseLinear.RELU, -8, -8, 1, 0.5, 1);
        assertEquals(ref, got, 1e-11 * ref);
        // E[step(u)] with u ~ N(-30, 1) = Phi(-30) = 4.906713927148187e-198 (mpmath)
        assertEquals(4.906713927148187e-198, ArcCosine.mean(PiecewiseLinear.STEP, -30, 1), 1e-14 * 4.9e-198);
    }

    @Test
    void zeroVarianceIsTheValueAtTheMean() {
        PiecewiseLinear r = PiecewiseLinear.RELU;
        // u == 0.5: relu(0.5) E[relu(v)], v ~ N(-0.2, 3)
        double ev = GL.integrate(z -> r.apply(-0.2 + Math.sqrt(3) * z) * Normal.pdf(z), -Z, 0.2 / Math.sqrt(3), Z);
        assertEquals(0.5 * ev, ArcCosine.expect(r, r, 0.5, -0.2, 0, 0, 3), 1e-15);
        assertEquals(0.0, ArcCosine.expect(r, r, -0.5, -0.2, 0, 0, 3));
        assertEquals(0.0, ArcCosine.expect(PiecewiseLinear.STEP, r, 0.0, -0.2, 0, 0, 3)); // step(0) = 0
        assertEquals(2.0 * 3.0, ArcCosine.expect(r, r, 2, 3, 0, 0, 0));
        assertEquals(-1.0, ArcCosine.expect(PiecewiseLinear.SIGN, PiecewiseLinear.SIGN, 2, -3, 0, 0, 0));
    }
}
