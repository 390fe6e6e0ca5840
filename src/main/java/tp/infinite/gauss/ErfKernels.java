package tp.infinite.gauss;

import org.apache.commons.numbers.gamma.Erf;

/**
 * Expectations of erf and erf' = (2/sqrt(pi)) exp(-x^2) of a bivariate Gaussian (u, v) with
 * means (m1, m2) and covariance [[q11, q12], [q12, q22]]. An affine argument erf(a u + c) is
 * the caller's to absorb: a u + c has mean a m1 + c, variance a^2 q11, covariance a b q12 with
 * b v + d.
 *
 * <p>Closed forms: E[erf u] = erf(m / sqrt(1 + 2q)); E[erf' u erf' v] = (4/pi) det(I + 2S)^(-1/2)
 * exp(-m^T (I + 2S)^(-1) m); E[erf u erf' v] by exponential tilting; E[erf u erf v] =
 * (2/pi) asin(2 q12 / sqrt((1 + 2 q11)(1 + 2 q22))) at zero means. With means,
 * E[erf u erf v] = E[erf u] E[erf v] + (2/pi) int_0^{asin r} exp(-(h^2 + k^2 - 2 h k sin t) /
 * (2 cos^2 t)) dt (the bivariate normal orthant formula, h = sqrt(2) m1 / sqrt(1 + 2 q11), k
 * likewise, r the correlation above), a smooth one-dimensional integral done by adaptive
 * Gauss-Kronrod.
 *
 * <p>Numerics for any finite variance (inputs of norm 1e77 and beyond): the correlation is
 * {@code 2 q12 / (sqrt(1 + 2 q11) sqrt(1 + 2 q22))} (no product that overflows), near |r| = 1
 * the angle is {@code pi/2 - 2 asin(sqrt((1 - |r|)/2))} with 1 - |r| from
 * {@code D = (1 + 2 q11)(1 + 2 q22) - 4 q12^2 = 1 + 2 q11 + 2 q22 + 4 (q11 q22 - q12^2)} (no
 * cancellation: every term is non-negative), and D itself is taken in units of a power of two.
 * So the NNGP diagonal of saturated erf units is 1 - (2/pi) sqrt(2/(1 + 2q)) to full precision
 * and never 0.
 */
public final class ErfKernels {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955125739;

    private ErfKernels() {
    }

    /** E[erf(u)], u ~ N(m, q). */
    public static double erfMean(double m, double q) {
        return Erf.value(m / Math.sqrt(1 + 2 * Math.max(q, 0)));
    }

    /** E[erf'(u)], u ~ N(m, q). */
    public static double derfMean(double m, double q) {
        double d = Math.sqrt(1 + 2 * Math.max(q, 0));
        double t = m / d;
        return TWO_OVER_SQRT_PI * Math.exp(-t * t) / d;
    }

    /** E[erf(u) erf(v)], zero means. */
    public static double erfErf(double q11, double q12, double q22) {
        return 2 / Math.PI * asinCorrelation(q11, q12, q22);
    }

    /** sqrt(D), D = (1 + 2 q11)(1 + 2 q22) - 4 q12^2 ({@link ArcCosine#sqrtShiftedDet}). */
    static double sqrtD(double q11, double q12, double q22) {
        return ArcCosine.sqrtShiftedDet(2, q11, q12, q22);
    }

    /** asin of the correlation 2 q12 / sqrt((1 + 2 q11)(1 + 2 q22)), accurate up to |r| = 1. */
    private static double asinCorrelation(double q11, double q12, double q22) {
        return ArcCosine.asinShiftedCorrelation(2, q11, q12, q22);
    }

    /** E[erf(u) erf(v)] with means. */
    public static double erfErf(double m1, double m2, double q11, double q12, double q22) {
        if (m1 == 0 && m2 == 0) {
            return erfErf(q11, q12, q22);
        }
        double d1 = 1 + 2 * Math.max(q11, 0);
        double d2 = 1 + 2 * Math.max(q22, 0);
        double h = Math.sqrt(2) * m1 / Math.sqrt(d1);
        double k = Math.sqrt(2) * m2 / Math.sqrt(d2);
        double end = asinCorrelation(q11, q12, q22);
        double product = Erf.value(m1 / Math.sqrt(d1)) * Erf.value(m2 / Math.sqrt(d2));
        if (end == 0) {
            return product;
        }
        double hk = h * k, hh = h * h + k * k;
        java.util.function.DoubleUnaryOperator f = t -> {
            double c = Math.cos(t);
            if (c == 0) { // |r| = 1 limit: exp(-(h - k)^2 / 0) or exp(-h^2 / 2) when h = +-k
                return 0;
            }
            return Math.exp(-(hh - 2 * hk * Math.sin(t)) / (2 * c * c));
        };
        double[] breaks = end > 0 ? new double[] {0, end} : new double[] {end, 0};
        double integral = GaussKronrod.integrate(f, breaks, 1e-15);
        return product + 2 / Math.PI * (end > 0 ? integral : -integral);
    }

    /** E[erf'(u) erf'(v)] with means (closed form). */
    public static double derfDerf(double m1, double m2, double q11, double q12, double q22) {
        double a = 1 + 2 * Math.max(q11, 0);
        double c = 1 + 2 * Math.max(q22, 0);
        double b = 2 * q12;
        double sd = sqrtD(q11, q12, q22);
        // (c m1^2 - 2 b m1 m2 + a m2^2) / D with every factor divided by sqrt(D) first (no overflow)
        double x1 = m1 / sd, x2 = m2 / sd;
        double quad = c * x1 * x1 - 2 * b * x1 * x2 + a * x2 * x2;
        return 4 / Math.PI * Math.exp(-quad) / sd;
    }

    /** E[erf'(u) erf'(v)], zero means: (4/pi) / sqrt((1 + 2 q11)(1 + 2 q22) - 4 q12^2). */
    public static double derfDerf(double q11, double q12, double q22) {
        return derfDerf(0, 0, q11, q12, q22);
    }

    /**
     * E[erf(u) erf'(v)] with means: the weight exp(-v^2) tilts the Gaussian to
     * u ~ N(m1 - q12 m2 / (q22 + 1/2), q11 - q12^2 / (q22 + 1/2)), times E[exp(-v^2)].
     */
    public static double erfDerf(double m1, double m2, double q11, double q12, double q22) {
        double s = Math.max(q22, 0) + 0.5;
        double mt = m1 - q12 / s * m2;
        // q11 - q12^2 / s = (q11 q22 - q12^2 + q11 / 2) / s, the determinant without cancellation
        double sd = ArcCosine.sqrtDet2(q11, q12, q22);
        double qt = Math.max(sd / s * sd + Math.max(q11, 0) / (2 * s), 0);
        return erfMean(mt, qt) * derfMean(m2, q22);
    }

}
