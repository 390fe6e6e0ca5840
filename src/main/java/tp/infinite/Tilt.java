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
 *
 * <p>Two coordinates (the common erf' x erf' and gelu case) use the closed 2 x 2 forms
 * {@code det M = 1 - 2 tr(CA) + 4 det C det A} and {@code T = adj(adj C - 2 det(C) A) / det M},
 * with det C compensated: for a bump exp(-z^2) on both sides every term of det M is then
 * non-negative, so huge variances (inputs of norm 1e77, where forming I - 2CA and eliminating
 * cancels (1 + 2q)^2 against 4q^2) keep full precision. Everything is computed in units of a
 * power of two of C's largest entry, so nothing overflows.
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
        double[][] t = new double[d][];
        double invSqrtDet = tilted(cov, a, t);
        if (!(invSqrtDet >= 0) || Double.isInfinite(invSqrtDet)) return Double.NaN;
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
        double e = Math.exp(q + 0.5 * wtw) * invSqrtDet;
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

    /**
     * The law of z ~ N(0, cov) tilted by exp(z^T a z): fills t (rows) with T = (I - 2 C A)^(-1) C
     * and returns det(M)^(-1/2), as a product of factors so a huge determinant does not
     * overflow (NaN when det M &lt;= 0: the weight is not integrable).
     */
    static double tilted(double[][] cov, double[][] a, double[][] t) {
        int d = cov.length;
        if (d == 2) return twoByTwo(cov, a, t);
        // mT = (I - 2 C A) (the transpose of M); solve mT T = C
        double[][] mT = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += cov[i][k] * a[k][j];
                mT[i][j] = (i == j ? 1 : 0) - 2 * s;
            }
        }
        for (int i = 0; i < d; i++) t[i] = cov[i].clone();
        return solve(mT, t);
    }

    /**
     * The 2 x 2 case: fills t with T = (I - 2CA)^(-1) C = adj(adj C - 2 det(C) A) / det M and
     * returns det(M)^(-1/2) (NaN when det M &lt;= 0). With C = C' / u (u a power of two making C'
     * of order 1): det M = (u^2 - 2u tr(C'A) + 4 det(C') det A) / u^2 and T = (C'/u - 2 det(C') ...)
     * over the same, so nothing overflows for any finite C.
     */
    private static double twoByTwo(double[][] c, double[][] a, double[][] t) {
        double big = Math.max(Math.abs(c[0][1]), Math.max(Math.abs(c[0][0]), Math.abs(c[1][1])));
        int e = big > 0 ? Math.getExponent(big) : 0;
        double u = Math.scalb(1.0, -e);
        double c11 = c[0][0] * u, c12 = 0.5 * (c[0][1] + c[1][0]) * u, c22 = c[1][1] * u;
        double a11 = a[0][0], a12 = a[0][1], a22 = a[1][1];
        double detC = tp.infinite.gauss.ArcCosine.det2(Math.max(c11, 0), c12, Math.max(c22, 0));
        double detA = a11 * a22 - a12 * a12;
        double tr = c11 * a11 + 2 * c12 * a12 + c22 * a22;
        double detM = u * u - 2 * u * tr + 4 * detC * detA; // det(M) u^2
        if (!(detM > 0)) return Double.NaN;
        // T = (C - 2 det(C) adj-style terms) / det M, numerator and denominator both times u^2
        t[0] = new double[] {(c11 * u - 2 * detC * a22) / detM, (c12 * u + 2 * detC * a12) / detM};
        t[1] = new double[] {t[0][1], (c22 * u - 2 * detC * a11) / detM};
        // det(M)^(-1/2) = u / sqrt(det(M) u^2)
        return u / Math.sqrt(detM);
    }

    /** Solves m X = rhs in place (rhs becomes X) by partial pivoting; returns |det(m)|^(-1/2), NaN when det(m) &lt;= 0. */
    static double solve(double[][] m, double[][] rhs) {
        int n = m.length;
        double invSqrt = 1;
        int sign = 1;
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
                sign = -sign;
            }
            double piv = m[col][col];
            if (piv == 0) return Double.NaN;
            if (piv < 0) sign = -sign;
            invSqrt /= Math.sqrt(Math.abs(piv));
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
        return sign > 0 ? invSqrt : Double.NaN;
    }
}
