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
import tp.infinite.gauss.ErfProducts;
import tp.infinite.gauss.GaussianFactor;
import tp.infinite.gauss.GaussianIntegrand;
import tp.infinite.gauss.Estimate;
import tp.infinite.gauss.KinkedQuadrature;
import tp.infinite.gauss.SharpQuadrature;
import tp.lang.Fn;
import tp.lang.FnDag;

/**
 * E[prod of factors] by numerical integration over the factors' Gaussian coordinates, for what
 * no closed form covers: one coordinate by adaptive Gauss-Kronrod split at the kinks; a
 * covariance of rank two to {@link GaussHermite#MAX_DIM} by adaptive tensor Gauss-Hermite; more
 * by quasi-Monte Carlo. Before that, exact reductions (docs/ENGINE.md, "Gated recurrences"):
 * products of erfs of zero-mean coordinates, times Gaussian bumps, go to {@link ErfProducts};
 * otherwise one erf alone on its coordinate is integrated out ({@link #conditionOutErf}).
 * Inputs: the upper triangle of the coordinates' covariance.
 *
 * <p><b>Sharp integrands.</b> A smooth built-in of an argument whose standard deviation s is
 * large (tanh(u), u ~ N(0, 100)) is, in standardized units, a transition of width 1/s, which
 * Gauss-Hermite (and the Hermite coefficients of Mehler's series) cannot resolve beyond
 * s ~ {@link #SHARP}: 1e-6 off at s = 3.75, 1% at 12.5. Each factor therefore records its
 * features (where its argument crosses 0, and over what width); when the largest s times the
 * argument's coefficient passes {@link #SHARP}, one and two coordinates go to
 * {@link SharpQuadrature} (adaptive Gauss-Kronrod with breakpoints at every feature), more
 * coordinates are a user error when the rank allows tensor quadrature and go to quasi-Monte
 * Carlo otherwise (its error bar needs no smoothness). Beyond {@link #SATURATED} the kernels of saturating functions
 * lose their precision anyway (the NTK's 1 - tanh^2 terms cancel to O(1/s)), so that is a
 * user error too, for the NNGP and the NTK alike: closed forms (erf, relu, gelu) have no limit.
 */
final class Quadrature implements ElemFn {
    static final double TOL = 1e-11;
    /**
     * Nested Gauss-Kronrod's tolerance for two coordinates (sharp functions, correlations near 1
     * where the Mehler series and the tensor ladder give up): an NTK adds several such terms that
     * cancel to a tenth of their size, so each is computed well below the kernel's 1e-10.
     */
    static final double SHARP_TOL = 1e-13;
    /**
     * A tensor Gauss-Hermite result over more than 2 Gaussians whose own relative error estimate
     * is above this is checked against a long quasi-Monte Carlo run ({@link Workspace#qmcLong}).
     */
    static final double CHECK_ABOVE = 1e-6;
    /** Above this (standard deviation times coefficient) Gauss-Hermite is not trusted. */
    static final double SHARP = 2;
    /** Above this the expectations of saturating built-ins are refused (see the class comment). */
    static final double SATURATED = 1e3;

    /**
     * Where one factor changes, for the sharp path: coordinate index, center and width in the
     * coordinate's units (width 0: a kink), and the coefficient that turns the coordinate's
     * standard deviation into the factor's sharpness (0: a polynomial factor, never sharp).
     */
    private record Feat(int coord, double center, double width, double scale, String what) {}

    /** One factor's value at a point z of the coordinates, given the point's {@link Scratch}. */
    interface Eval {
        double value(double[] z, Scratch s);
    }

    /**
     * Per evaluation: the opaque atoms' expressions of each side compiled into one shared graph
     * ({@link FnDag}), evaluated once per point before the factors read their roots, so d nested
     * atoms sharing their subexpressions cost O(d) per point, not O(d^2).
     */
    static final class Scratch {
        final double[][] vals, nodes;
        /** Per factor, a factor on its erf argument: 1, or the smoothing of an erf integrated out ({@link Quadrature#conditionOutErf}). */
        final double[] scale;

        Scratch(Quadrature q) {
            scale = new double[q.factors.length];
            java.util.Arrays.fill(scale, 1);
            int n = q.dags.length;
            vals = new double[n][q.nVars];
            nodes = new double[n][];
            for (int i = 0; i < n; i++) nodes[i] = new double[q.dags[i].nodes()];
        }
    }

    private final int d;
    private final double[] mean;
    private final Eval[] factors;
    /** Per unary kinked factor: coordinate value where its argument crosses 0 (1-D case). */
    private final double[] kinks;
    private final int nVars;
    /** Two coordinates: the single kink point of each (NaN: smooth), or null when one has several. */
    private final double[] kink2;

    private final Feat[] feats;
    /** Per side with opaque atoms: their shared graph, and which var ids it reads from which coordinates. */
    private final FnDag.Evaluator[] dags;
    private final int[][] dagIds, dagCoords;
    /** The erf factors that are the only factor on their coordinate: {factor index, coordinate, coefficient, offset}. */
    private final double[][] loneErfs;
    /** All unary erf factors, same layout; when they are all the factors, see {@link #zeroMeanErfProduct}. */
    private final double[][] erfs;
    /** When every factor is an erf or a Gaussian bump: the bumps' exponent monomials {coefficient, coordinates...}; else null. */
    private final double[][] bumps;
    private final boolean zeroMeanErf;

    private Quadrature(int d, double[] mean, Eval[] factors, double[] kinks, double[] kink2, int nVars, Feat[] feats,
                       FnDag.Evaluator[] dags, int[][] dagIds, int[][] dagCoords, double[][] loneErfs, double[][] erfs,
                       double[][] bumps) {
        this.bumps = bumps;
        this.loneErfs = loneErfs;
        this.erfs = erfs;
        this.d = d;
        this.mean = mean;
        this.factors = factors;
        this.kinks = kinks;
        this.kink2 = kink2;
        this.nVars = nVars;
        this.feats = feats;
        this.dags = dags;
        this.dagIds = dagIds;
        this.dagCoords = dagCoords;
        this.zeroMeanErf = zeroMeanErfProduct();
    }

    /** Adaptive 1-D Gauss-Kronrod, tensor Gauss-Hermite up to 4-D, quasi-Monte Carlo beyond; erf products by Plackett. */
    @Override
    public double nanos() {
        if (zeroMeanErf) return erfs.length % 2 == 1 ? 100 : erfs.length <= 2 ? 1_000 : erfs.length <= 4 ? 30_000 : 3_000_000;
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
        List<Feat> feats = new ArrayList<>();
        List<Integer> touches = new ArrayList<>(); // the coordinate of every (factor, argument)
        List<double[]> erfs = new ArrayList<>(); // unary erf factors: {factor index, coordinate, coefficient, offset}
        List<double[]> bumps = new ArrayList<>(); // the exponents' monomials of Gaussian bumps: {coefficient, coordinates...}
        int[] bumpFactors = {0};
        // opaque atoms, grouped by side (one group when both sides are one point)
        Map<Integer, List<Fn>> generals = new java.util.TreeMap<>();
        Map<Integer, java.util.TreeMap<Integer, Integer>> reads = new java.util.TreeMap<>();
        List<int[]> rootOf = new ArrayList<>(); // per General factor: {side group, index in its group}
        for (Factor f : fs) {
            if (f.isUnary()) {
                Lin c = f.lin().centered();
                double k = c.coef(0);
                int ci = g.index(c.scale(1 / k), samePoint ? 0 : f.side());
                double off = f.lin().constant();
                touches.add(ci);
                if (f.fn() == tp.lang.Builtin.ERF && f.pl() == null) {
                    int fi = evals.size();
                    erfs.add(new double[] {fi, ci, k, off});
                    evals.add((z, sc) -> f.apply(sc.scale[fi] * (k * z[ci] + off)));
                } else {
                    evals.add((z, sc) -> f.apply(k * z[ci] + off));
                }
                if (f.isKinked()) {
                    kinks.add(-off / k);
                    kinkAt.add(new double[] {ci, -off / k});
                    feats.add(new Feat(ci, -off / k, 0, 0, f.fn() == null ? "a kink" : f.fn().word));
                } else if (!f.isVar() && (f.pl() == null || !f.pl().isAffine())) {
                    feats.add(new Feat(ci, -off / k, 1 / Math.abs(k), Math.abs(k), f.fn().word));
                }
            } else {
                int[] ids = f.atom().vars();
                int[] cis = new int[ids.length];
                for (int i = 0; i < ids.length; i++) cis[i] = g.index(Lin.of(ids[i]), samePoint ? 0 : f.side());
                for (int ci : cis) touches.add(ci);
                // a nested expression or a Gaussian bump: assume it changes where each G-var crosses 0, at unit scale
                String what = f.atom() instanceof Atom.ExpQuad ? "exp" : "a nested nonlinearity";
                for (int ci : cis) feats.add(new Feat(ci, 0, 1, 1, what));
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
                    bumps.addAll(mono);
                    bumpFactors[0]++;
                    evals.add((z, sc) -> {
                        double s = 0;
                        for (double[] m : mono) {
                            double x = m[0];
                            for (int j = 1; j < m.length; j++) x *= z[(int) m[j]];
                            s += x;
                        }
                        return Math.exp(s);
                    });
                } else {
                    int side = samePoint ? 0 : f.side();
                    List<Fn> group = generals.computeIfAbsent(side, k -> new ArrayList<>());
                    java.util.TreeMap<Integer, Integer> r = reads.computeIfAbsent(side, k -> new java.util.TreeMap<>());
                    for (int i = 0; i < ids.length; i++) r.put(ids[i], cis[i]);
                    int[] at = {side, group.size()};
                    group.add(((Atom.General) f.atom()).fn());
                    rootOf.add(at);
                    evals.add(null); // filled in below, once the side's graph is compiled
                }
            }
        }
        // compile each side's opaque atoms into one graph; their factors read its roots
        int groups = generals.size();
        FnDag.Evaluator[] dags = new FnDag.Evaluator[groups];
        int[][] dagIds = new int[groups][], dagCoords = new int[groups][];
        Map<Integer, Integer> groupIndex = new java.util.HashMap<>();
        int gi = 0;
        for (var e : generals.entrySet()) {
            groupIndex.put(e.getKey(), gi);
            dags[gi] = new FnDag().evaluator(e.getValue());
            java.util.TreeMap<Integer, Integer> r = reads.get(e.getKey());
            dagIds[gi] = r.keySet().stream().mapToInt(Integer::intValue).toArray();
            dagCoords[gi] = r.values().stream().mapToInt(Integer::intValue).toArray();
            gi++;
        }
        int next = 0;
        for (int i = 0; i < evals.size(); i++) {
            if (evals.get(i) != null) continue;
            int[] at = rootOf.get(next++);
            int grp = groupIndex.get(at[0]);
            int slot = dags[grp].root(at[1]);
            evals.set(i, (z, sc) -> sc.nodes[grp][slot]);
        }
        int dim = g.size();
        if (dim > 1000) throw new UserError(null, "an expectation over " + dim + " correlated Gaussians is too large");
        // an erf alone on its coordinate can be integrated out exactly (see conditionOutErf)
        int[] count = new int[dim];
        for (int c : touches) count[c]++;
        List<double[]> alone = new ArrayList<>();
        for (double[] e : erfs) if (count[(int) e[1]] == 1) alone.add(e);
        return new Quadrature(dim, g.means(st), evals.toArray(new Eval[0]),
                kinks.stream().mapToDouble(Double::doubleValue).toArray(), kinkCoord(kinkAt, dim), nVars,
                feats.toArray(new Feat[0]), dags, dagIds, dagCoords, alone.toArray(new double[0][]), erfs.toArray(new double[0][]),
                bumpFactors[0] + erfs.size() == evals.size() ? bumps.toArray(new double[0][]) : null);
    }

    /**
     * The largest (standard deviation x coefficient) over the smooth factors, given the
     * coordinates' variances; throws when it passes {@link #SATURATED}.
     */
    private double sharpness(double[] variances) {
        double worst = 0;
        Feat at = null;
        for (Feat f : feats) {
            double s = f.scale() * Math.sqrt(Math.max(variances[f.coord()], 0));
            if (s > worst) {
                worst = s;
                at = f;
            }
        }
        if (worst > SATURATED) throw saturated(at.what(), worst);
        return worst;
    }

    /** The user error for an argument too wide for the quadrature of a saturating function. */
    static UserError saturated(String what, double s) {
        return new UserError(null, String.format(java.util.Locale.ROOT,
                "the argument of %s has a standard deviation of %.3g at some data point: the kernels of saturating"
                        + " functions are computed by quadrature, which loses its precision beyond %.0g; scale the"
                        + " inputs down (relu, erf and gelu have closed forms at any scale)", what, s, SATURATED));
    }

    /** The features on coordinate c, shifted by -shift (the kinked 2-D path moves kinks to 0). */
    private List<SharpQuadrature.Feature> featuresOf(int c, double shift) {
        List<SharpQuadrature.Feature> out = new ArrayList<>();
        for (Feat f : feats) if (f.coord() == c) out.add(new SharpQuadrature.Feature(f.center() - shift, f.width()));
        return out;
    }

    /**
     * The product of unary factors on one coordinate as a function of the coordinate's value
     * (the normalized form {@code norm}), or null when a factor is not a multiple of it.
     */
    static OneCoordinate product(List<Factor> fs, Lin norm) {
        int n = fs.size();
        java.util.function.DoubleUnaryOperator[] parts = new java.util.function.DoubleUnaryOperator[n];
        List<Fn> generalFns = new ArrayList<>();
        List<Integer> generalParts = new ArrayList<>();
        int generalId = -1;
        List<SharpQuadrature.Feature> features = new ArrayList<>();
        double scale = 0;
        String what = "";
        for (int i = 0; i < n; i++) {
            Factor f = fs.get(i);
            if (f.isUnary()) {
                Lin c = f.lin().centered();
                double k = c.coef(0) / norm.coef(0), off = f.lin().constant();
                if (!c.scale(1 / k).equals(norm)) return null;
                parts[i] = z -> f.apply(k * z + off);
                if (!f.isVar() && (f.pl() == null || !f.pl().isAffine())) {
                    features.add(new SharpQuadrature.Feature(-off / k, f.isKinked() ? 0 : 1 / Math.abs(k)));
                    if (!f.isKinked() && Math.abs(k) > scale) {
                        scale = Math.abs(k);
                        what = f.fn().word;
                    }
                }
                continue;
            }
            int[] ids = f.atom().vars();
            if (ids.length != 1 || !norm.equals(Lin.of(ids[0]))) return null;
            features.add(new SharpQuadrature.Feature(0, 1));
            if (1 > scale) {
                scale = 1;
                what = f.atom() instanceof Atom.ExpQuad ? "exp" : "a nested nonlinearity";
            }
            int id = ids[0];
            if (f.atom() instanceof Atom.General gen) { // evaluated together below, sharing subexpressions
                generalFns.add(gen.fn());
                generalParts.add(i);
                generalId = id;
                continue;
            }
            Atom.ExpQuad e = (Atom.ExpQuad) f.atom();
            double[] c = new double[3]; // exponent c0 + c1 z + c2 z^2
            for (Map.Entry<Term, Double> t : e.exponent().terms().entrySet()) c[t.getKey().degree()] += t.getValue();
            parts[i] = z -> Math.exp(c[0] + z * (c[1] + z * c[2]));
        }
        if (!generalFns.isEmpty()) {
            // one part for all opaque atoms: their shared graph evaluated once per point
            FnDag.Evaluator ev = new FnDag().evaluator(generalFns);
            int[] roots = new int[generalFns.size()];
            for (int r = 0; r < roots.length; r++) roots[r] = ev.root(r);
            int id = generalId, size = id + 1;
            parts[generalParts.get(0)] = z -> {
                double[] v = new double[size], scratch = new double[ev.nodes()];
                v[id] = z;
                ev.run(v, scratch);
                double p = 1;
                for (int r : roots) p *= scratch[r];
                return p;
            };
            for (int k = 1; k < generalParts.size(); k++) parts[generalParts.get(k)] = z -> 1;
        }
        return new OneCoordinate(parts, features, scale, what);
    }

    /**
     * A product of factors of one coordinate as a function of its value, with where it changes
     * (for {@link Hermite#coefficients}: the Gauss-Hermite rule cannot resolve it once the
     * coordinate's standard deviation times {@code scale} passes {@link #SHARP}).
     */
    static final class OneCoordinate implements java.util.function.DoubleUnaryOperator {
        private final java.util.function.DoubleUnaryOperator[] parts;
        final List<SharpQuadrature.Feature> features;
        final double scale;
        final String what;

        OneCoordinate(java.util.function.DoubleUnaryOperator[] parts, List<SharpQuadrature.Feature> features,
                      double scale, String what) {
            this.parts = parts;
            this.features = List.copyOf(features);
            this.scale = scale;
            this.what = what;
        }

        @Override
        public double applyAsDouble(double z) {
            double p = 1;
            for (java.util.function.DoubleUnaryOperator part : parts) p *= part.applyAsDouble(z);
            return p;
        }

        /** Standard deviation x coefficient at variance q; throws past {@link #SATURATED}. */
        double sharpness(double q) {
            double s = scale * Math.sqrt(Math.max(q, 0));
            if (s > SATURATED) throw saturated(what, s);
            return s;
        }
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

    /**
     * Whether the integrand is a product of erfs of zero-mean coordinates (several may share one,
     * e.g. erf(u)^2 at one point), times Gaussian bumps exp(quadratic form) such as the erf'
     * of an NTK: then {@link ErfProducts} computes it without quadrature.
     */
    private boolean zeroMeanErfProduct() {
        int k = erfs.length;
        if (bumps == null || k < 1) return false;
        for (double[] e : erfs) if (e[3] != 0 || mean[(int) e[1]] != 0) return false;
        for (double[] m : bumps) {
            if (m.length != 1 && m.length != 3) return false; // a linear term would shift the mean
            for (int j = 1; j < m.length; j++) if (mean[(int) m[j]] != 0) return false;
        }
        return k % 2 == 1 || k <= ErfProducts.MAX_K;
    }

    /** E[prod of the bumps and erfs]: the bumps tilt the zero-mean law ({@link Tilt#tilted}), the erfs go to Plackett. */
    private double erfProduct(double[] in) {
        double[][] cov = new double[d][d], a = new double[d][d], t = new double[d][];
        Gaussians.unpack(in, 0, cov);
        double c0 = 0;
        for (double[] m : bumps) { // exponent z' A z + c0
            if (m.length == 1) {
                c0 += m[0];
                continue;
            }
            int i = (int) m[1], j = (int) m[2];
            a[i][j] += 0.5 * m[0];
            a[j][i] += 0.5 * m[0];
        }
        double mass = bumps.length == 0 ? 1 : Tilt.tilted(cov, a, t);
        double[][] law = bumps.length == 0 ? cov : t;
        int k = erfs.length;
        double[][] u = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                int p = (int) erfs[i][1], q = (int) erfs[j][1];
                u[i][j] = erfs[i][2] * erfs[j][2] * 0.5 * (law[p][q] + law[q][p]);
            }
        }
        return Math.exp(c0) * mass * ErfProducts.zeroMean(u);
    }

    @Override
    public double eval(double[] in, Workspace ws) {
        if (zeroMeanErf) return erfProduct(in);
        Scratch vals = new Scratch(this);
        double[] zz = new double[d];
        if (d == 1) {
            double q = Math.max(in[0], 0), m = mean[0];
            if (q == 0) {
                zz[0] = m;
                return product(zz, vals);
            }
            if (sharpness(new double[] {q}) > SHARP) {
                double v = SharpQuadrature.expect1(u -> {
                    zz[0] = u;
                    return product(zz, vals);
                }, m, q, featuresOf(0, 0), 1e-13);
                ws.noteError(GaussKronrod.lastRelError());
                return v;
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
            double v = GaussKronrod.integrate(xi -> {
                zz[0] = m + s * xi;
                return product(zz, vals) * Math.exp(-0.5 * xi * xi) * 0.3989422804014327;
            }, b, 1e-14);
            ws.noteError(GaussKronrod.lastRelError());
            return v;
        }
        double[][] cov = new double[d][d];
        Gaussians.unpack(in, 0, cov);
        double[] variances = new double[d];
        for (int i = 0; i < d; i++) variances[i] = cov[i][i];
        boolean sharp = sharpness(variances) > SHARP;
        if (sharp && d <= 2) return sharp2(zz, vals, cov, ws, SHARP_TOL);
        if (d == 2 && kink2 != null && (!Double.isNaN(kink2[0]) || !Double.isNaN(kink2[1]))) {
            // kinks at fixed coordinate values: shift them to 0 and integrate with breakpoints there
            double k0 = Double.isNaN(kink2[0]) ? 0 : kink2[0], k1 = Double.isNaN(kink2[1]) ? 0 : kink2[1];
            double r = KinkedQuadrature.expect((u, v) -> {
                zz[0] = u + k0;
                zz[1] = v + k1;
                return product(zz, vals);
            }, mean[0] - k0, mean[1] - k1, cov[0][0], cov[0][1], cov[1][1], !Double.isNaN(kink2[0]),
                    !Double.isNaN(kink2[1]), TOL);
            ws.noteError(GaussKronrod.lastRelError());
            return r;
        }
        if (d == 2 && cov[0][1] * cov[0][1] >= (1 - 1e-12) * cov[0][0] * cov[1][1]) {
            // (nearly) one coordinate: nested Gauss-Kronrod is a 1-D integral there, cheap and sharp
            return sharp2(zz, vals, cov, ws, SHARP_TOL);
        }
        GaussianIntegrand f = z -> product(z, vals);
        conditionOutErf(cov, vals);
        GaussianFactor factor = GaussianFactor.of(cov);
        if (sharp && d <= GaussHermite.MAX_DIM) { // (then the rank is at most 4 too)
            throw new UserError(null, String.format(java.util.Locale.ROOT, "an expectation over %d correlated"
                    + " Gaussians has arguments of standard deviation up to %.3g, beyond what tensor quadrature"
                    + " resolves (%.0f); scale the inputs down", d, sharpnessNoThrow(variances), SHARP));
        }
        if (factor.rank() <= GaussHermite.MAX_DIM && !sharp) {
            double v = ws.gh.expect(f, mean, factor, TOL);
            double rel = ws.gh.lastRelError();
            // a smooth pair the tensor ladder did not settle (a correlation near 1 of slowly
            // converging functions, where the Mehler series also gave up): nested Gauss-Kronrod
            if (d == 2 && !(rel <= TOL)) return sharp2(zz, vals, cov, ws, SHARP_TOL);
            if (d > 2 && rel > CHECK_ABOVE) {
                // the ladder stopped short (erf gates of standard deviation near 2 at rank 4 give
                // 0.3% here): a long quasi-Monte Carlo run, kept when its error bar is the smaller
                Estimate q = ws.qmcLong(d).expect(f, mean, cov);
                if (q.stdError() < ws.gh.lastError()) return ws.noteQmc(q);
            }
            ws.noteError(rel);
            return v;
        }
        // quasi-Monte Carlo does not need smoothness for its error bar, so sharp factors of more than
        // 4 Gaussians go there whatever their rank (a repeated point's 8 erf gates have rank 4)
        return ws.noteQmc(ws.qmc(d).expect(f, mean, cov));
    }

    /** Two coordinates by nested adaptive Gauss-Kronrod with breakpoints at the features. */
    private double sharp2(double[] zz, Scratch vals, double[][] cov, Workspace ws, double tol) {
        double v = SharpQuadrature.expect2((u, w) -> {
            zz[0] = u;
            zz[1] = w;
            return product(zz, vals);
        }, mean[0], mean[1], cov[0][0], cov[0][1], cov[1][1], featuresOf(0, 0), featuresOf(1, 0), tol);
        ws.noteError(GaussKronrod.lastRelError());
        return v;
    }

    /**
     * Integrates one erf out exactly, lowering the rank of the quadrature by one: for an erf
     * factor alone on its coordinate c, given the other coordinates z_c ~ N(m, v) with m affine in
     * them and v = 1 / (cov^-1)_cc, and E[erf(k z_c + b) | rest] = erf((k m + b) / sqrt(1 + 2 k^2 v)).
     * So z_c is replaced by m, a Gaussian with the same covariances and variance cov_cc - v, and the
     * factor's argument is scaled by 1 / sqrt(1 + 2 k^2 v), which also makes it smoother. Takes
     * the lone erf with the largest v (none when every v is 0, e.g. a repeated point).
     */
    private void conditionOutErf(double[][] cov, Scratch sc) {
        if (loneErfs.length == 0 || d < 2) return;
        double best = 0;
        double[] pick = null;
        for (double[] e : loneErfs) {
            double v = conditionalVariance(cov, (int) e[1]);
            if (v > best) {
                best = v;
                pick = e;
            }
        }
        if (pick == null) return;
        int c = (int) pick[1];
        cov[c][c] = Math.max(cov[c][c] - best, 0);
        sc.scale[(int) pick[0]] = 1 / Math.sqrt(1 + 2 * pick[2] * pick[2] * best);
    }

    /** Var(z_c | the other coordinates), by Cholesky with c last; 0 when the others are (nearly) singular. */
    static double conditionalVariance(double[][] cov, int c) {
        int d = cov.length;
        int[] order = new int[d];
        for (int i = 0, k = 0; i < d; i++) if (i != c) order[k++] = i;
        order[d - 1] = c;
        double max = 0;
        for (int i = 0; i < d; i++) max = Math.max(max, cov[i][i]);
        double[][] l = new double[d][d];
        for (int j = 0; j < d; j++) {
            double p = cov[order[j]][order[j]];
            for (int k = 0; k < j; k++) p -= l[j][k] * l[j][k];
            if (j == d - 1) return p > 1e-12 * max ? p : 0;
            if (!(p > 1e-10 * max)) return 0;
            double ljj = Math.sqrt(p);
            l[j][j] = ljj;
            for (int i = j + 1; i < d; i++) {
                double t = cov[order[i]][order[j]];
                for (int k = 0; k < j; k++) t -= l[i][k] * l[j][k];
                l[i][j] = t / ljj;
            }
        }
        return 0;
    }

    private double sharpnessNoThrow(double[] variances) {
        double worst = 0;
        for (Feat f : feats) worst = Math.max(worst, f.scale() * Math.sqrt(Math.max(variances[f.coord()], 0)));
        return worst;
    }

    private double product(double[] z, Scratch sc) {
        for (int g = 0; g < dags.length; g++) {
            double[] v = sc.vals[g];
            for (int i = 0; i < dagIds[g].length; i++) v[dagIds[g][i]] = z[dagCoords[g][i]];
            dags[g].run(v, sc.nodes[g]);
        }
        double p = 1;
        for (Eval e : factors) {
            p *= e.value(z, sc);
            if (p == 0) return 0;
        }
        return p;
    }
}
