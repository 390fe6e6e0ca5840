package tp.infinite.gauss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link GaussKronrod}: the stored constants (exactness degrees) and adaptivity. */
class GaussKronrodTest {
    @Test
    void kronrodRuleIsExactForDegree31() {
        // with relTol = 1 no subdivision happens: the single K21 value must be exact
        for (int deg = 0; deg <= 31; deg++) {
            int d = deg;
            double got = GaussKronrod.integrate(x -> Math.pow(x, d), new double[] {-1, 2}, 1);
            double ref = (Math.pow(2, d + 1) - Math.pow(-1, d + 1)) / (d + 1);
            assertEquals(ref, got, 1e-14 * Math.abs(ref) + 1e-14, "degree " + d);
        }
    }

    @Test
    void adaptiveOnPeakedAndKinkedIntegrands() {
        // a narrow peak resolved by subdivision: int_{-1}^{1} 1/(1e-4 + x^2) = 2e2 atan(1e2)
        double got = GaussKronrod.integrate(x -> 1 / (1e-4 + x * x), new double[] {-1, 1}, 1e-14);
        assertEquals(200 * Math.atan(100), got, 1e-12 * got);
        // |x - 1/3| with the kink as a breakpoint is exact on each piece
        double k = GaussKronrod.integrate(x -> Math.abs(x - 1.0 / 3), new double[] {0, 1.0 / 3, 1}, 1e-14);
        assertEquals((1.0 / 9 + 4.0 / 9) / 2, k, 1e-15);
        // exp over a long interval
        double e = GaussKronrod.integrate(Math::exp, new double[] {-40, 0, 5}, 1e-14);
        assertEquals(Math.exp(5) - Math.exp(-40), e, 1e-13 * e);
    }
}
