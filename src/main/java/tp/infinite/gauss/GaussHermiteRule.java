package tp.infinite.gauss;

import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The n-point Gauss-Hermite rule for the standard normal weight: sum_i w_i f(x_i) approximates
 * E[f(Z)], Z ~ N(0, 1), exactly for polynomials of degree up to 2n - 1 (the weights sum to 1).
 * Nodes start from Golub-Welsch (eigenvalues of the Jacobi matrix) and are polished by Newton
 * on the orthonormal Hermite recurrence; weights are 1 / (n p_{n-1}(x_i)^2) with p_k orthonormal,
 * which keeps the tiny weights of the outer nodes to full relative precision. Rules are built
 * once per n and shared (immutable).
 */
public final class GaussHermiteRule {
    public static final int MAX_POINTS = 400;
    private static final GaussHermiteRule[] CACHE = new GaussHermiteRule[MAX_POINTS + 1];

    private final double[] nodes;
    private final double[] weights;

    private GaussHermiteRule(double[] nodes, double[] weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    public int size() {
        return nodes.length;
    }

    public double node(int i) {
        return nodes[i];
    }

    public double weight(int i) {
        return weights[i];
    }

    /** The n-point rule (1 &lt;= n &lt;= {@link #MAX_POINTS}), cached. */
    public static GaussHermiteRule of(int n) {
        if (n < 1 || n > MAX_POINTS) {
            throw new IllegalArgumentException("Gauss-Hermite points must be in 1.." + MAX_POINTS + ": " + n);
        }
        synchronized (CACHE) {
            if (CACHE[n] == null) {
                CACHE[n] = build(n);
            }
            return CACHE[n];
        }
    }

    private static GaussHermiteRule build(int n) {
        double[] x = new double[n];
        if (n > 1) {
            double[] diag = new double[n];
            double[] off = new double[n - 1];
            for (int k = 1; k < n; k++) {
                off[k - 1] = Math.sqrt(k);
            }
            double[] eig = new EigenDecomposition(diag, off).getRealEigenvalues();
            java.util.Arrays.sort(eig);
            x = eig;
        }
        double[] w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = -x[i] > 0 ? -x[i] : Math.abs(x[n - 1 - i]);
            if (n % 2 == 1 && i == n / 2) {
                z = 0;
            }
            for (int it = 0; it < 10 && z != 0; it++) {
                double[] p = orthonormal(n, z);
                double dz = p[0] / (Math.sqrt(n) * p[1]);
                z -= dz;
                if (Math.abs(dz) <= 1e-16 * Math.abs(z)) {
                    break;
                }
            }
            double pnm1 = orthonormal(n, z)[1];
            double wi = 1 / (n * pnm1 * pnm1);
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = wi;
            w[n - 1 - i] = wi;
        }
        return new GaussHermiteRule(x, w);
    }

    /** {p_n(z), p_{n-1}(z)} for the orthonormal probabilists' Hermite polynomials. */
    private static double[] orthonormal(int n, double z) {
        double p0 = 0, p1 = 1; // p_{-1}, p_0
        for (int k = 0; k < n; k++) {
            double p2 = (z * p1 - Math.sqrt(k) * p0) / Math.sqrt(k + 1);
            p0 = p1;
            p1 = p2;
        }
        return new double[] {p1, p0};
    }
}
