package tp.infinite;

import java.util.function.DoubleUnaryOperator;
import tp.infinite.gauss.GaussHermiteRule;
import tp.infinite.gauss.SharpQuadrature;

/**
 * Hermite coefficients of a function of one Gaussian, for Mehler's formula: with z1, z2
 * standard normals of correlation rho and orthonormal Hermite polynomials h_k,
 * <pre>
 *   E[F(m1 + s1 z1) G(m2 + s2 z2)] = sum_k rho^k a_k b_k,   a_k = E[F(m1 + s1 z) h_k(z)],
 * </pre>
 * and b_k likewise. The coefficients depend on one data point only, so a kernel of smooth
 * functions costs one coefficient vector per point plus a short series per pair instead of a
 * two-dimensional quadrature per pair. Parseval, E[F^2] = sum_k a_k^2, bounds the truncation
 * error: |tail| &lt;= |rho|^K sqrt(tailA tailB).
 */
final class Hermite {
    /** Coefficients kept per point. */
    static final int K = 256;
    /** Gauss-Hermite points used to compute them (exact for polynomials of degree 2 RULE - 1). */
    static final int RULE = 400;

    private Hermite() {}

    /**
     * Fills a[0..K-1] with the coefficients of F(m + s z) and returns E[F(m + s z)^2]. A sharp F
     * (a {@link Quadrature.OneCoordinate} whose transitions are narrower than the Gauss-Hermite
     * rule resolves) gets a composite rule with breakpoints at its features instead
     * ({@link SharpQuadrature#rule}).
     */
    static double coefficients(DoubleUnaryOperator f, double m, double q, double[] a) {
        java.util.Arrays.fill(a, 0, K, 0);
        if (!(q > 0)) {
            double v = f.applyAsDouble(m);
            a[0] = v;
            return v * v;
        }
        double s = Math.sqrt(q);
        double[] nodes, weights;
        if (f instanceof Quadrature.OneCoordinate oc && oc.sharpness(q) > Quadrature.SHARP) {
            double[][] r = SharpQuadrature.rule(m, q, oc.features);
            nodes = r[0];
            weights = r[1];
        } else {
            GaussHermiteRule rule = GaussHermiteRule.of(RULE);
            nodes = new double[rule.size()];
            weights = new double[rule.size()];
            for (int i = 0; i < rule.size(); i++) {
                nodes[i] = rule.node(i);
                weights[i] = rule.weight(i);
            }
        }
        double e2 = 0;
        for (int i = 0; i < nodes.length; i++) {
            double x = nodes[i], w = weights[i];
            double fx = f.applyAsDouble(m + s * x);
            double fw = fx * w;
            if (fw == 0) continue;
            e2 += fw * fx;
            double h0 = 0, h1 = 1; // h_{k-1}, h_k
            for (int k = 0; k < K; k++) {
                a[k] += fw * h1;
                double h2 = (x * h1 - SQRT[k] * h0) * INV_SQRT[k + 1];
                h0 = h1;
                h1 = h2;
            }
        }
        return e2;
    }

    private static final double[] SQRT = new double[K + 2], INV_SQRT = new double[K + 2];

    static {
        for (int k = 0; k < K + 2; k++) {
            SQRT[k] = Math.sqrt(k);
            INV_SQRT[k] = k == 0 ? 0 : 1 / Math.sqrt(k);
        }
    }
}
