package tp.infinite.gauss;

/**
 * E[erf(u_1) ... erf(u_k)] for u ~ N(0, C), by Plackett's identity instead of a k-dimensional
 * integral. The products of erf gates of a gated recurrence are of this form (docs/ENGINE.md,
 * "Gated recurrences").
 *
 * <ul>
 *   <li>k odd: 0 (u and -u have the same law and the product is odd).</li>
 *   <li>k = 2: the arcsine law (2/pi) asin(2 c12 / sqrt((1 + 2 c11)(1 + 2 c22))).</li>
 *   <li>k &gt;= 4: with C(t) = C0 + t (C - C0), C0 = C with the last coordinate made
 *       uncorrelated with the others (so F(0) = 0: an odd product times E[erf] = 0), Plackett's
 *       dF/dC_ij = E[erf'(u_i) erf'(u_j) prod of the other erfs]. The two erf' = (2/sqrt(pi))
 *       exp(-u^2) are Gaussian: they tilt the law of the others to the covariance
 *       C' = C_rr - C_r,ij (I/2 + C_ij,ij)^-1 C_ij,r with weight det(I + 2 C_ij,ij)^-1/2, so
 *       F(1) = int_0^1 sum over j &lt; k of C_kj (4/pi) det^-1/2 E_(k-2)[C'(t)] dt: one adaptive
 *       Gauss-Kronrod integral of a smooth (analytic) function per level, k/2 - 1 levels nested.</li>
 * </ul>
 * Accuracy about 1e-13 (absolute, products are at most 1); cost: 21 (k - 1) evaluations of
 * the level below when the 21-point rule suffices, so 63 arcsine laws at k = 4 (about 8 us),
 * about 6,600 at k = 6 (about 1 ms), 1e6 at k = 8 (beyond {@link #MAX_K}).
 */
public final class ErfProducts {
    /** The largest k computed here; beyond it the nested integrals cost more than quadrature. */
    public static final int MAX_K = 6;
    private static final double TOL = 1e-13;

    private ErfProducts() {}

    /** E[prod erf(u_i)], u ~ N(0, c); c is k x k with k odd or at most {@link #MAX_K}. */
    public static double zeroMean(double[][] c) {
        int k = c.length;
        if (k % 2 == 1) return 0;
        if (k > MAX_K) throw new IllegalArgumentException("at most " + MAX_K + " erfs: " + k);
        if (k == 0) return 1;
        if (k == 2) return arcsine(c[0][0], c[0][1], c[1][1]);
        // C0: the last coordinate uncorrelated with the others, so F(0) = E[odd product] E[erf] = 0
        int last = k - 1;
        double[][] ct = new double[k][k];
        for (int i = 0; i < k; i++) ct[i] = c[i].clone();
        return GaussKronrod.integrate(t -> {
            for (int j = 0; j < last; j++) ct[last][j] = ct[j][last] = t * c[last][j];
            double s = 0;
            for (int j = 0; j < last; j++) if (c[last][j] != 0) s += c[last][j] * derivative(ct, j, last);
            return s;
        }, new double[] {0, 1}, TOL);
    }

    /** dF/dC_ij at c: (4/pi) det(I + 2 C_ij,ij)^-1/2 E[prod of the other erfs under the tilted law]. */
    private static double derivative(double[][] c, int i, int j) {
        int k = c.length;
        double a = 0.5 + c[i][i], b = c[i][j], d = 0.5 + c[j][j];
        double det = a * d - b * b; // of I/2 + C_ij,ij
        double ia = d / det, ib = -b / det, id = a / det;
        double scale = 4 / Math.PI / Math.sqrt(4 * det); // det(I + 2 C_ij,ij) = 4 det(I/2 + C_ij,ij)
        int[] rest = new int[k - 2];
        for (int r = 0, n = 0; r < k; r++) if (r != i && r != j) rest[n++] = r;
        if (k == 4) { // the innermost level, most of the work: the arcsine law of the tilted pair, no arrays
            int p = rest[0], q = rest[1];
            double pi = c[p][i], pj = c[p][j], qi = c[q][i], qj = c[q][j];
            double tpp = c[p][p] - (pi * (ia * pi + ib * pj) + pj * (ib * pi + id * pj));
            double tpq = c[p][q] - (pi * (ia * qi + ib * qj) + pj * (ib * qi + id * qj));
            double tqq = c[q][q] - (qi * (ia * qi + ib * qj) + qj * (ib * qi + id * qj));
            return scale * arcsine(tpp, tpq, tqq);
        }
        double[][] tilted = new double[k - 2][k - 2];
        for (int p = 0; p < k - 2; p++) {
            double pi = c[rest[p]][i], pj = c[rest[p]][j];
            for (int q = 0; q < k - 2; q++) {
                double qi = c[rest[q]][i], qj = c[rest[q]][j];
                tilted[p][q] = c[rest[p]][rest[q]] - (pi * (ia * qi + ib * qj) + pj * (ib * qi + id * qj));
            }
        }
        return scale * zeroMean(tilted);
    }

    static double arcsine(double c11, double c12, double c22) {
        double r = 2 * c12 / Math.sqrt((1 + 2 * c11) * (1 + 2 * c22));
        return 2 / Math.PI * Math.asin(Math.max(-1, Math.min(1, r)));
    }
}
