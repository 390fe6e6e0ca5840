package tp.infinite.gauss;

/**
 * Zero-mean closed forms for gelu(x) = x Phi(x) and gelu'(x) = Phi(x) + x phi(x) of (u, v) with
 * covariance [[q11, q12], [q12, q22]], derived by Stein's lemma E[u g] = q11 E[d_u g] +
 * q12 E[d_v g] down to three primitives:
 * <pre>
 *   E[Phi(u) Phi(v)] = 1/4 + asin(q12 / sqrt((1 + q11)(1 + q22))) / (2 pi)
 *   E[phi(u) phi(v)] = 1 / (2 pi sqrt(D)),        D = (1 + q11)(1 + q22) - q12^2
 *   E[u phi(u) Phi(v)] = q12 E[phi phi] / (1 + q11),   E[u phi(u) v phi(v)] = q12 E[phi phi] / D
 * </pre>
 * giving E[gelu u gelu v] = q12 E[Phi Phi] + E[phi phi] (q11 (q22 (1 + q11) - q12^2) / (1 + q11)
 * + q12^2 / (1 + q22)) and E[gelu' u gelu' v] = E[Phi Phi] + q12 E[phi phi] (1/(1 + q11) +
 * 1/(1 + q22) + 1/D). D &gt;= 1 for any PSD covariance, so these are regular everywhere. With
 * nonzero means use {@link GaussHermite} (gelu is smooth); the one-variable mean is closed:
 * {@link #geluMean}.
 */
public final class GeluKernels {
    private GeluKernels() {
    }

    /** E[gelu(u) gelu(v)], zero means. */
    public static double geluGelu(double q11, double q12, double q22) {
        q11 = Math.max(q11, 0);
        q22 = Math.max(q22, 0);
        double d = (1 + q11) * (1 + q22) - q12 * q12;
        double pp = phiPhi(d);
        double cc = cdfCdf(q11, q12, q22);
        // q22 (1 + q11) - q12^2 = D - 1 - q11: kept in the product form, exact when u = v
        double cond = Math.max(q22 * (1 + q11) - q12 * q12, 0);
        return q12 * cc + pp * (q11 * cond / (1 + q11) + q12 * q12 / (1 + q22));
    }

    /** E[gelu'(u) gelu'(v)], zero means. */
    public static double dgeluDgelu(double q11, double q12, double q22) {
        q11 = Math.max(q11, 0);
        q22 = Math.max(q22, 0);
        double d = (1 + q11) * (1 + q22) - q12 * q12;
        return cdfCdf(q11, q12, q22) + q12 * phiPhi(d) * (1 / (1 + q11) + 1 / (1 + q22) + 1 / d);
    }

    /** E[gelu(u)], u ~ N(m, q): m Phi(m / s) + q phi(m / s) / s, s = sqrt(1 + q). */
    public static double geluMean(double m, double q) {
        q = Math.max(q, 0);
        double s = Math.sqrt(1 + q);
        return m * Normal.cdf(m / s) + q * Normal.pdf(m / s) / s;
    }

    private static double phiPhi(double d) {
        return 1 / (2 * Math.PI * Math.sqrt(d));
    }

    private static double cdfCdf(double q11, double q12, double q22) {
        double r = q12 / Math.sqrt((1 + q11) * (1 + q22));
        return 0.25 + Math.asin(Math.max(-1, Math.min(1, r))) / (2 * Math.PI);
    }
}
