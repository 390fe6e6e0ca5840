package tp.infinite.gauss;

/**
 * The n-point Gauss-Hermite rule for the standard normal weight: sum_i w_i f(x_i) approximates
 * E[f(Z)], Z ~ N(0, 1), exactly for polynomials of degree up to 2n - 1 (the weights sum to 1).
 * Nodes start from Golub-Welsch (eigenvalues of the Jacobi matrix, by tridiagonal QL: O(n^2))
 * and are polished by Newton on the Hermite-function recurrence; weights are 1 / (n p_{n-1}(x_i)^2)
 * with p_k orthonormal, which keeps the tiny weights of the outer nodes to full relative precision. Rules are built
 * once per n and shared (immutable).
 */
public final class GaussHermiteRule {
    public static final int MAX_POINTS = 1024;
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
            double[] off = new double[n];
            for (int k = 1; k < n; k++) {
                off[k - 1] = Math.sqrt(k);
            }
            x = tridiagonalEigenvalues(new double[n], off);
            java.util.Arrays.sort(x);
        }
        double[] w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = -x[i] > 0 ? -x[i] : Math.abs(x[n - 1 - i]);
            if (n % 2 == 1 && i == n / 2) {
                z = 0;
            }
            for (int it = 0; it < 10 && z != 0; it++) {
                double[] p = hermiteFunctions(n, z);
                if (p[2] == 0) {
                    break; // beyond ~54 standard deviations: the weight is 0 in double precision anyway
                }
                double dz = p[0] / (Math.sqrt(n) * p[1]);
                z -= dz;
                if (Math.abs(dz) <= 1e-16 * Math.abs(z)) {
                    break;
                }
            }
            double[] p = hermiteFunctions(n, z);
            // w = 1 / (n p_{n-1}(z)^2) = psi_0(z)^2 / (n psi_{n-1}(z)^2), psi_k = p_k sqrt(phi)
            double wi = p[2] == 0 ? 0 : (p[2] / p[1]) * (p[2] / p[1]) / n;
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = wi;
            w[n - 1 - i] = wi;
        }
        return new GaussHermiteRule(x, w);
    }

    /**
     * {psi_n(z), psi_{n-1}(z), psi_0(z)} for the Hermite functions psi_k = p_k sqrt(phi) (p_k the
     * orthonormal probabilists' Hermite polynomials), which stay below 1 where the polynomials
     * overflow (z ~ 40 for n ~ 1000); psi_n / psi_{n-1} = p_n / p_{n-1} for Newton's step.
     */
    private static double[] hermiteFunctions(int n, double z) {
        double p0 = 0, p1 = Math.exp(-0.25 * z * z) * 0.63161877774606470129; // (2 pi)^(-1/4)
        double first = p1;
        for (int k = 0; k < n; k++) {
            double p2 = (z * p1 - Math.sqrt(k) * p0) / Math.sqrt(k + 1);
            p0 = p1;
            p1 = p2;
        }
        return new double[] {p1, p0, first};
    }

    /**
     * Eigenvalues of the symmetric tridiagonal matrix with diagonal d and off-diagonal e[0..n-2]
     * (e has length n; destroyed), by the implicit QL algorithm without eigenvectors: O(n^2),
     * where a full eigendecomposition costs O(n^3) (2 s at n = 400, 20 s at 1024).
     */
    static double[] tridiagonalEigenvalues(double[] d, double[] e) {
        int n = d.length;
        e[n - 1] = 0;
        for (int l = 0; l < n; l++) {
            int iter = 0;
            int m;
            do {
                for (m = l; m < n - 1; m++) {
                    double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
                    if (Math.abs(e[m]) <= 0x1p-53 * dd) {
                        break;
                    }
                }
                if (m != l) {
                    if (iter++ == 60) {
                        throw new IllegalStateException("tridiagonal QL did not converge");
                    }
                    double g = (d[l + 1] - d[l]) / (2 * e[l]);
                    double r = Math.hypot(g, 1);
                    g = d[m] - d[l] + e[l] / (g + Math.copySign(r, g));
                    double s = 1, c = 1, p = 0;
                    int i;
                    for (i = m - 1; i >= l; i--) {
                        double f = s * e[i], b = c * e[i];
                        r = Math.hypot(f, g);
                        e[i + 1] = r;
                        if (r == 0) {
                            d[i + 1] -= p;
                            e[m] = 0;
                            break;
                        }
                        s = f / r;
                        c = g / r;
                        g = d[i + 1] - p;
                        r = (d[i] - g) * s + 2 * c * b;
                        p = s * r;
                        d[i + 1] = g + p;
                        g = c * r - b;
                    }
                    if (r == 0 && i >= l) {
                        continue;
                    }
                    d[l] -= p;
                    e[l] = g;
                    e[m] = 0;
                }
            } while (m != l);
        }
        return d;
    }

}
