package tp.infinite;

import org.ejml.data.DMatrixRMaj;

/**
 * Independent infinite-width kernels of a fully connected network with one smooth nonlinearity,
 * for the tests: the textbook recursion with every two-dimensional expectation computed by a
 * high-degree tensor Gauss-Hermite rule of its own (Golub-Welsch), sharing no code with the
 * engine. The network is {@code g1 = W1 x + b1}, {@code h_l = phi(g_l)},
 * {@code g_{l+1} = W_{l+1} h_l + b_{l+1}}, output {@code f = V h_L + c}, every weight matrix of
 * sigma {@code sw} (entries N(0, sw^2 / fan-in)) and every bias of sigma {@code sb}. With
 * {@code (u, v) ~ N(0, [[S(x,x), S(x,y)], [S(x,y), S(y,y)]])} for the previous layer's S:
 * <pre>
 *   Sigma^1(x, y)     = sw^2 x.y / d + sb^2,                 Theta^1 = Sigma^1
 *   Sigma^{l+1}(x, y) = sw^2 E[phi(u) phi(v)] + sb^2
 *   Theta^{l+1}(x, y) = Sigma^{l+1}(x, y) + sw^2 E[phi'(u) phi'(v)] Theta^l(x, y)
 * </pre>
 * (the derivative of the output in W_{l+1} contributes sw^2 E[phi phi], in b_{l+1} sb^2, and
 * every earlier parameter reaches the output through W_{l+1} phi'(g_l), whose inner product over
 * the width tends to sw^2 E[phi' phi'] times the earlier layers' kernel). The output is layer
 * L + 1. The expectation: u = s1 z1, v = s2 (rho z1 + sqrt(1 - rho^2) z2) with z1, z2 independent
 * standard normals, each integrated by the n-point rule.
 */
final class HermiteMlp {
    /** phi and its derivative at x, written into out[0], out[1]. */
    interface Smooth {
        void eval(double x, double[] out);
    }

    final double[] nodes, weights;

    /**
     * The n-point rule less its nodes of weight below 1e-25: the integrands here grow at most
     * linearly, so those nodes add less than 1e-20 relative, and without them a 3000-point rule
     * costs what a 500-point one does (the nodes spread to +-sqrt(4n), the weight is e^(-x^2/2)).
     */
    HermiteMlp(int n) {
        double[][] r = gaussHermite(n);
        int m = 0;
        for (double w : r[1]) if (w >= 1e-25) m++;
        nodes = new double[m];
        weights = new double[m];
        for (int i = 0, k = 0; i < n; i++) {
            if (r[1][i] < 1e-25) continue;
            nodes[k] = r[0][i];
            weights[k++] = r[1][i];
        }
    }

    /** NNGP (index 0) and NTK (index 1) of rows of a against rows of b. */
    DMatrixRMaj[] kernels(Smooth phi, int layers, double sw, double sb, DMatrixRMaj a, DMatrixRMaj b) {
        int na = a.numRows, nb = b.numRows, d = a.numCols;
        double[][] sig = new double[na][nb], th = new double[na][nb];
        double[] sa = new double[na], sbb = new double[nb], ta = new double[na], tb = new double[nb];
        for (int i = 0; i < na; i++) sa[i] = ta[i] = sw * sw * dot(a, i, a, i) / d + sb * sb;
        for (int j = 0; j < nb; j++) sbb[j] = tb[j] = sw * sw * dot(b, j, b, j) / d + sb * sb;
        for (int i = 0; i < na; i++) {
            for (int j = 0; j < nb; j++) sig[i][j] = th[i][j] = sw * sw * dot(a, i, b, j) / d + sb * sb;
        }
        double[] e = new double[2];
        for (int l = 0; l < layers; l++) {
            // the diagonals first: the cross entries need this layer's input variances
            double[] sa2 = new double[na], ta2 = new double[na], sb2 = new double[nb], tb2 = new double[nb];
            for (int i = 0; i < na; i++) {
                expect(phi, sa[i], sa[i], sa[i], e);
                sa2[i] = sw * sw * e[0] + sb * sb;
                ta2[i] = sa2[i] + sw * sw * e[1] * ta[i];
            }
            for (int j = 0; j < nb; j++) {
                expect(phi, sbb[j], sbb[j], sbb[j], e);
                sb2[j] = sw * sw * e[0] + sb * sb;
                tb2[j] = sb2[j] + sw * sw * e[1] * tb[j];
            }
            for (int i = 0; i < na; i++) {
                for (int j = 0; j < nb; j++) {
                    expect(phi, sa[i], sig[i][j], sbb[j], e);
                    sig[i][j] = sw * sw * e[0] + sb * sb;
                    th[i][j] = sig[i][j] + sw * sw * e[1] * th[i][j];
                }
            }
            sa = sa2;
            ta = ta2;
            sbb = sb2;
            tb = tb2;
        }
        return new DMatrixRMaj[] {new DMatrixRMaj(sig), new DMatrixRMaj(th)};
    }

    /** e[0] = E[phi(u) phi(v)], e[1] = E[phi'(u) phi'(v)] for (u, v) ~ N(0, [[q11, q12], [q12, q22]]). */
    void expect(Smooth phi, double q11, double q12, double q22, double[] e) {
        double s1 = Math.sqrt(q11), s2 = Math.sqrt(q22);
        double rho = Math.max(-1, Math.min(1, q12 / (s1 * s2)));
        double c = s2 * rho, r = s2 * Math.sqrt(Math.max(0, 1 - rho * rho));
        double[] fu = new double[2], fv = new double[2];
        double e0 = 0, e1 = 0;
        for (int i = 0; i < nodes.length; i++) {
            phi.eval(s1 * nodes[i], fu);
            double in0 = 0, in1 = 0, base = c * nodes[i];
            for (int j = 0; j < nodes.length; j++) {
                phi.eval(base + r * nodes[j], fv);
                in0 += weights[j] * fv[0];
                in1 += weights[j] * fv[1];
            }
            e0 += weights[i] * fu[0] * in0;
            e1 += weights[i] * fu[1] * in1;
        }
        e[0] = e0;
        e[1] = e1;
    }

    private static double dot(DMatrixRMaj a, int i, DMatrixRMaj b, int j) {
        double s = 0;
        for (int k = 0; k < a.numCols; k++) s += a.get(i, k) * b.get(j, k);
        return s;
    }

    /**
     * Nodes and weights of the n-point rule for the standard normal (probabilists' Hermite):
     * Golub-Welsch, i.e. the eigenvalues of the Jacobi matrix (zero diagonal, off-diagonal
     * sqrt(k)) and the squared first components of its unit eigenvectors, by implicit QL with
     * Wilkinson shifts applying the rotations to the first row only (O(n^2)). The engine has its
     * own (tp.infinite.gauss.GaussHermiteRule); this one is written out again on purpose, so the
     * reference shares no code with what it checks.
     */
    static double[][] gaussHermite(int n) {
        double[] d = new double[n], e = new double[n], z = new double[n];
        for (int k = 0; k + 1 < n; k++) e[k] = Math.sqrt(k + 1.0);
        z[0] = 1;
        for (int l = 0; l < n; l++) {
            for (int iter = 0; ; iter++) {
                int m = l;
                for (; m < n - 1; m++) {
                    double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
                    if (Math.abs(e[m]) <= 0x1p-53 * dd) break;
                }
                if (m == l) break;
                if (iter > 60) throw new IllegalStateException("QL did not converge");
                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double rr = Math.hypot(g, 1);
                g = d[m] - d[l] + e[l] / (g + Math.copySign(rr, g));
                double s = 1, c = 1, p = 0;
                int i = m - 1;
                for (; i >= l; i--) {
                    double f = s * e[i], b = c * e[i];
                    rr = Math.hypot(f, g);
                    e[i + 1] = rr;
                    if (rr == 0) {
                        d[i + 1] -= p;
                        e[m] = 0;
                        break;
                    }
                    s = f / rr;
                    c = g / rr;
                    g = d[i + 1] - p;
                    rr = (d[i] - g) * s + 2 * c * b;
                    p = s * rr;
                    d[i + 1] = g + p;
                    g = c * rr - b;
                    double zf = z[i + 1];
                    z[i + 1] = s * z[i] + c * zf;
                    z[i] = c * z[i] - s * zf;
                }
                if (rr == 0 && i >= l) continue;
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            }
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = z[i] * z[i];
        return new double[][] {d, w};
    }
}
