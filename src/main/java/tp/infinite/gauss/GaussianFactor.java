package tp.infinite.gauss;

/**
 * A square root of a covariance matrix: L (k x rank) with L L^T = cov, so z = mean + L xi with
 * xi ~ N(0, I_rank) has the law N(mean, cov). Cholesky when cov is clearly positive definite;
 * otherwise (singular or merely positive semidefinite, e.g. two identical data points) a
 * symmetric eigendecomposition with eigenvalues below k * 1e-15 * the largest (and every
 * negative one, which can only be rounding) dropped, which also lowers the rank and with it the
 * cost of tensor-product quadrature.
 */
public final class GaussianFactor {
    /** A pivot below this fraction of the largest diagonal entry sends us to eigendecomposition. */
    private static final double PIVOT_TOL = 1e-12;

    private final int dim;
    private final int rank;
    private final double[] l; // dim x rank, row-major

    private GaussianFactor(int dim, int rank, double[] l) {
        this.dim = dim;
        this.rank = rank;
        this.l = l;
    }

    public int dim() {
        return dim;
    }

    public int rank() {
        return rank;
    }

    /** L[i][j]. */
    public double get(int i, int j) {
        return l[i * rank + j];
    }

    /** out = mean + L xi (xi has at least rank entries). */
    public void transform(double[] mean, double[] xi, double[] out) {
        transform(mean, xi, 0, out);
    }

    /** out = mean + L xi[offset .. offset + rank). */
    public void transform(double[] mean, double[] xi, int offset, double[] out) {
        for (int i = 0; i < dim; i++) {
            double s = mean[i];
            for (int j = 0; j < rank; j++) {
                s += l[i * rank + j] * xi[offset + j];
            }
            out[i] = s;
        }
    }

    public static GaussianFactor of(double[][] cov) {
        int k = cov.length;
        double maxDiag = 0;
        for (int i = 0; i < k; i++) {
            if (cov[i].length != k) {
                throw new IllegalArgumentException("covariance is not square");
            }
            for (int j = 0; j < k; j++) {
                if (!Double.isFinite(cov[i][j])) {
                    throw new IllegalArgumentException("non-finite covariance entry");
                }
            }
            maxDiag = Math.max(maxDiag, cov[i][i]);
        }
        if (maxDiag <= 0) {
            return new GaussianFactor(k, 0, new double[0]);
        }
        double[] chol = cholesky(cov, PIVOT_TOL * maxDiag);
        if (chol != null) {
            return new GaussianFactor(k, k, chol);
        }
        return fromEigen(cov);
    }

    /** Lower Cholesky factor, or null when a pivot falls below tol. */
    private static double[] cholesky(double[][] a, double tol) {
        int k = a.length;
        double[] l = new double[k * k];
        for (int j = 0; j < k; j++) {
            double d = a[j][j];
            for (int p = 0; p < j; p++) {
                d -= l[j * k + p] * l[j * k + p];
            }
            if (!(d > tol)) {
                return null;
            }
            double ljj = Math.sqrt(d);
            l[j * k + j] = ljj;
            for (int i = j + 1; i < k; i++) {
                double s = 0.5 * (a[i][j] + a[j][i]);
                for (int p = 0; p < j; p++) {
                    s -= l[i * k + p] * l[j * k + p];
                }
                l[i * k + j] = s / ljj;
            }
        }
        return l;
    }

    /** Eigenvalues at or below this are dropped (rounding of a semidefinite matrix). */
    private static double cut(double[][] a) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, a[i][i]);
        }
        return a.length * 1e-15 * max;
    }

    /** Cyclic Jacobi eigendecomposition (accurate for the small symmetric matrices met here). */
    private static GaussianFactor fromEigen(double[][] cov) {
        int k = cov.length;
        double[][] a = new double[k][k];
        double[][] v = new double[k][k];
        jacobi(cov, a, v);
        double cut = cut(a);
        int rank = 0;
        for (int i = 0; i < k; i++) {
            if (a[i][i] > cut) {
                rank++;
            }
        }
        double[] l = new double[k * rank];
        int col = 0;
        for (int j = 0; j < k; j++) {
            if (a[j][j] > cut) {
                double s = Math.sqrt(a[j][j]);
                for (int i = 0; i < k; i++) {
                    l[i * rank + col] = v[i][j] * s;
                }
                col++;
            }
        }
        return new GaussianFactor(k, rank, l);
    }

    /** Diagonalizes cov in place of a (eigenvalues on its diagonal), eigenvectors in v's columns. */
    private static void jacobi(double[][] cov, double[][] a, double[][] v) {
        int k = cov.length;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                a[i][j] = 0.5 * (cov[i][j] + cov[j][i]);
                v[i][j] = i == j ? 1 : 0;
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0, diag = 0;
            for (int i = 0; i < k; i++) {
                diag += a[i][i] * a[i][i];
                for (int j = i + 1; j < k; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-34 * diag) {
                break;
            }
            for (int p = 0; p < k; p++) {
                for (int q = p + 1; q < k; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int r = 0; r < k; r++) { // columns p, q
                        double arp = a[r][p], arq = a[r][q];
                        a[r][p] = c * arp - s * arq;
                        a[r][q] = s * arp + c * arq;
                    }
                    for (int r = 0; r < k; r++) { // rows p, q
                        double apr = a[p][r], aqr = a[q][r];
                        a[p][r] = c * apr - s * aqr;
                        a[q][r] = s * apr + c * aqr;
                    }
                    for (int r = 0; r < k; r++) {
                        double vrp = v[r][p], vrq = v[r][q];
                        v[r][p] = c * vrp - s * vrq;
                        v[r][q] = s * vrp + c * vrq;
                    }
                }
            }
        }
    }
}
