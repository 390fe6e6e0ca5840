package tp.infinite;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import tp.infinite.gauss.GaussHermiteRule;
import tp.infinite.gauss.GaussKronrod;
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
 * error: |tail after K terms| &lt;= |rho|^K sqrt(tailA(K) tailB(K)) (Cauchy-Schwarz), with
 * tail(K) = E[F^2] - sum_{k &lt; K} a_k^2.
 *
 * <p><b>How many coefficients, from what rule.</b> The coefficients of a function analytic in a
 * strip (tanh, the logistic sigmoid, softplus: poles at distance d from the real axis) decay
 * like exp(-sqrt(2k) d / s) for an argument of standard deviation s: E[F^2]'s tail falls below
 * 1e-14 after ~90 coefficients of tanh at s = 1, ~650 at s = 2.5 (squares: ~1.4 times more). So
 * the count is chosen per point: E[F^2] first, to 1e-15 by adaptive Gauss-Kronrod (independent
 * of the coefficients, so the Parseval tail is a true estimate of what the coefficients miss,
 * truncation and quadrature error alike); then the coefficients k &lt; n/2 from n-point
 * Gauss-Hermite rules, n = 64, 128, ..., 1024 (a rule's aliasing error on those is about the
 * tail at n/2, measured), until the tail is below {@link #TAIL} of E[F^2]; for a sharp F, whose
 * transitions Gauss-Hermite cannot resolve, a composite Gauss-Legendre rule on
 * [-14, 14] standard deviations with breakpoints at F's features, which is exact to rounding for
 * every k &lt; {@link #K}, advanced 32 coefficients at a time until the tail is small or
 * {@link #K} is reached. Coefficients past the point's count are 0; the tail there is what the
 * Mehler series bounds its truncation with.
 */
final class Hermite {
    /** Coefficients kept per point (slots of the diagonal pass). */
    static final int K = 512;
    /** Target of E[F^2]'s tail, relative: below it the series has all it needs at rho = 1. */
    static final double TAIL = 1e-14;
    /** Gauss-Hermite rules tried, in order; each yields its n/2 first coefficients. */
    private static final int[] LADDER = {64, 128, 256, 512, 1024};
    /** Half-width of the composite rule in standard deviations (|h_k| phi &lt;= exp(-x^2/4) there: 5e-22). */
    private static final double ZMAX = 14;
    private static final int BLOCK = 32;
    /** A Gauss-Hermite rule's E[F^2] must agree with the adaptive one this well (relative) for its coefficients to count. */
    private static final double AGREE = 1e-12;

    private Hermite() {}

    /**
     * Fills a[0..K-1] with the coefficients of F(m + s z), s = sqrt(q), and returns E[F(m + s z)^2]
     * (see the class comment for how many are nonzero and how they are computed).
     */
    static double coefficients(DoubleUnaryOperator f, double m, double q, double[] a) {
        java.util.Arrays.fill(a, 0, K, 0);
        if (!(q > 0)) {
            double v = f.applyAsDouble(m);
            a[0] = v;
            return v * v;
        }
        double s = Math.sqrt(q);
        List<SharpQuadrature.Feature> features = List.of();
        boolean sharp = false;
        if (f instanceof Quadrature.OneCoordinate oc) {
            features = oc.features;
            sharp = oc.sharpness(q) > Quadrature.SHARP;
        }
        double e2 = SharpQuadrature.expect1(u -> {
            double v = f.applyAsDouble(u);
            return v * v;
        }, m, q, features, 1e-15);
        if (!(e2 > 0)) return 0; // F = 0 almost surely
        double target = TAIL * e2;
        if (!sharp) {
            boolean resolved = false;
            for (int n : LADDER) {
                GaussHermiteRule rule = GaussHermiteRule.of(n);
                // nodes of weight 0 (beyond ~38.6) dropped: there h_k would overflow
                int size = 0;
                double[] x = new double[rule.size()], w = new double[rule.size()];
                double e2q = 0;
                for (int i = 0; i < rule.size(); i++) {
                    if (rule.weight(i) == 0) continue;
                    x[size] = rule.node(i);
                    double fx = f.applyAsDouble(m + s * x[size]);
                    w[size] = rule.weight(i) * fx;
                    e2q += w[size] * fx;
                    size++;
                }
                // the rule must get E[F^2] itself (else its coefficients can be off while their
                // squares still add up); then its discrete Parseval identity makes the tail honest
                if (!(Math.abs(e2q - e2) <= AGREE * e2)) continue;
                int kc = n / 2;
                project(java.util.Arrays.copyOf(x, size), java.util.Arrays.copyOf(w, size), a, 0, kc, null);
                resolved = true;
                if (tail(a, kc, e2) <= target) return e2;
            }
            // the finest rule that got E[F^2] has given its coefficients, and the tail says how
            // far they fall short; when none got it, F has features Gauss-Hermite misses
            if (resolved) return e2;
        }
        java.util.Arrays.fill(a, 0, K, 0);
        double[][] r = SharpQuadrature.rule(m, q, features, ZMAX);
        double[] x = r[0], w = r[1];
        for (int i = 0; i < x.length; i++) w[i] *= f.applyAsDouble(m + s * x[i]);
        double[][] state = {new double[x.length], new double[x.length]};
        java.util.Arrays.fill(state[1], 1);
        for (int k0 = 0; k0 < K; k0 += BLOCK) {
            project(x, w, a, k0, Math.min(K, k0 + BLOCK), state);
            if (tail(a, k0 + BLOCK, e2) <= target) break;
        }
        return e2;
    }

    /** E[F^2] minus the squares of the first k coefficients (0 when rounding makes it negative). */
    private static double tail(double[] a, int k, double e2) {
        double acc = 0;
        for (int j = 0; j < k; j++) acc += a[j] * a[j];
        return Math.max(e2 - acc, 0);
    }

    /**
     * a[k] = sum_i w_i h_k(x_i) for k in [from, to), by the three-term recurrence; {@code state}
     * holds h_{from-1}, h_from per node between calls (null: start at k = 0, h_{-1} = 0, h_0 = 1).
     */
    private static void project(double[] x, double[] w, double[] a, int from, int to, double[][] state) {
        int n = x.length;
        double[] h0 = state == null ? new double[n] : state[0], h1 = state == null ? new double[n] : state[1];
        if (state == null) java.util.Arrays.fill(h1, 1);
        for (int k = from; k < to; k++) {
            double acc = 0, sk = SQRT[k], ik = INV_SQRT[k + 1];
            for (int i = 0; i < n; i++) {
                double hk = h1[i];
                acc += w[i] * hk;
                double next = (x[i] * hk - sk * h0[i]) * ik;
                h0[i] = hk;
                h1[i] = next;
            }
            a[k] = acc;
        }
    }

    private static final double[] SQRT = new double[K + 2], INV_SQRT = new double[K + 2];

    static {
        for (int k = 0; k < K + 2; k++) {
            SQRT[k] = Math.sqrt(k);
            INV_SQRT[k] = k == 0 ? 0 : 1 / Math.sqrt(k);
        }
    }
}
