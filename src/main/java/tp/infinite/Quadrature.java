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
import tp.lang.Fn;

/**
 * E[prod of factors] by numerical integration over the factors' Gaussian coordinates, for what
 * no closed form covers: one coordinate by adaptive Gauss-Kronrod split at the kinks; two to
 * {@link GaussHermite#MAX_DIM} by adaptive tensor Gauss-Hermite; more by quasi-Monte Carlo.
 * Inputs: the upper triangle of the coordinates' covariance.
 */
final class Quadrature implements ElemFn {
    static final double TOL = 1e-12;

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

    private Quadrature(int d, double[] mean, Eval[] factors, double[] kinks, int nVars) {
        this.d = d;
        this.mean = mean;
        this.factors = factors;
        this.kinks = kinks;
        this.nVars = nVars;
    }

    /** Builds the integrand and registers its coordinates in g (normalized affine forms, so relu(2g) and step(g) share one). */
    static Quadrature of(List<Factor> fs, Gaussians g, tp.compile.Structure st, int nVars) {
        List<Eval> evals = new ArrayList<>();
        List<Double> kinks = new ArrayList<>();
        for (Factor f : fs) {
            if (f.isUnary()) {
                Lin c = f.lin().centered();
                double k = c.coef(0);
                int ci = g.index(c.scale(1 / k), f.side());
                double off = f.lin().constant();
                evals.add((z, v) -> f.apply(k * z[ci] + off));
                if (f.isKinked()) kinks.add(-off / k);
            } else {
                int[] ids = f.atom().vars();
                int[] cis = new int[ids.length];
                for (int i = 0; i < ids.length; i++) cis[i] = g.index(Lin.of(ids[i]), f.side());
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
        if (dim > GaussHermite.MAX_DIM) {
            throw new UserError(null, "an expectation over " + dim + " correlated Gaussians is beyond this build's"
                    + " quadrature (at most " + GaussHermite.MAX_DIM + ")");
        }
        return new Quadrature(dim, g.means(st), evals.toArray(new Eval[0]),
                kinks.stream().mapToDouble(Double::doubleValue).toArray(), nVars);
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
        GaussianIntegrand f = z -> product(z, vals);
        return ws.gh.expect(f, mean, cov, TOL);
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
