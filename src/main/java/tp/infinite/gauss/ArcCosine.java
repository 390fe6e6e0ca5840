package tp.infinite.gauss;

/**
 * Expectations E[A(u) B(v)] of piecewise-linear/step functions ({@link PiecewiseLinear}) of a
 * bivariate Gaussian (u, v) with covariance [[q11, q12], [q12, q22]]: the arc-cosine kernels of
 * Cho and Saul and their step/sign relatives, exact in closed form for zero mean, and through a
 * one-dimensional adaptive quadrature for nonzero means ({@link #expect(PiecewiseLinear,
 * PiecewiseLinear, double, double, double, double, double)}).
 *
 * <p>Numerics: the correlation is never formed; the angle is taken from atan2 of
 * sqrt(q11 q22 - q12^2) (a 2x2 determinant evaluated with an FMA correction) and of +-q12, so
 * both theta and pi - theta keep relative precision, and the small-angle forms are evaluated
 * without cancellation. |q12| above sqrt(q11 q22) is treated as perfect (anti)correlation,
 * slightly negative variances as 0. A zero variance gives the exact limit: the variable is its
 * mean, e.g. relu and step of a zero-variance zero-mean variable are 0.
 *
 * <p>Cost (one core): about 0.5 us per zero-mean call; 50-65 us with means (~250 evaluations
 * of the conditional closed form).
 */
public final class ArcCosine {
    private static final double TWO_PI = 2 * Math.PI;

    private ArcCosine() {
    }

    /** E[A(u) B(v)], (u, v) ~ N(0, [[q11, q12], [q12, q22]]). */
    public static double expect(PiecewiseLinear a, PiecewiseLinear b, double q11, double q12, double q22) {
        checkFinite(q11, q12, q22);
        q11 = Math.max(q11, 0);
        q22 = Math.max(q22, 0);
        if (q11 == 0) {
            return a.c0() * mean(b, 0, q22);
        }
        if (q22 == 0) {
            return b.c0() * mean(a, 0, q11);
        }
        double s1 = Math.sqrt(q11);
        double s2 = Math.sqrt(q22);
        double r = sqrtDet2(q11, q12, q22);
        // phiSame = pi - angle(u, v): used when both arguments carry the same sign flip;
        // phiFlip = angle(u, v) = pi - angle(u, -v): used when exactly one is flipped.
        double phiSame = Math.atan2(r, -q12);
        double phiFlip = Math.atan2(r, q12);

        double rrSame = s1 * s2 * j1(phiSame) / TWO_PI;
        double rrFlip = s1 * s2 * j1(phiFlip) / TWO_PI;
        double halfSame = sinSq(0.5 * phiSame) * Normal.INV_SQRT_2PI;
        double halfFlip = sinSq(0.5 * phiFlip) * Normal.INV_SQRT_2PI;
        double ssSame = phiSame / TWO_PI;
        double ssFlip = phiFlip / TWO_PI;
        double rMean1 = s1 * Normal.INV_SQRT_2PI;
        double rMean2 = s2 * Normal.INV_SQRT_2PI;

        // basis: relu(x), relu(-x), step(x), step(-x), 1
        double a0 = a.aPos(), a1 = -a.aNeg(), a2 = a.cPos(), a3 = a.cNeg(), a4 = a.c0();
        double b0 = b.aPos(), b1 = -b.aNeg(), b2 = b.cPos(), b3 = b.cNeg(), b4 = b.c0();
        double sum = 0;
        sum += (a0 * b0 + a1 * b1) * rrSame + (a0 * b1 + a1 * b0) * rrFlip;
        sum += (a0 * b2 + a1 * b3) * s1 * halfSame + (a0 * b3 + a1 * b2) * s1 * halfFlip;
        sum += (a2 * b0 + a3 * b1) * s2 * halfSame + (a2 * b1 + a3 * b0) * s2 * halfFlip;
        sum += (a2 * b2 + a3 * b3) * ssSame + (a2 * b3 + a3 * b2) * ssFlip;
        sum += (a0 + a1) * b4 * rMean1 + (b0 + b1) * a4 * rMean2;
        sum += (a2 + a3) * b4 * 0.5 + (b2 + b3) * a4 * 0.5;
        sum += a4 * b4;
        return sum;
    }

    /**
     * E[A(u) B(v)], (u, v) ~ N((m1, m2), [[q11, q12], [q12, q22]]). Exact when both means are 0
     * or a variance is 0; otherwise u = m1 + sqrt(q11) z, E[B(v) | z] in closed form, and the
     * integral over z split at the kinks of A and of E[B | z] and done by adaptive
     * Gauss-Kronrod to about 1e-14 of E[|A(u) E[B(v)|u]|].
     */
    public static double expect(PiecewiseLinear a, PiecewiseLinear b,
                                double m1, double m2, double q11, double q12, double q22) {
        checkFinite(m1, m2, 0);
        if (m1 == 0 && m2 == 0) {
            return expect(a, b, q11, q12, q22);
        }
        checkFinite(q11, q12, q22);
        q11 = Math.max(q11, 0);
        q22 = Math.max(q22, 0);
        if (q11 == 0) {
            return a.apply(m1) * mean(b, m2, q22);
        }
        if (q22 == 0) {
            return b.apply(m2) * mean(a, m1, q11);
        }
        return conditionalQuadrature(a, b, m1, m2, q11, q12, q22);
    }

    /** E[A(u)], u ~ N(m, q). */
    public static double mean(PiecewiseLinear a, double m, double q) {
        checkFinite(m, q, 0);
        if (!(q > 0)) {
            return a.apply(m);
        }
        double s = Math.sqrt(q);
        double t = m / s;
        double sum = a.c0();
        if (a.aPos() != 0) {
            sum += a.aPos() * s * Normal.reluMean(t);
        }
        if (a.aNeg() != 0) {
            sum -= a.aNeg() * s * Normal.reluMean(-t);
        }
        if (a.cPos() != 0) {
            sum += a.cPos() * Normal.cdf(t);
        }
        if (a.cNeg() != 0) {
            sum += a.cNeg() * Normal.cdf(-t);
        }
        return sum;
    }

    /** Splits needed beyond |z| = 40 are pointless: phi(40) underflows. */
    static final double Z_MAX = 40;

    static double conditionalQuadrature(PiecewiseLinear a, PiecewiseLinear b,
                                        double m1, double m2, double q11, double q12, double q22) {
        double s1 = Math.sqrt(q11);
        double s2 = Math.sqrt(q22);
        // v | z ~ N(m2 + slope z, sc^2), clamped to perfect correlation if |q12| > s1 s2
        double slope = Math.max(-s2, Math.min(s2, q12 / s1));
        double sc = sqrtDet2(q11, q12, q22) / s1;
        java.util.function.DoubleUnaryOperator f = z ->
                a.apply(m1 + s1 * z) * mean(b, m2 + slope * z, sc * sc) * Normal.pdf(z);
        double[] breaks = new double[10];
        int n = 0;
        breaks[n++] = -Z_MAX;
        if (!a.isAffine()) {
            n = addBreak(breaks, n, -m1 / s1);
        }
        if (slope != 0 && !b.isAffine()) {
            double zb = -m2 / slope;
            n = addBreak(breaks, n, zb);
            // E[B(v) | z] bends over a width sc/|slope| around zb: when that is narrow, give the
            // adaptive rule breakpoints that resolve it (it could not see a bump it never samples)
            double w = sc / Math.abs(slope);
            for (double k = 1; k <= 100 && w * k < 1; k *= 10) {
                n = addBreak(breaks, n, zb - k * w);
                n = addBreak(breaks, n, zb + k * w);
            }
        }
        breaks[n++] = Z_MAX;
        java.util.Arrays.sort(breaks, 0, n);
        return GaussKronrod.integrate(f, java.util.Arrays.copyOf(breaks, n), 1e-14);
    }

    private static int addBreak(double[] breaks, int n, double z) {
        if (z > -Z_MAX && z < Z_MAX) {
            breaks[n++] = z;
        }
        return n;
    }

    /** sin(phi) - phi cos(phi) = J1 of Cho and Saul at angle pi - phi; series for small phi. */
    static double j1(double phi) {
        if (phi >= 1) {
            return Math.sin(phi) - phi * Math.cos(phi);
        }
        // sum_{k>=1} (-1)^(k+1) 2k phi^(2k+1) / (2k+1)!
        double p2 = phi * phi;
        double pow = phi * p2 / 6; // phi^3 / 3!
        double sum = 0;
        for (int k = 1; k <= 12; k++) {
            double term = 2 * k * pow;
            sum += (k % 2 == 1) ? term : -term;
            pow *= p2 / ((2 * k + 2) * (2 * k + 3));
        }
        return sum;
    }

    private static double sinSq(double x) {
        double s = Math.sin(x);
        return s * s;
    }

    /** q11 q22 - q12^2 with the rounding error of q12^2 compensated (Kahan). */
    public static double det2(double q11, double q12, double q22) {
        double p = q12 * q12;
        double e = Math.fma(q12, q12, -p);
        return Math.fma(q11, q22, -p) - e;
    }

    /**
     * sqrt(max(q11 q22 - q12^2, 0)) for any finite entries: when the products would overflow
     * (entries beyond ~1e154, e.g. inputs of norm 1e77) or underflow, the determinant is taken
     * in units of an even power of two and scaled back, which is exact.
     */
    public static double sqrtDet2(double q11, double q12, double q22) {
        double big = Math.max(Math.abs(q12), Math.max(Math.abs(q11), Math.abs(q22)));
        if (big < 1e150 && big > 1e-150) return Math.sqrt(Math.max(det2(q11, q12, q22), 0));
        if (big == 0) return 0;
        int e = Math.getExponent(big) & ~1; // even, so its square root is a power of two too
        double u = Math.scalb(1.0, -e);
        return Math.scalb(Math.sqrt(Math.max(det2(q11 * u, q12 * u, q22 * u), 0)), e);
    }

    /**
     * sqrt((1 + c q11)(1 + c q22) - c^2 q12^2) = sqrt(1 + c (q11 + q22) + c^2 (q11 q22 - q12^2)),
     * c &gt; 0: every term non-negative for a covariance (no cancellation), the determinant
     * compensated, and in units of a power of two when the entries are huge (no overflow). The
     * determinant of I + cS, S the covariance: the erf (c = 2) and gelu (c = 1) kernels' D.
     */
    public static double sqrtShiftedDet(double c, double q11, double q12, double q22) {
        q11 = Math.max(q11, 0);
        q22 = Math.max(q22, 0);
        double big = c * Math.max(Math.abs(q12), Math.max(q11, q22));
        if (big < 1e150) return Math.sqrt(1 + c * (q11 + q22) + c * c * Math.max(det2(q11, q12, q22), 0));
        int e = Math.getExponent(big);
        double u = Math.scalb(1.0, -e);
        double a = c * q11 * u, b = c * q12 * u, d = c * q22 * u;
        return Math.scalb(Math.sqrt(u * u + u * (a + d) + Math.max(det2(a, b, d), 0)), e);
    }

    /**
     * asin(r), r = c q12 / (sqrt(1 + c q11) sqrt(1 + c q22)) (clamped to [-1, 1]), accurate up to
     * |r| = 1: there asin|r| = pi/2 - 2 asin(sqrt((1 - |r|)/2)) with 1 - |r| = (1 - r^2) / (1 + |r|)
     * and 1 - r^2 = D / ((1 + c q11)(1 + c q22)) from {@link #sqrtShiftedDet}. The angle of the
     * erf and gelu kernels: the NNGP diagonal of saturated units keeps full precision.
     */
    public static double asinShiftedCorrelation(double c, double q11, double q12, double q22) {
        double d1 = Math.sqrt(1 + c * Math.max(q11, 0)), d2 = Math.sqrt(1 + c * Math.max(q22, 0));
        // d1 d2 as one product: the same bits with the two points swapped (entries that must be equal are)
        double r = Math.max(-1, Math.min(1, c * q12 / (d1 * d2)));
        if (Math.abs(r) < 0.5) return Math.asin(r);
        double t = sqrtShiftedDet(c, q11, q12, q22) / (d1 * d2); // sqrt(1 - r^2)
        double e = t * t / (1 + Math.abs(r));
        double a = Math.PI / 2 - 2 * Math.asin(Math.sqrt(Math.min(1, e) / 2));
        return r > 0 ? a : -a;
    }

    static void checkFinite(double x, double y, double z) {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("non-finite Gaussian parameter: " + x + ", " + y + ", " + z);
        }
    }
}
