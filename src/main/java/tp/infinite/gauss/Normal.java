package tp.infinite.gauss;

import org.apache.commons.numbers.gamma.Erfc;

/**
 * Standard normal density and distribution function, and the partial expectations of a
 * one-dimensional Gaussian that the closed forms are built from, each to full relative
 * precision in the tails (where the naive formulas cancel).
 */
public final class Normal {
    /** 1 / sqrt(2 pi). */
    public static final double INV_SQRT_2PI = 0.39894228040143267794;
    static final double SQRT_HALF = 0.70710678118654752440;
    /** 1/sqrt(2) - SQRT_HALF. */
    private static final double SQRT_HALF_LO = -4.8336466567264565186e-17;
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955125739;

    private Normal() {
    }

    /** phi(x), the standard normal density. */
    public static double pdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /**
     * Phi(x) = P(Z &lt;= x), through erfc so the lower tail keeps relative precision. The
     * rounding of -x/sqrt(2) would cost a relative 2 z^2 ulp in the tail, so it is corrected to
     * first order: erfc(z + dz) = erfc(z) - (2/sqrt(pi)) exp(-z^2) dz.
     */
    public static double cdf(double x) {
        double z = -x * SQRT_HALF;
        double e = Erfc.value(z);
        if (z < 1) {
            return 0.5 * e;
        }
        double dz = Math.fma(-x, SQRT_HALF, -z) - x * SQRT_HALF_LO;
        return 0.5 * (e - TWO_OVER_SQRT_PI * Math.exp(-z * z) * dz);
    }

    /**
     * psi(t) = E[relu(t + Z)] = t Phi(t) + phi(t) for Z ~ N(0, 1). For t below -2 the two terms
     * nearly cancel (psi ~ phi(t) / t^2), so there psi = Phi(t) * c(-t) with
     * c(x) = 1/(x + 2/(x + 3/(x + ...))), the tail of the Mills-ratio continued fraction
     * (1 - x M(x) = c(x) M(x) with M(x) = 1/(x + c(x))).
     */
    public static double reluMean(double t) {
        if (t >= -2) {
            return t * cdf(t) + pdf(t);
        }
        double x = -t;
        int terms = x >= 5 ? 40 : 110; // enough for 1e-16 (checked against 40-digit arithmetic)
        double d = x;
        for (int k = terms; k >= 2; k--) {
            d = x + k / d;
        }
        return cdf(t) / d;
    }
}
