package tp.infinite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tp.UserError;
import tp.compile.Atom;
import tp.compile.Lin;
import tp.compile.Poly;
import tp.compile.Term;
import tp.infinite.gauss.GaussHermite;
import tp.infinite.gauss.GaussKronrod;
import tp.infinite.gauss.GaussianIntegrand;
import tp.infinite.gauss.Estimate;
import tp.infinite.gauss.KinkedQuadrature;
import tp.lang.Fn;

/**
 * E[prod of factors] by numerical integration over the factors' Gaussian coordinates, for what
 * no closed form covers: one coordinate by adaptive Gauss-Kronrod split at the kinks; two to
 * {@link GaussHermite#MAX_DIM} by adaptive tensor Gauss-Hermite; more by quasi-Monte Carlo.
 * Inputs: the upper triangle of the coordinates' covariance.
 */
final class Quadrature implements ElemFn {
    static final double TOL = 1e-11;

    /** One factor's value at a point z of the coordinates; vals is scratch indexed by var id. */
    interface Eval {
        double value(double[] z, double[] vals);
    }

    private final int d;
    private final double[] mean;
    private final Eval[] factors;
    /** Per unary kinked factor: coordinate value where its argument crosses 0 (1-D case). */
    private final double[] kinks;
    private final int nVars;
    /** Two coordinates: the single kink point of each (NaN: smooth), or null when one has several. */
    private final double[] kink2;

    private Quadrature(int d, double[] mean, Eval[] factors, double[] kinks, double[] kink2, int nVars) {
        this.d = d;
        this.mean = mean;
        this.factors = factors;
        this.kinks = kinks;
        this.kink2 = kink2;
        this.nVars = nVars;
    }

    /** Adaptive 1-D Gauss-Kronrod, tensor Gauss-Hermite up to 4-D, quasi-Monte Carlo beyond. */
    @Override
    public double nanos() {
        if (d <= 1) return 3_000;
        if (d <= 2) return 30_000;
        if (d <= GaussHermite.MAX_DIM) return 300_000;
        return 3_000_000;
    }

    /** Per coordinate its one kink location, if every kinked factor on it kinks at the same point. */
    private static double[] kinkCoord(List<double[]> kinkAt, int dim) {
        double[] k = new double[dim];
        java.util.Arrays.fill(k, Double.NaN);
        for (double[] ka : kinkAt) {
            int c = (int) ka[0];
            if (Double.isNaN(k[c])) k[c] = ka[1];
            else if (k[c] != ka[1]) return null;
        }
        return k;
    }

    /** Builds the integrand and registers its coordinates in g (normalized affine forms, so relu(2g) and step(g) share one). */
    static Quadrature of(List<Factor> fs, Gaussians g, tp.compile.Structure st, int nVars) {
        return of(fs, g, st, nVars, false);
    }

    /**
     * As above; with {@code samePoint} (the diagonal pass, x = x') the two sides are one point,
     * so factors of the same form share one coordinate.
     */
    static Quadrature of(List<Factor> fs, Gaussians g, tp.compile.Structure st, int nVars, boolean samePoint) {
        List<Eval> evals = new ArrayList<>();
        List<Double> kinks = new ArrayList<>();
        List<double[]> kinkAt = new ArrayList<>();
        for (Factor f : fs) {
            if (f.isUnary()) {
                Lin c = f.lin().centered();
                double k = c.coef(0);
                int ci = g.index(c.scale(1 / k), samePoint ? 0 : f.side());
                double off = f.lin().constant();
                evals.add((z, v) -> f.apply(k * z[ci] + off));
                if (f.isKinked()) {
                    kinks.add(-off / k);
                    kinkAt.add(new double[] {ci, -off / k});
                }
            } else {
                int[] ids = f.atom().vars();
                int[] cis = new int[ids.length];
                for (int i = 0; i < ids.length; i++) cis[i] = g.index(Lin.of(ids[i]), samePoint ? 0 : f.side());
                if (f.atom() instanceof Atom.ExpQuad e) {
                    Poly p = e.exponent();
                    List<double[]> mono = new ArrayList<>();
                    for (Map.Entry<Term, Double> t : p.terms().entrySet()) {
                        double[] m = new double[1 + t.getKey().degree()];
                        m[0] = t.getValue();
                        for (int j = 0; j < t.getKey().degree(); j++) {
                            int id = ((Atom.Unary) t.getKey().atoms().get(j)).arg().id(0);
                            m[1 + j] = cis[java.util.Arrays.binarySearch(ids, id)];
                        }
                        mono.add(m);
                    }
                    evals.add((z, v) -> {
                        double s = 0;
                        for (double[] m : mono) {
                            double x = m[0];
                            for (int j = 1; j < m.length; j++) x *= z[(int) m[j]];
                            s += x;
                        }
                        return Math.exp(s);
                    });
                } else {
                    Fn fn = ((Atom.General) f.atom()).fn();
                    evals.add((z, v) -> {
                        for (int i = 0; i < ids.length; i++) v[ids[i]] = z[cis[i]];
                        return fn.eval(v);
                    });
                }
            }
        }
        int dim = g.size();
        if (dim > 1000) throw new UserError(null, "an expectation over " + dim + " correlated Gaussians is too large");
        return new Quadrature(dim, g.means(st), evals.toArray(new Eval[0]),
                kinks.stream().mapToDouble(Double::doubleValue).toArray(), kinkCoord(kinkAt, dim), nVars);
    }

    /**
     * The product of unary factors on one coordinate as a function of the coordinate's value
     * (the normalized form {@code norm}), or null when a factor is not a multiple of it.
     */
    static java.util.function.DoubleUnaryOperator product(List<Factor> fs, Lin norm) {
        int n = fs.size();
        java.util.function.DoubleUnaryOperator[] parts = new java.util.function.DoubleUnaryOperator[n];
        for (int i = 0; i < n; i++) {
            Factor f = fs.get(i);
            if (f.isUnary()) {
                Lin c = f.lin().centered();
                double k = c.coef(0) / norm.coef(0), off = f.lin().constant();
                if (!c.scale(1 / k).equals(norm)) return null;
                parts[i] = z -> f.apply(k * z + off);
                continue;
            }
            int[] ids = f.atom().vars();
            if (ids.length != 1 || !norm.equals(Lin.of(ids[0]))) return null;
            int id = ids[0];
            if (f.atom() instanceof Atom.ExpQuad e) {
                double[] c = new double[3]; // exponent c0 + c1 z + c2 z^2
                for (Map.Entry<Term, Double> t : e.exponent().terms().entrySet()) c[t.getKey().degree()] += t.getValue();
                parts[i] = z -> Math.exp(c[0] + z * (c[1] + z * c[2]));
            } else {
                Fn fn = ((Atom.General) f.atom()).fn();
                int size = id + 1;
                parts[i] = z -> {
                    double[] v = new double[size];
                    v[id] = z;
                    return fn.eval(v);
                };
            }
        }
        return z -> {
            double p = 1;
            for (java.util.function.DoubleUnaryOperator part : parts) p *= part.applyAsDouble(z);
            return p;
        };
    }

    /** The coordinate a factor is a function of, normalized (first coefficient 1), or null if it reads several. */
    static Lin coordinate(Factor f) {
        if (f.isUnary()) {
            Lin c = f.lin().centered();
            return c.scale(1 / c.coef(0));
        }
        int[] ids = f.atom().vars();
        return ids.length == 1 ? Lin.of(ids[0]) : null;
    }

    @Override
    public double eval(double[] in, Workspace ws) {
        double[] vals = new double[nVars];
        double[] zz = new double[d];
        if (d == 1) {
            double q = Math.max(in[0], 0), m = mean[0];
            if (q == 0) {
                zz[0] = m;
                return product(zz, vals);
            }
            double s = Math.sqrt(q);
            double[] breaks = new double[2 + kinks.length];
            int n = 0;
            breaks[n++] = -40;
            for (double k : kinks) {
                double xi = (k - m) / s;
                if (xi > -40 && xi < 40) breaks[n++] = xi;
            }
            breaks[n++] = 40;
            double[] b = java.util.Arrays.copyOf(breaks, n);
            java.util.Arrays.sort(b);
            return GaussKronrod.integrate(xi -> {
                zz[0] = m + s * xi;
                return product(zz, vals) * Math.exp(-0.5 * xi * xi) * 0.3989422804014327;
            }, b, 1e-14);
        }
        double[][] cov = new double[d][d];
        Gaussians.unpack(in, 0, cov);
        if (d == 2 && kink2 != null && (!Double.isNaN(kink2[0]) || !Double.isNaN(kink2[1]))) {
            // kinks at fixed coordinate values: shift them to 0 and integrate with breakpoints there
            double k0 = Double.isNaN(kink2[0]) ? 0 : kink2[0], k1 = Double.isNaN(kink2[1]) ? 0 : kink2[1];
            return KinkedQuadrature.expect((u, v) -> {
                zz[0] = u + k0;
                zz[1] = v + k1;
                return product(zz, vals);
            }, mean[0] - k0, mean[1] - k1, cov[0][0], cov[0][1], cov[1][1], !Double.isNaN(kink2[0]),
                    !Double.isNaN(kink2[1]), TOL);
        }
        GaussianIntegrand f = z -> product(z, vals);
        if (d <= GaussHermite.MAX_DIM) return ws.gh.expect(f, mean, cov, TOL);
        Estimate e = ws.qmc(d).expect(f, mean, cov);
        ws.qmcError = Math.max(ws.qmcError, e.stdError());
        ws.qmcCount++;
        return e.value();
    }

    private double product(double[] z, double[] vals) {
        double p = 1;
        for (Eval e : factors) {
            p *= e.value(z, vals);
            if (p == 0) return 0;
        }
        return p;
    }
}
