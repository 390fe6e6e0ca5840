package tp.infinite.gauss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleBinaryOperator;
import org.apache.commons.numbers.gamma.Erf;
import org.junit.jupiter.api.Test;

/**
 * Closed forms of {@link ErfKernels}, {@link ExpTrigKernels} and {@link GeluKernels} against
 * brute-force two-dimensional Gauss-Legendre ({@link Reference}), and Price's theorem
 * d/dq12 E[f(u) g(v)] = E[f'(u) g'(v)] by finite differences of the closed forms themselves.
 */
class SmoothKernelsTest {
    static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    /** {m1, m2, q11, q12, q22}, covering zero means, singular and anticorrelated covariances. */
    static final double[][] CASES = {
        {0, 0, 1, 0.3, 2}, {0, 0, 2.5, -1.1, 0.8}, {0, 0, 2, 2, 2}, {0, 0, 1.5, -1.5, 1.5}, {0, 0, 0, 0, 1.3},
        {0.5, -0.3, 1, 0.3, 2}, {-1.2, 0.8, 2.5, -1.1, 0.8}, {0.7, 0.7, 2, 2, 2}, {1.1, -0.4, 1.5, -1.5, 1.5},
        {0.3, -2, 0, 0, 1.3}, {2, 1.5, 0.3, 0.1, 0.2}};

    static double derf(double x) {
        return TWO_OVER_SQRT_PI * Math.exp(-x * x);
    }

    static void check(DoubleBinaryOperator f, double expected, double[] c, String what) {
        double ref = Reference.expect2(f, c[0], c[1], c[2], c[3], c[4]);
        assertEquals(ref, expected, 1e-12 * Math.max(Math.abs(ref), 1e-3),
                what + " " + java.util.Arrays.toString(c));
    }

    @Test
    void erfFamily() {
        for (double[] c : CASES) {
            check((u, v) -> Erf.value(u) * Erf.value(v), ErfKernels.erfErf(c[0], c[1], c[2], c[3], c[4]), c, "erf erf");
            check((u, v) -> derf(u) * derf(v), ErfKernels.derfDerf(c[0], c[1], c[2], c[3], c[4]), c, "erf' erf'");
            check((u, v) -> Erf.value(u) * derf(v), ErfKernels.erfDerf(c[0], c[1], c[2], c[3], c[4]), c, "erf erf'");
            check((u, v) -> Erf.value(u), ErfKernels.erfMean(c[0], c[2]), c, "erf");
            check((u, v) -> derf(v), ErfKernels.derfMean(c[1], c[4]), c, "erf'");
            if (c[0] == 0 && c[1] == 0) {
                // the zero-mean formulas quoted in the papers
                assertEquals(2 / Math.PI * Math.asin(2 * c[3] / Math.sqrt((1 + 2 * c[2]) * (1 + 2 * c[4]))),
                        ErfKernels.erfErf(c[2], c[3], c[4]), 1e-15);
                assertEquals(4 / Math.PI / Math.sqrt((1 + 2 * c[2]) * (1 + 2 * c[4]) - 4 * c[3] * c[3]),
                        ErfKernels.derfDerf(c[2], c[3], c[4]), 1e-15);
            }
        }
    }

    @Test
    void erfWithLargeVarianceAndCorrelationNearOne() {
        // r = 2 q12 / (1 + 2q) near +-1 and erf nearly a step: references from 30-digit mpmath,
        // conditioning on u (E[erf v | u] in closed form) and integrating with breakpoints
        assertEquals(0.9685411149470853018, ErfKernels.erfErf(3, 3, 400, 400, 400), 1e-14);
        assertEquals(-0.95194169779247520398, ErfKernels.erfErf(3, -2, 400, -399.9, 400), 1e-14);
    }

    @Test
    void expTrigFamily() {
        for (double[] c : CASES) {
            check((u, v) -> Math.cos(u) * Math.cos(v), ExpTrigKernels.cosCos(c[0], c[1], c[2], c[3], c[4]), c, "cos cos");
            check((u, v) -> Math.sin(u) * Math.sin(v), ExpTrigKernels.sinSin(c[0], c[1], c[2], c[3], c[4]), c, "sin sin");
            check((u, v) -> Math.sin(u) * Math.cos(v), ExpTrigKernels.sinCos(c[0], c[1], c[2], c[3], c[4]), c, "sin cos");
            check((u, v) -> Math.exp(u) * Math.exp(v), ExpTrigKernels.expExp(c[0], c[1], c[2], c[3], c[4]), c, "exp exp");
            check((u, v) -> Math.exp(u) * Math.cos(v), ExpTrigKernels.expCos(c[0], c[1], c[2], c[3], c[4]), c, "exp cos");
            check((u, v) -> Math.exp(u) * Math.sin(v), ExpTrigKernels.expSin(c[0], c[1], c[2], c[3], c[4]), c, "exp sin");
            check((u, v) -> Math.cos(v), ExpTrigKernels.cosMean(c[1], c[4]), c, "cos");
            check((u, v) -> Math.sin(u), ExpTrigKernels.sinMean(c[0], c[2]), c, "sin");
        }
    }

    @Test
    void complexExponentialInThreeDimensions() {
        double[] mean = IsserlisTest.MEAN3;
        double[][] cov = IsserlisTest.COV3;
        // E[exp(0.3 z0 - 0.2 z2) cos(z1 + 0.5 z2)] and the sine part
        double[] alpha = {0.3, 0, -0.2}, beta = {0, 1, 0.5};
        double[] got = ExpTrigKernels.complexExp(alpha, beta, mean, cov);
        double re = Reference.expect(z -> Math.exp(0.3 * z[0] - 0.2 * z[2]) * Math.cos(z[1] + 0.5 * z[2]), mean, cov, 70, 10);
        double im = Reference.expect(z -> Math.exp(0.3 * z[0] - 0.2 * z[2]) * Math.sin(z[1] + 0.5 * z[2]), mean, cov, 70, 10);
        assertEquals(re, got[0], 1e-12 * Math.abs(re));
        assertEquals(im, got[1], 1e-12 * Math.abs(im));
    }

    @Test
    void geluFamily() {
        for (double[] c : CASES) {
            if (c[0] != 0 || c[1] != 0) {
                check((u, v) -> gelu(u), GeluKernels.geluMean(c[0], c[2]), c, "gelu");
                continue;
            }
            check((u, v) -> gelu(u) * gelu(v), GeluKernels.geluGelu(c[2], c[3], c[4]), c, "gelu gelu");
            check((u, v) -> dgelu(u) * dgelu(v), GeluKernels.dgeluDgelu(c[2], c[3], c[4]), c, "gelu' gelu'");
            check((u, v) -> gelu(u), GeluKernels.geluMean(0, c[2]), c, "gelu");
        }
    }

    static double gelu(double x) {
        return x * Normal.cdf(x);
    }

    static double dgelu(double x) {
        return Normal.cdf(x) + x * Normal.pdf(x);
    }

    interface Kernel {
        double at(double m1, double m2, double q11, double q12, double q22);
    }

    /** d/dq12 of a kernel against the kernel of the derivatives. */
    static void price(Kernel k, Kernel kPrime, double sign) {
        double[][] pd = {{0, 0, 1, 0.3, 2}, {0, 0, 2.5, -1.1, 0.8}, {0.5, -0.3, 1, 0.3, 2}, {-1.2, 0.8, 2.5, -1.1, 0.8},
            {1, 2, 1.5, 1.2, 1.5}};
        for (double[] c : pd) {
            double fd = ArcCosineTest.derivative(x -> k.at(c[0], c[1], c[2], x, c[4]), c[3], 1e-3);
            double exact = sign * kPrime.at(c[0], c[1], c[2], c[3], c[4]);
            assertEquals(exact, fd, 1e-12 * Math.max(1, Math.abs(exact)), java.util.Arrays.toString(c));
        }
    }

    @Test
    void priceTheorem() {
        price(ErfKernels::erfErf, ErfKernels::derfDerf, 1);
        price(ExpTrigKernels::sinSin, ExpTrigKernels::cosCos, 1);
        price(ExpTrigKernels::cosCos, ExpTrigKernels::sinSin, 1); // (-sin)(-sin)
        price(ExpTrigKernels::sinCos, (m1, m2, a, b, c) -> ExpTrigKernels.sinCos(m2, m1, c, b, a), -1); // cos u (-sin v)
        price(ExpTrigKernels::expExp, ExpTrigKernels::expExp, 1);
        Kernel gg = (m1, m2, a, b, c) -> GeluKernels.geluGelu(a, b, c);
        Kernel dd = (m1, m2, a, b, c) -> GeluKernels.dgeluDgelu(a, b, c);
        price(gg, dd, 1);
    }
}
