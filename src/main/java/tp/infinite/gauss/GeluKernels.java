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

    /**
     * E[gelu(u) gelu(v)], zero means. {@code q22 (1 + q11) - q12^2 = q22 + det} (det = q11 q22 -
     * q12^2, compensated) has no cancellation, and every product is divided by sqrt(D) before it
     * could overflow: exact for any finite variances (gelu of a huge variance is relu).
     */
    public static double geluGelu(double q11, double q12, double q22) {
        q11 = Math.max(q11, 0);
        q22 = Math.max(q22, 0);
        double sd = ArcCosine.sqrtShiftedDet(1, q11, q12, q22);
        double cc = cdfCdf(q11, q12, q22);
        double sdet = ArcCosine.sqrtDet2(q11, q12, q22);
        // pp (q11 cond / (1 + q11) + q12^2 / (1 + q22)), pp = 1 / (2 pi sqrt(D)), cond = q22 + det
        double condOverSd = q22 / sd + (sdet / sd) * sdet;
        double t = q11 / (1 + q11) * condOverSd + (q12 / sd) * (q12 / (1 + q22));
        return q12 * cc + t / (2 * Math.PI);
    }

    /** E[gelu'(u) gelu'(v)], zero means (no overflow: see {@link #geluGelu}). */
    public static double dgeluDgelu(double q11, double q12, double q22) {
        q11 = Math.max(q11, 0);
        q22 = Math.max(q22, 0);
        double sd = ArcCosine.sqrtShiftedDet(1, q11, q12, q22);
        return cdfCdf(q11, q12, q22) + q12 / sd / (2 * Math.PI) * (1 / (1 + q11) + 1 / (1 + q22) + 1 / sd / sd);
    }

    /** E[gelu(u)], u ~ N(m, q): m Phi(m / s) + q phi(m / s) / s, s = sqrt(1 + q). */
    public static double geluMean(double m, double q) {
        q = Math.max(q, 0);
        double s = Math.sqrt(1 + q);
        return m * Normal.cdf(m / s) + q * Normal.pdf(m / s) / s;
    }

    private static double cdfCdf(double q11, double q12, double q22) {
        return 0.25 + ArcCosine.asinShiftedCorrelation(1, q11, q12, q22) / (2 * Math.PI);
    }
}
