package tp.infinite;

import java.util.List;
import java.util.Map;
import tp.compile.Atom;
import tp.compile.Lin;
import tp.compile.Term;
import tp.infinite.gauss.Isserlis;

/**
 * E[exp(q(z)) * z_i1 * ... * z_ik] for z ~ N(mu, C) and q(z) = c + b.z + z^T A z, in closed form
 * (Gaussian bumps such as erf' and gelu's density times polynomial factors): with
 * M = I - 2 A C and w = b + 2 A mu,
 * <pre>
 *   E[exp q] = det(M)^(-1/2) exp(q(mu) + w^T T w / 2),  T = (I - 2 C A)^(-1) C,
 * </pre>
 * and under the tilted law z ~ N(mu + T w, T) the polynomial factor is an Isserlis moment.
 * No factorization of C is needed, so singular covariances (identical points) are fine. A
 * non-positive det(M) means the integral diverges: NaN, reported by the caller.
 */
final class Tilt implements ElemFn {
    private final int d;
    private final double[] mu;
    private final double[][] a;
    private final double[] b;
    private final double c;
    private final int[] poly;

    private Tilt(int d, double[] mu, double[][] a, double[] b, double c, int[] poly) {
        this.d = d;
        this.mu = mu;
        this.a = a;
        this.b = b;
        this.c = c;
        this.poly = poly;
    }

    /** Factors: ExpQuad atoms and G-vars themselves; coordinates are single G-vars at a side. */
    static Tilt of(List<Factor> fs, Gaussians g, tp.compile.Structure st) {
        for (Factor f : fs) for (int id : f.atom().vars()) g.index(Lin.of(id), f.side());
        int d = g.size();
        double[][] a = new double[d][d];
        double[] b = new double[d];
        double c = 0;
        int np = 0;
        for (Factor f : fs) if (!(f.atom() instanceof Atom.ExpQuad)) np++;
        int[] poly = new int[np];
        np = 0;
        for (Factor f : fs) {
            if (f.atom() instanceof Atom.ExpQuad e) {
                for (Map.Entry<Term, Double> t : e.exponent().terms().entrySet()) {
                    List<Atom> at = t.getKey().atoms();
                    double w = t.getValue();
                    if (at.isEmpty()) c += w;
                    else if (at.size() == 1) b[coord(g, at.get(0), f.side())] += w;
                    else {
                        int i = coord(g, at.get(0), f.side()), j = coord(g, at.get(1), f.side());
                        a[i][j] += 0.5 * w;
                        a[j][i] += 0.5 * w;
                    }
                }
            } else {
                poly[np++] = coord(g, f.atom(), f.side());
            }
        }
        return new Tilt(d, g.means(st), a, b, c, poly);
    }

    private static int coord(Gaussians g, Atom var, int side) {
        return g.index(Lin.of(((Atom.Unary) var).arg().id(0)), side);
    }

    @Override
    public double eval(double[] in, Workspace ws) {
        double[][] cov = new double[d][d];
        Gaussians.unpack(in, 0, cov);
        // mT = (I - 2 C A) (the transpose of M); solve mT T = C
        double[][] mT = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += cov[i][k] * a[k][j];
                mT[i][j] = (i == j ? 1 : 0) - 2 * s;
            }
        }
        double[][] t = new double[d][];
        for (int i = 0; i < d; i++) t[i] = cov[i].clone();
        double det = solve(mT, t);
        if (!(det > 0)) return Double.NaN;
        double[] w = b.clone();
        double q = c;
        for (int i = 0; i < d; i++) {
            double am = 0;
            for (int j = 0; j < d; j++) am += a[i][j] * mu[j];
            w[i] += 2 * am;
            q += b[i] * mu[i] + mu[i] * am;
        }
        double wtw = 0;
        double[] shift = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += t[i][j] * w[j];
            shift[i] = s;
            wtw += w[i] * s;
        }
        double e = Math.exp(q + 0.5 * wtw) / Math.sqrt(det);
        if (poly.length == 0) return e;
        double[] m2 = new double[d];
        for (int i = 0; i < d; i++) m2[i] = mu[i] + shift[i];
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double s = 0.5 * (t[i][j] + t[j][i]);
                t[i][j] = s;
                t[j][i] = s;
            }
        }
        return e * Isserlis.product(poly, m2, t);
    }

    /** Solves m X = rhs in place (rhs becomes X) by partial pivoting; returns det(m). */
    static double solve(double[][] m, double[][] rhs) {
        int n = m.length;
        double det = 1;
        for (int col = 0; col < n; col++) {
            int p = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[p][col])) p = r;
            if (p != col) {
                double[] t = m[p];
                m[p] = m[col];
                m[col] = t;
                t = rhs[p];
                rhs[p] = rhs[col];
                rhs[col] = t;
                det = -det;
            }
            double piv = m[col][col];
            det *= piv;
            if (piv == 0) return 0;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / piv;
                if (f == 0) continue;
                for (int k = col; k < n; k++) m[r][k] -= f * m[col][k];
                for (int k = 0; k < rhs[r].length; k++) rhs[r][k] -= f * rhs[col][k];
            }
        }
        for (int col = n - 1; col >= 0; col--) {
            for (int k = 0; k < rhs[col].length; k++) {
                double s = rhs[col][k];
                for (int j = col + 1; j < n; j++) s -= m[col][j] * rhs[j][k];
                rhs[col][k] = s / m[col][col];
            }
        }
        return det;
    }
}
