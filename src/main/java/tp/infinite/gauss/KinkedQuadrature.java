package tp.infinite.gauss;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * E[F(u, v)] for (u, v) ~ N((m1, m2), [[q11, q12], [q12, q22]]) and F smooth except across the
 * lines u = 0 and/or v = 0: products and sums of relu/step/abs/sign of u or v with smooth
 * functions (e.g. relu(u) tanh(v), step(u) u v), where tensor Gauss-Hermite converges only
 * algebraically. Nested adaptive Gauss-Kronrod on the whitened variables u = m1 + s1 x,
 * v = m2 + l21 x + l22 y, every kink a breakpoint: the inner integral over y is split where
 * v = 0, the outer over x where u = 0 (and around where v's kink passes when l22 is small).
 * Accuracy about relTol of E[|F|]; cost typically 50k-100k evaluations of F (a few ms).
 */
public final class KinkedQuadrature {
    private static final double Z = ArcCosine.Z_MAX;

    private KinkedQuadrature() {
    }

    /**
     * @param kinkU F may be non-smooth across u = 0
     * @param kinkV F may be non-smooth across v = 0
     */
    public static double expect(DoubleBinaryOperator f, double m1, double m2, double q11, double q12, double q22,
                                boolean kinkU, boolean kinkV, double relTol) {
        ArcCosine.checkFinite(m1, m2, 0);
        ArcCosine.checkFinite(q11, q12, q22);
        q11 = Math.max(q11, 0);
        q22 = Math.max(q22, 0);
        if (q11 == 0 && q22 == 0) {
            return f.applyAsDouble(m1, m2);
        }
        if (q11 == 0) { // integrate over v alone, as the outer variable
            DoubleBinaryOperator swapped = (a, b) -> f.applyAsDouble(b, a);
            return expect(swapped, m2, m1, q22, q12, q11, kinkV, kinkU, relTol);
        }
        double s1 = Math.sqrt(q11);
        double s2 = Math.sqrt(q22);
        double l21 = Math.max(-s2, Math.min(s2, q12 / s1));
        double l22 = ArcCosine.sqrtDet2(q11, q12, q22) / s1;
        double innerTol = 0.1 * relTol;
        DoubleUnaryOperator outer = x -> {
            double u = m1 + s1 * x;
            double c = m2 + l21 * x;
            double inner;
            if (l22 == 0) {
                inner = f.applyAsDouble(u, c);
            } else {
                DoubleUnaryOperator g = y -> f.applyAsDouble(u, c + l22 * y) * Normal.pdf(y);
                inner = GaussKronrod.integrate(g, breaks(kinkV ? -c / l22 : Double.NaN, Double.NaN), innerTol);
            }
            return inner * Normal.pdf(x);
        };
        double kinkX = kinkU ? -m1 / s1 : Double.NaN;
        double kinkVx = kinkV && l21 != 0 ? -m2 / l21 : Double.NaN;
        double width = l22 / Math.abs(l21);
        return GaussKronrod.integrate(outer, breaks(kinkX, kinkVx, width), relTol);
    }

    /** [-Z, Z] with breakpoints at +-10 (beyond which phi is below 1e-22), kink, and around kink2. */
    private static double[] breaks(double kink, double kink2, double... width) {
        double[] b = new double[12];
        int n = 0;
        b[n++] = -Z;
        b[n++] = -10;
        b[n++] = 10;
        b[n++] = Z;
        if (kink > -Z && kink < Z) {
            b[n++] = kink;
        }
        if (kink2 > -Z && kink2 < Z) {
            b[n++] = kink2;
            double w = width.length > 0 ? width[0] : 1;
            for (double k = 1; k <= 100 && w * k < 1; k *= 10) {
                for (double p : new double[] {kink2 - k * w, kink2 + k * w}) {
                    if (p > -Z && p < Z) {
                        b[n++] = p;
                    }
                }
            }
        }
        double[] out = java.util.Arrays.copyOf(b, n);
        java.util.Arrays.sort(out);
        return out;
    }
}
