package tp.infinite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tp.compile.Atom;
import tp.compile.Canon;
import tp.compile.Lin;
import tp.compile.Poly;
import tp.compile.Structure;
import tp.compile.Term;
import tp.infinite.gauss.ArcCosine;
import tp.infinite.gauss.ErfKernels;
import tp.infinite.gauss.ExpTrigKernels;
import tp.infinite.gauss.GeluKernels;
import tp.infinite.gauss.Isserlis;
import tp.infinite.gauss.PiecewiseLinear;
import tp.lang.Builtin;
import tp.lang.Fn;
import tp.lang.Program;

/**
 * Plans E[P(x) Q(x')] for canonical polys P, Q: bilinear over term pairs; each term pair's
 * atoms split into independent components (no shared random source), whose expectations
 * multiply; each component goes to the first method that applies:
 * <ol>
 *   <li>a monomial in Gaussians: Isserlis moments with means;</li>
 *   <li>one factor: one-dimensional closed forms (piecewise linear, erf, exp/sin/cos, gelu);</li>
 *   <li>two factors: bivariate closed forms (arc-cosine family, erf, gelu, Stein's lemma
 *       for a G-var times a function);</li>
 *   <li>exp/sin/cos products: characteristic function; Gaussian bumps times monomials: tilting;</li>
 *   <li>otherwise quadrature ({@link Quadrature}).</li>
 * </ol>
 * A component whose atoms all sit at one point is a per-point quantity: computed in the
 * diagonal pass and read at the row or column point.
 */
final class Expectations {
    private static final int DIAG = PlanBuilder.DIAG, CROSS = PlanBuilder.CROSS;

    private final Program program;
    private final Structure st;
    private final Canon canon;
    private final PlanBuilder pb;
    private final Planner rec;

    Expectations(Program program, Structure st, Canon canon, PlanBuilder pb, Planner rec) {
        this.program = program;
        this.st = st;
        this.canon = canon;
        this.pb = pb;
        this.rec = rec;
    }

    /** E[p(Z(x)) q(Z(x'))]. */
    Src poly(Poly p, Poly q, int mode) {
        if (p.isZero() || q.isZero()) return Src.ZERO;
        return pb.memo(mode, "P" + p.key() + "||" + q.key(), () -> {
            Src whole = mode == CROSS ? wholeMehler(p, q) : null;
            if (whole != null) return whole;
            List<Double> c = new ArrayList<>();
            List<Src> s = new ArrayList<>();
            for (Map.Entry<Term, Double> a : p.terms().entrySet()) {
                for (Map.Entry<Term, Double> b : q.terms().entrySet()) {
                    Src e = term(a.getKey(), b.getKey(), mode);
                    if (e.isZero()) continue;
                    c.add(a.getValue() * b.getValue());
                    s.add(e);
                }
            }
            return pb.sum(mode, c.stream().mapToDouble(Double::doubleValue).toArray(), s.toArray(new Src[0]), null);
        });
    }

    private Src term(Term a, Term b, int mode) {
        List<Factor> fs = new ArrayList<>();
        // per-point parameters (Netsor+) are constants at each point: factors read at their side
        Src params = Src.ONE;
        for (Atom x : a.atoms()) {
            if (x instanceof Atom.Param p) params = pb.times(mode, params, PlanBuilder.side(rec.param(p), 0, mode));
            else fs.add(Factor.of(x, 0));
        }
        for (Atom x : b.atoms()) {
            if (x instanceof Atom.Param p) params = pb.times(mode, params, PlanBuilder.side(rec.param(p), 1, mode));
            else fs.add(Factor.of(x, 1));
        }
        if (fs.isEmpty()) return params;
        if (!params.isConst() || params.value() != 1) return pb.times(mode, params, term(fs, mode));
        return term(fs, mode);
    }

    private Src term(List<Factor> fs, int mode) {
        // union-find over shared random sources
        int n = fs.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (st.mayCorrelate(fs.get(i).atom().vars(), fs.get(j).atom().vars())) {
                    parent[find(parent, i)] = find(parent, j);
                }
            }
        }
        Src product = Src.ONE;
        for (int r = 0; r < n; r++) {
            if (find(parent, r) != r) continue;
            List<Factor> comp = new ArrayList<>();
            for (int i = 0; i < n; i++) if (find(parent, i) == r) comp.add(fs.get(i));
            Src e = component(comp, mode);
            if (e.isZero()) return Src.ZERO;
            product = pb.times(mode, product, e);
        }
        return product;
    }

    private static int find(int[] p, int i) {
        while (p[i] != i) i = p[i] = p[p[i]];
        return i;
    }

    private Src component(List<Factor> fs0, int mode) {
        List<Factor> fs = mergePiecewiseLinear(fs0);
        if (mode == CROSS) {
            int side = fs.get(0).side();
            boolean oneSide = true;
            for (Factor f : fs) oneSide &= f.side() == side;
            if (oneSide) {
                List<Factor> at0 = new ArrayList<>();
                for (Factor f : fs) at0.add(new Factor(f.atom(), 0, f.lin(), f.pl()));
                return PlanBuilder.side(component(at0, DIAG), side, CROSS);
            }
        }
        fs.sort(Comparator.comparing(Factor::key));
        StringBuilder key = new StringBuilder("E");
        for (Factor f : fs) key.append(f.key()).append(';');
        return pb.memo(mode, key.toString(), () -> dispatch(fs, mode));
    }

    /** Same-form, same-side products like step(g) * relu(g) are one piecewise-linear function. */
    private static List<Factor> mergePiecewiseLinear(List<Factor> fs) {
        List<Factor> out = new ArrayList<>();
        for (Factor f : fs) {
            boolean merged = false;
            if (f.pl() != null) {
                for (int i = 0; i < out.size() && !merged; i++) {
                    Factor g = out.get(i);
                    if (g.pl() == null || g.side() != f.side() || !g.lin().equals(f.lin())) continue;
                    PiecewiseLinear p = Factor.times(g.pl(), f.pl());
                    if (p != null) {
                        out.set(i, new Factor(g.atom(), g.side(), g.lin(), p));
                        merged = true;
                    }
                }
            }
            if (!merged) out.add(f);
        }
        return out;
    }

    private Src dispatch(List<Factor> fs, int mode) {
        boolean allVars = true, allUnary = true, tiltable = true;
        for (Factor f : fs) {
            allVars &= f.isVar();
            allUnary &= f.isUnary();
            tiltable &= f.isVar() || f.atom() instanceof Atom.ExpQuad;
        }
        if (allVars) return monomial(fs, mode);
        if (fs.size() == 1 && allUnary) return mean(fs.get(0), mode);
        if (fs.size() == 2 && allUnary) {
            Src s = pair(fs.get(0), fs.get(1), mode);
            if (s != null) return s;
        }
        Gaussians g = new Gaussians();
        if (allUnary && ComplexExp.applies(fs)) {
            ComplexExp ce = ComplexExp.of(fs, g, st);
            return pb.scalar(mode, g.covSources(rec, mode), ce);
        }
        if (tiltable) {
            Tilt t = Tilt.of(fs, g, st);
            return pb.scalar(mode, g.covSources(rec, mode), t);
        }
        Src m = mehler(fs, mode);
        if (m != null) return m;
        Quadrature q = Quadrature.of(fs, g, st, st.varCount(), mode == DIAG);
        return pb.scalar(mode, g.covSources(rec, mode), q, Quadrature.TOL);
    }

    /**
     * Smooth functions of one coordinate at each point: Mehler's series over per-point Hermite
     * coefficients ({@link Hermite}) instead of a 2-D quadrature per pair; null when not applicable.
     */
    private Src mehler(List<Factor> fs, int mode) {
        if (mode != CROSS) return null;
        List<Factor> left = new ArrayList<>(), right = new ArrayList<>();
        for (Factor f : fs) {
            if (f.isKinked()) return null; // slowly decaying coefficients: quadrature with breakpoints instead
            (f.side() == 0 ? left : right).add(f);
        }
        if (left.isEmpty() || right.isEmpty()) return null;
        Lin nl = Quadrature.coordinate(left.get(0)), nr = Quadrature.coordinate(right.get(0));
        if (nl == null || nr == null) return null;
        java.util.function.DoubleUnaryOperator fl = Quadrature.product(left, nl), fr = Quadrature.product(right, nr);
        if (fl == null || fr == null) return null;
        List<Factor> ordered = new ArrayList<>(left);
        ordered.addAll(right);
        Gaussians g = new Gaussians();
        Quadrature fallback = Quadrature.of(ordered, g, st, st.varCount());
        if (g.size() != 2) return null;
        int rowFirst = hermite(left, nl, fl), colFirst = hermite(right, nr, fr);
        Src q11 = PlanBuilder.side(rec.covLin(nl, nl, DIAG), 0, CROSS);
        Src q22 = PlanBuilder.side(rec.covLin(nr, nr, DIAG), 1, CROSS);
        Src q12 = rec.covLin(nl, nr, CROSS);
        return pb.mehler(q11, q12, q22, rowFirst, colFirst, fallback);
    }

    /**
     * E[P(u) Q(v)] as one Mehler series when P is a polynomial in smooth functions without a
     * closed form (tanh, sigmoid, softplus, nested expressions) of one coordinate u, and Q of one
     * coordinate v: the Hermite coefficients of P as a whole instead of one series per term pair.
     * An NTK's derivative polynomials (1 - tanh^2, s - s^2) cancel to a small fraction of their
     * terms, so term by term each series' error is amplified by that cancellation (and there are
     * |P| |Q| of them); as a whole, the error is relative to sqrt(E[P^2] E[Q^2]), the size of the
     * result. Single terms come here too, for {@link PairQuadrature}'s fallback where the series
     * does not converge. Null when the polys do not qualify (then term pairs as usual).
     */
    private Src wholeMehler(Poly p, Poly q) {
        Lin nl = smoothCoordinate(p, 0), nr = smoothCoordinate(q, 1);
        if (nl == null || nr == null || !st.mayCorrelate(nl.ids(), nr.ids())) return null;
        Quadrature.OneCoordinate fl = whole(p, 0, nl), fr = whole(q, 1, nr);
        if (fl == null || fr == null) return null;
        double ml = st.mean(nl), mr = st.mean(nr);
        int rowFirst = hermiteSlots.computeIfAbsent("HW" + nl.key() + ":" + p.key(),
                k -> pb.hermite(PlanBuilder.side(rec.covLin(nl, nl, DIAG), 0, DIAG), fl, ml));
        int colFirst = hermiteSlots.computeIfAbsent("HW" + nr.key() + ":" + q.key(),
                k -> pb.hermite(PlanBuilder.side(rec.covLin(nr, nr, DIAG), 0, DIAG), fr, mr));
        Src q11 = PlanBuilder.side(rec.covLin(nl, nl, DIAG), 0, CROSS);
        Src q22 = PlanBuilder.side(rec.covLin(nr, nr, DIAG), 1, CROSS);
        Src q12 = rec.covLin(nl, nr, CROSS);
        return pb.mehler(q11, q12, q22, rowFirst, colFirst, new PairQuadrature(fl, ml, fr, mr));
    }

    /**
     * The one coordinate (normalized) that every atom of p is a smooth function of, when at least
     * one atom is a function without a closed form; else null.
     */
    private static Lin smoothCoordinate(Poly p, int side) {
        Lin norm = null;
        boolean open = false;
        for (Term t : p.terms().keySet()) {
            for (Atom a : t.atoms()) {
                if (a instanceof Atom.Param || a instanceof Atom.ExpQuad) return null;
                Factor f = Factor.of(a, side);
                if (f.isKinked() || (f.pl() != null && !f.pl().isAffine())) return null;
                Lin c = Quadrature.coordinate(f);
                if (c == null || (norm != null && !norm.equals(c))) return null;
                norm = c;
                Builtin b = f.fn();
                open |= a instanceof Atom.General || b == Builtin.TANH || b == Builtin.SIGMOID || b == Builtin.SOFTPLUS;
            }
        }
        return open ? norm : null;
    }

    /** p as a function of its coordinate's value: sum over terms of coefficient times the product of factors. */
    private static Quadrature.OneCoordinate whole(Poly p, int side, Lin norm) {
        int n = p.size(), i = 0;
        double[] coef = new double[n];
        Quadrature.OneCoordinate[] terms = new Quadrature.OneCoordinate[n];
        List<tp.infinite.gauss.SharpQuadrature.Feature> features = new ArrayList<>();
        double scale = 0;
        String what = "";
        for (Map.Entry<Term, Double> e : p.terms().entrySet()) {
            List<Factor> fs = new ArrayList<>();
            for (Atom a : e.getKey().atoms()) fs.add(Factor.of(a, side));
            Quadrature.OneCoordinate oc = Quadrature.product(fs, norm);
            if (oc == null) return null;
            for (var ft : oc.features) if (!features.contains(ft)) features.add(ft);
            if (oc.scale > scale) {
                scale = oc.scale;
                what = oc.what;
            }
            coef[i] = e.getValue();
            terms[i++] = oc;
        }
        java.util.function.DoubleUnaryOperator sum = z -> {
            double s = 0;
            for (int k = 0; k < n; k++) s += coef[k] * terms[k].applyAsDouble(z);
            return s;
        };
        return new Quadrature.OneCoordinate(new java.util.function.DoubleUnaryOperator[] {sum}, features, scale, what);
    }

    private static Lin normalized(Lin l) {
        Lin c = l.centered();
        return c.scale(1 / c.coef(0));
    }

    /** The diagonal-pass Hermite coefficients of a product of factors of one coordinate (memoized). */
    private int hermite(List<Factor> fs, Lin norm, java.util.function.DoubleUnaryOperator f) {
        StringBuilder key = new StringBuilder("H" + norm.key() + ":");
        fs.stream().map(x -> x.key().substring(0, x.key().lastIndexOf('@'))).sorted().forEach(k -> key.append(k).append(';'));
        return hermiteSlots.computeIfAbsent(key.toString(),
                k -> pb.hermite(PlanBuilder.side(rec.covLin(norm, norm, DIAG), 0, DIAG), f, st.mean(norm)));
    }

    private final java.util.Map<String, Integer> hermiteSlots = new java.util.HashMap<>();

    /** E[prod of G-vars] (Isserlis with means). */
    private Src monomial(List<Factor> fs, int mode) {
        Gaussians g = new Gaussians();
        int[] idx = new int[fs.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = g.index(fs.get(i).lin(), fs.get(i).side());
        double[] mu = g.means(st);
        if (fs.size() == 1) return Src.constant(mu[idx[0]]);
        Src[] cov = g.covSources(rec, mode);
        if (fs.size() == 2) {
            Src c = g.size() == 1 ? cov[0] : cov[1];
            return pb.sum(mode, new double[] {1, mu[idx[0]] * mu[idx[1]]}, new Src[] {c, Src.ONE}, null);
        }
        int d = g.size();
        return pb.scalar(mode, cov, (in, ws) -> {
            double[][] c = new double[d][d];
            Gaussians.unpack(in, 0, c);
            return Isserlis.product(idx, mu, c);
        });
    }

    /** E[f(u)] for one built-in of an affine form (always a per-point quantity). */
    private Src mean(Factor f, int mode) {
        Lin c = f.lin().centered();
        double m = st.mean(f.lin());
        Src q = PlanBuilder.side(rec.covLin(c, c, DIAG), f.side(), mode);
        Src[] in = {q};
        if (f.pl() != null) {
            PiecewiseLinear pl = f.pl();
            return pb.scalar(mode, in, (v, ws) -> ArcCosine.mean(pl, m, v[0]));
        }
        switch (f.fn()) {
            case ERF:
                return pb.scalar(mode, in, (v, ws) -> ErfKernels.erfMean(m, v[0]));
            case EXP:
                return pb.scalar(mode, in, (v, ws) -> ExpTrigKernels.expMean(m, v[0]));
            case SIN:
                return pb.scalar(mode, in, (v, ws) -> ExpTrigKernels.sinMean(m, v[0]));
            case COS:
                return pb.scalar(mode, in, (v, ws) -> ExpTrigKernels.cosMean(m, v[0]));
            case GELU:
                return pb.scalar(mode, in, (v, ws) -> GeluKernels.geluMean(m, v[0]));
            default: {
                Gaussians g = new Gaussians();
                Quadrature qd = Quadrature.of(List.of(f), g, st, st.varCount());
                return pb.scalar(mode, g.covSources(rec, mode), qd, 1e-13);
            }
        }
    }

    /** Bivariate closed forms; null when none applies. */
    private Src pair(Factor f, Factor g, int mode) {
        if (f.side() == g.side() && f.lin().centered().equals(g.lin().centered())) return null; // one coordinate
        if (mode == CROSS && f.side() == 1) {
            Factor t = f;
            f = g;
            g = t;
        }
        Lin lu = f.lin().centered(), lv = g.lin().centered();
        double m1 = st.mean(f.lin()), m2 = st.mean(g.lin());
        Src q11 = PlanBuilder.side(rec.covLin(lu, lu, DIAG), f.side(), mode);
        Src q22 = PlanBuilder.side(rec.covLin(lv, lv, DIAG), g.side(), mode);
        Src q12 = Gaussians.entry(rec, lu, f.side(), lv, g.side(), mode);
        Src[] in = {q11, q12, q22};
        if (f.pl() != null && g.pl() != null) {
            PiecewiseLinear a = f.pl(), b = g.pl();
            if (m1 == 0 && m2 == 0) return pb.arcCos(mode, a, b, q11, q12, q22);
            return pb.scalar(mode, in, (v, ws) -> ArcCosine.expect(a, b, m1, m2, v[0], v[1], v[2]), 1e-14);
        }
        if (f.isVar()) return stein(g, f, mode);
        if (g.isVar()) return stein(f, g, mode);
        Builtin a = f.fn(), b = g.fn();
        if (a == Builtin.ERF && b == Builtin.ERF) {
            return pb.scalar(mode, in, (v, ws) -> ErfKernels.erfErf(m1, m2, v[0], v[1], v[2]));
        }
        if (a == Builtin.GELU && b == Builtin.GELU && m1 == 0 && m2 == 0) {
            return pb.scalar(mode, in, (v, ws) -> GeluKernels.geluGelu(v[0], v[1], v[2]));
        }
        return null;
    }

    /** Stein's lemma: E[f(u) v] = E[v] E[f(u)] + Cov(u, v) E[f'(u)]. */
    private Src stein(Factor f, Factor v, int mode) {
        Src ef = component(new ArrayList<>(List.of(f)), mode);
        Poly d = canon.of(f.fn().derivative(fnOf(f.lin()), new Fn.Const(f.param())));
        Src edf = f.side() == 0 ? poly(d, Poly.ONE, mode) : poly(Poly.ONE, d, mode);
        Src cuv = Gaussians.entry(rec, f.lin().centered(), f.side(), v.lin(), v.side(), mode);
        double mv = st.mean(v.lin());
        return pb.sum(mode, new double[] {mv, 1}, new Src[] {ef, cuv}, new Src[] {Src.ONE, edf});
    }

    /** An affine form as an expression (to differentiate a built-in of it symbolically). */
    private Fn fnOf(Lin l) {
        Fn f = new Fn.Const(l.constant());
        for (int i = 0; i < l.size(); i++) {
            Fn t = new Fn.Bin('*', new Fn.Const(l.coef(i)), new Fn.Arg(st.var(l.id(i))));
            f = new Fn.Bin('+', f, t);
        }
        return f;
    }
}
