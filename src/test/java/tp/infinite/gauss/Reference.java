package tp.infinite.gauss;

/**
 * Test-only brute-force Gaussian expectations for smooth integrands: Cholesky by hand (with a
 * zero column for a singular direction), then a tensor Gauss-Legendre rule on [-L, L]^k in the
 * whitened variables, weighted by the standard normal density. Independent of the production
 * Gauss-Hermite code.
 */
final class Reference {
    private Reference() {
    }

    static double expect(GaussianIntegrand f, double[] mean, double[][] cov, int n, double half) {
        int k = mean.length;
        double[][] l = new double[k][k];
        for (int j = 0; j < k; j++) {
            double d = cov[j][j];
            for (int p = 0; p < j; p++) {
                d -= l[j][p] * l[j][p];
            }
            double ljj = d > 1e-13 * Math.abs(cov[j][j]) ? Math.sqrt(d) : 0;
            l[j][j] = ljj;
            for (int i = j + 1; i < k; i++) {
                double s = cov[i][j];
                for (int p = 0; p < j; p++) {
                    s -= l[i][p] * l[j][p];
                }
                l[i][j] = ljj == 0 ? 0 : s / ljj;
            }
        }
        Legendre gl = new Legendre(n);
        double[] xi = new double[k];
        double[] z = new double[k];
        return recurse(f, mean, l, gl, half, 0, xi, z);
    }

    private static double recurse(GaussianIntegrand f, double[] mean, double[][] l, Legendre gl, double half,
                                  int level, double[] xi, double[] z) {
        int k = mean.length;
        if (level == k) {
            for (int i = 0; i < k; i++) {
                double s = mean[i];
                for (int j = 0; j <= i; j++) {
                    s += l[i][j] * xi[j];
                }
                z[i] = s;
            }
            return f.value(z);
        }
        if (l[level][level] == 0) { // singular direction: no integral
            xi[level] = 0;
            return recurse(f, mean, l, gl, half, level + 1, xi, z);
        }
        double s = 0;
        for (int i = 0; i < gl.x.length; i++) {
            xi[level] = half * gl.x[i];
            s += gl.w[i] * Normal.pdf(xi[level]) * recurse(f, mean, l, gl, half, level + 1, xi, z);
        }
        return s * half;
    }

    /** Two variables (u, v) with means and covariance [[q11, q12], [q12, q22]]. */
    static double expect2(java.util.function.DoubleBinaryOperator f, double m1, double m2,
                          double q11, double q12, double q22) {
        return expect(z -> f.applyAsDouble(z[0], z[1]), new double[] {m1, m2},
                new double[][] {{q11, q12}, {q12, q22}}, 300, 10);
    }
}
