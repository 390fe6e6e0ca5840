package tp.infinite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tp.compile.Affine;
import tp.compile.Atom;
import tp.compile.Canon;
import tp.compile.Gradients;
import tp.compile.Lin;
import tp.compile.LongIntMap;
import tp.compile.MatKey;
import tp.compile.Poly;
import tp.compile.Sparsity;
import tp.compile.Structure;
import tp.lang.Def;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Var;

/**
 * Yang's mean/covariance recursion (Cappelletti eqs. 3.3, 3.4) and the NTK's backward recursion,
 * planned as ops of a {@link PlanBuilder} for exactly the blocks {@link Sparsity} found
 * structurally, in an order where every block's inputs are planned before it (forward blocks by
 * increasing variable id, backward blocks by decreasing id), so that planning a 10^4-layer
 * network needs no deep Java stack. Blocks are memoized by integer pair keys.
 *
 * <p>Forward: K(a, b) = sum over atom pairs of one matrix of sigma^2 kappa E[phi_a phi_b'] (data
 * arguments: x.x'/d), of one VecIn of sigma^2, plus composite (nested LinComb) pairs by
 * recursion; centered, since means are constants ({@link Structure}).
 *
 * <p>Backward (gradient independence): DO(C, C') = sum over correlated node pairs of
 * E[psi psi'] DV(Y, Y'); DV(Y, Y') = sum over entry pairs of one matrix of c c' sigma^2 kappa
 * times, for a readout row, 1 and for uses u, v, sum over E(u) x E(v) of s s' DO. The NTK is
 * sum over class pairs of DO(C, C') times the covariance of their trainable members, plus
 * the readout and finite bias terms.
 */
final class Planner {
    static final int DIAG = PlanBuilder.DIAG, CROSS = PlanBuilder.CROSS;

    private final Program program;
    private final List<Var> vars;
    private final Structure st;
    private final Canon canon;
    private final PlanBuilder pb;
    private final Sparsity sp;
    private final Gradients gr;
    private final Expectations ex;
    private final LongIntMap[] covMemo = {new LongIntMap(), new LongIntMap()};
    private final LongIntMap[] momentMemo = {new LongIntMap(), new LongIntMap()};
    private final LongIntMap classMemo = new LongIntMap();
    private final LongIntMap nodeMemo = new LongIntMap();
    private final List<Src> srcs = new ArrayList<>();
    /** The width for standard-parametrization fan-ins (0: none given). */
    private final int width;

    Planner(Program program, Structure st, Canon canon, PlanBuilder pb, Sparsity sp, Gradients gr, int width) {
        this.width = width;
        this.program = program;
        this.vars = program.vars();
        this.st = st;
        this.canon = canon;
        this.pb = pb;
        this.sp = sp;
        this.gr = gr;
        this.ex = new Expectations(program, st, canon, pb, this);
    }

    private Src remember(LongIntMap memo, long key, Src s) {
        memo.put(key, srcs.size());
        srcs.add(s);
        return s;
    }

    private Src recall(LongIntMap memo, long key) {
        int i = memo.get(key);
        return i < 0 ? null : srcs.get(i);
    }

    // ---- forward ------------------------------------------------------------------------------

    /** Plans every forward block the kernels need, in increasing order of the larger variable id. */
    void planForward() {
        List<long[]> items = new ArrayList<>();
        for (int mode = 0; mode < 2; mode++) {
            for (long p : sp.covariances(mode)) items.add(new long[] {p, mode, 0});
            for (long p : sp.moments(mode)) items.add(new long[] {p, mode, 1});
        }
        items.sort((x, y) -> {
            int mx = Math.max(LongIntMap.first(x[0]), LongIntMap.second(x[0]));
            int my = Math.max(LongIntMap.first(y[0]), LongIntMap.second(y[0]));
            if (mx != my) return Integer.compare(mx, my);
            if (x[2] != y[2]) return Long.compare(x[2], y[2]);
            return Long.compare(x[1], y[1]);
        });
        for (long[] it : items) {
            Var a = st.var(LongIntMap.first(it[0])), b = st.var(LongIntMap.second(it[0]));
            if (it[2] == 0) cov(a, b, (int) it[1]);
            else moment(a, b, (int) it[1]);
        }
    }

    /** Centered K(a, b)(x, x') for G-vars a (row point) and b (column point). */
    Src cov(Var a, Var b, int mode) {
        if (st.isDeterministic(a) || st.isDeterministic(b) || !st.mayCorrelate(a.id(), b.id())) return Src.ZERO;
        if (mode == DIAG && a.id() > b.id()) { // one point: K(a, b) = K(b, a)
            Var t = a;
            a = b;
            b = t;
        }
        long key = LongIntMap.pair(a.id(), b.id());
        Src s = recall(covMemo[mode], key);
        if (s != null) return s;
        String old = pb.context;
        pb.context = program.where(a);
        try {
            boolean synth = st.synthetic(a.id()) != null || st.synthetic(b.id()) != null;
            return remember(covMemo[mode], key, synth ? covSynthetic(a, b, mode) : covUncached(a, b, mode));
        } finally {
            pb.context = old;
        }
    }

    /**
     * K of a synthetic G-var (an affine form with per-point coefficients c_k(x)): sum_k c_k(x)
     * K(g_k, b), the coefficients read at the synthetic var's own point (the larger id is expanded).
     */
    private Src covSynthetic(Var a, Var b, int mode) {
        Structure.Synthetic sa = st.synthetic(a.id()), sb = st.synthetic(b.id());
        boolean expandA = sa != null && (sb == null || a.id() >= b.id());
        Structure.Synthetic s = expandA ? sa : sb;
        int side = expandA ? 0 : 1;
        List<Double> c = new ArrayList<>();
        List<Src> x = new ArrayList<>(), y = new ArrayList<>();
        for (int k = 0; k < s.ids().length; k++) {
            Var g = st.var(s.ids()[k]);
            Src k2 = expandA ? cov(g, b, mode) : cov(a, g, mode);
            if (k2.isZero()) continue;
            c.add(1.0);
            x.add(k2);
            y.add(paramPoly(s.coefs()[k], side, mode));
        }
        return pb.sum(mode, toArray(c), x.toArray(new Src[0]), y.toArray(new Src[0]));
    }

    /** A polynomial in per-point parameters (and constants) at one side of a pass. */
    Src paramPoly(Poly p, int side, int mode) {
        List<Double> c = new ArrayList<>();
        List<Src> s = new ArrayList<>();
        for (var e : p.terms().entrySet()) {
            Src v = Src.ONE;
            for (Atom at : e.getKey().atoms()) v = pb.times(mode, v, PlanBuilder.side(param((Atom.Param) at), side, mode));
            c.add(e.getValue());
            s.add(v);
        }
        return pb.sum(mode, toArray(c), s.toArray(new Src[0]), null);
    }

    // ---- moments (Netsor+) --------------------------------------------------------------------

    private final LongIntMap momentValues = new LongIntMap();
    private final java.util.Map<String, Src> params = new java.util.HashMap<>();

    /** A per-point parameter's value (diagonal pass). */
    Src param(Atom.Param p) {
        Src s = params.get(p.key());
        if (s == null) {
            s = scalarExpr(p.fn());
            params.put(p.key(), s);
        }
        return s;
    }

    /** A moment's limit at each point: its means are expectations at one point (diagonal pass). */
    Src momentValue(Var m) {
        Src s = recall(momentValues, m.id());
        if (s != null) return s;
        String old = pb.context;
        pb.context = program.where(m);
        try {
            return remember(momentValues, m.id(), scalarExpr(((Def.Moment) m.def()).fn()));
        } finally {
            pb.context = old;
        }
    }

    /** An expression of constants, moments and means, per point (diagonal pass). */
    private Src scalarExpr(tp.lang.Fn f) {
        if (f instanceof tp.lang.Fn.Const k) return Src.constant(k.value());
        if (f instanceof tp.lang.Fn.Arg a) return momentValue(a.var());
        if (f instanceof tp.lang.Fn.Mean mean) {
            Poly body = canon.of(mean.body().substitute(program::inlined));
            return expect(body, Poly.ONE, DIAG);
        }
        if (f instanceof tp.lang.Fn.Neg n) return pb.scale(DIAG, -1, scalarExpr(n.arg()));
        if (f instanceof tp.lang.Fn.Call c) {
            Src x = scalarExpr(c.arg());
            tp.lang.Builtin fn = c.fn();
            double param = c.param();
            return pb.scalar(DIAG, new Src[] {x}, (in, ws) -> fn.apply(in[0], param));
        }
        tp.lang.Fn.Bin b = (tp.lang.Fn.Bin) f;
        Src l = scalarExpr(b.left()), r = scalarExpr(b.right());
        char op = b.op();
        switch (op) {
            case '+':
                return pb.sum(DIAG, new double[] {1, 1}, new Src[] {l, r}, null);
            case '-':
                return pb.sum(DIAG, new double[] {1, -1}, new Src[] {l, r}, null);
            case '*':
                return pb.times(DIAG, l, r);
            default:
                return pb.scalar(DIAG, new Src[] {l, r}, (in, ws) -> tp.lang.Fn.arithmetic(op, in[0], in[1]));
        }
    }

    /** Sets the mean of every synthetic var in p that has none yet; it must come out constant. */
    private void resolveMeans(Poly p) {
        for (int id : p.vars()) {
            Structure.Synthetic s = st.synthetic(id);
            if (s == null || !Double.isNaN(st.mean(id))) continue;
            List<Double> c = new ArrayList<>();
            List<Src> x = new ArrayList<>();
            for (int k = 0; k < s.ids().length; k++) {
                double mu = st.mean(s.ids()[k]);
                if (mu == 0) continue;
                c.add(mu);
                x.add(paramPoly(s.coefs()[k], 0, DIAG));
            }
            c.add(1.0);
            x.add(paramPoly(s.offset(), 0, DIAG));
            Src m = pb.sum(DIAG, toArray(c), x.toArray(new Src[0]), null);
            if (!m.isConst()) {
                throw new tp.UserError(null, "at " + pb.context + ": the nonlinearity's argument " + s.var().name()
                        + " has a mean that differs from point to point in the limit (a moment-scaled variable whose own"
                        + " mean is not subtracted); this is not supported at infinite width yet");
            }
            st.setMean(id, m.value());
        }
    }

    private Src covUncached(Var a, Var b, int mode) {
        Affine A = sp.affine(a.id()), B = sp.affine(b.id());
        List<Double> c = new ArrayList<>();
        List<Src> s = new ArrayList<>();
        Affine.matchAtoms(A, B, (i, j) -> {
            Var x = vars.get(A.atomVar[i]), y = vars.get(B.atomVar[j]);
            double w = A.atomCoef[i] * B.atomCoef[j];
            if (x.def() instanceof Def.VecIn v) {
                c.add(w * v.sigma() * v.sigma());
                s.add(Src.ONE);
            } else {
                MatKey k = st.key(x);
                c.add(w * k.sigma() * k.sigma() * k.kappa());
                s.add(inputMoment(((Def.MatMul) x.def()).arg(), ((Def.MatMul) y.def()).arg(), mode));
            }
        });
        if (!(A.isAtom() && B.isAtom())) {
            for (int i = 0; i < A.compVar.length; i++) {
                for (int j = 0; j < B.atomVar.length; j++) {
                    c.add(A.compCoef[i] * B.atomCoef[j]);
                    s.add(cov(vars.get(A.compVar[i]), vars.get(B.atomVar[j]), mode));
                }
                for (int j = 0; j < B.compVar.length; j++) {
                    c.add(A.compCoef[i] * B.compCoef[j]);
                    s.add(cov(vars.get(A.compVar[i]), vars.get(B.compVar[j]), mode));
                }
            }
            for (int i = 0; i < A.atomVar.length; i++) {
                for (int j = 0; j < B.compVar.length; j++) {
                    c.add(A.atomCoef[i] * B.compCoef[j]);
                    s.add(cov(vars.get(A.atomVar[i]), vars.get(B.compVar[j]), mode));
                }
            }
        }
        return pb.sum(mode, toArray(c), s.toArray(new Src[0]), null);
    }

    /** E[h(x) h2(x')] raw, for MatMul arguments: data gives x.x'/d, wide vars their moment. */
    Src inputMoment(Var h, Var h2, int mode) {
        if (h.kind() == Kind.DATA) {
            Def.Input ia = (Def.Input) h.def(), ib = (Def.Input) h2.def();
            if (mode == DIAG && ia.offset() > ib.offset()) {
                Def.Input t = ia;
                ia = ib;
                ib = t;
            }
            return pb.scale(mode, 1.0 / ia.size(), pb.gram(mode, ia.offset(), ib.offset(), ia.size()));
        }
        return moment(h, h2, mode);
    }

    /** E[phi_h(Z(x)) phi_h2(Z(x'))] for G- or H-vars (means included). */
    Src moment(Var h, Var h2, int mode) {
        long key = LongIntMap.pair(h.id(), h2.id(), mode == DIAG);
        Src s = recall(momentMemo[mode], key);
        if (s != null) return s;
        if (mode == DIAG && h.id() > h2.id()) return moment(h2, h, mode);
        Poly p = canon.of(program.inlined(h)), q = canon.of(program.inlined(h2));
        String old = pb.context;
        pb.context = program.where(h);
        try {
            return remember(momentMemo[mode], key, expect(p, q, mode));
        } finally {
            pb.context = old;
        }
    }

    /**
     * E[p(Z(x)) q(Z(x'))]. The ReLU-network case (one piecewise-linear function of one zero-mean
     * G-var on each side: relu, step, ...) goes straight to the arc-cosine op; everything else
     * through {@link Expectations}.
     */
    Src expect(Poly p, Poly q, int mode) {
        resolveMeans(p);
        resolveMeans(q);
        Src fast = arcCosPair(p, q, mode);
        return fast != null ? fast : ex.poly(p, q, mode);
    }

    private Src arcCosPair(Poly p, Poly q, int mode) {
        Atom.Unary a = singlePiecewiseLinear(p), b = singlePiecewiseLinear(q);
        if (a == null || b == null) return null;
        Var g = st.var(a.arg().id(0)), h = st.var(b.arg().id(0));
        Src q11 = PlanBuilder.side(cov(g, g, DIAG), 0, mode), q22 = PlanBuilder.side(cov(h, h, DIAG), 1, mode);
        Src q12 = cov(g, h, mode);
        double c = p.terms().values().iterator().next() * q.terms().values().iterator().next();
        return pb.scale(mode, c, pb.arcCos(mode, Factor.pl(a.fn(), a.param()), Factor.pl(b.fn(), b.param()), q11, q12, q22));
    }

    /** The atom of a one-term poly that is a piecewise-linear built-in of a single zero-mean G-var, else null. */
    private Atom.Unary singlePiecewiseLinear(Poly p) {
        if (p.size() != 1) return null;
        var t = p.terms().keySet().iterator().next();
        if (t.degree() != 1 || !(t.atoms().get(0) instanceof Atom.Unary u)) return null;
        if (u.isVar() || Factor.pl(u.fn(), u.param()) == null || !u.arg().isSingleVar()) return null;
        return st.mean(u.arg().id(0)) == 0 ? u : null;
    }

    /** Centered covariance of two affine forms, l at the row point and m at the column point. */
    Src covLin(Lin l, Lin m, int mode) {
        if (l.size() == 1 && m.size() == 1 && l.coef(0) == 1 && m.coef(0) == 1) {
            return cov(st.var(l.id(0)), st.var(m.id(0)), mode);
        }
        if (mode == DIAG && l.key().compareTo(m.key()) > 0) {
            Lin t = l;
            l = m;
            m = t;
        }
        Lin fl = l, fm = m;
        return pb.memo(mode, "L" + l.key() + "|" + m.key(), () -> {
            List<Double> c = new ArrayList<>();
            List<Src> s = new ArrayList<>();
            for (int i = 0; i < fl.size(); i++) {
                for (int j = 0; j < fm.size(); j++) {
                    Src k = cov(st.var(fl.id(i)), st.var(fm.id(j)), mode);
                    if (k.isZero()) continue;
                    c.add(fl.coef(i) * fm.coef(j));
                    s.add(k);
                }
            }
            return pb.sum(mode, toArray(c), s.toArray(new Src[0]), null);
        });
    }

    // ---- outputs ------------------------------------------------------------------------------

    /** Finite readout MatMuls and finite VecIns that f_1 reads, grouped by key id (VecIns alone). */
    private List<List<Var>> finiteLeaves() {
        java.util.Map<Integer, List<Var>> byKey = new java.util.LinkedHashMap<>();
        int solo = -1;
        for (Var v : vars) {
            if (v.kind() != Kind.FINITE || gr.coef(v) == 0) continue;
            if (v.def() instanceof Def.MatMul) byKey.computeIfAbsent(st.keyId(v), k -> new ArrayList<>()).add(v);
            else if (v.def() instanceof Def.VecIn) byKey.put(solo--, new ArrayList<>(List.of(v)));
        }
        return new ArrayList<>(byKey.values());
    }

    /** Cov[f_1(x), f_1(x')]: readout terms sigma^2 kappa E[phi phi'] and finite VecIn variances. */
    Src nngp() {
        List<Double> c = new ArrayList<>();
        List<Src> s = new ArrayList<>();
        pb.context = "the output " + program.where(program.output());
        for (List<Var> group : finiteLeaves()) {
            for (Var u : group) {
                for (Var v : group) {
                    double w = gr.coef(u) * gr.coef(v);
                    if (u.def() instanceof Def.VecIn b) {
                        if (b.initZero()) continue;
                        c.add(w * b.sigma() * b.sigma());
                        s.add(Src.ONE);
                    } else {
                        MatKey k = st.keyOfAny(u);
                        c.add(w * k.sigma() * k.sigma() * k.kappa());
                        s.add(inputMoment(((Def.MatMul) u.def()).arg(), ((Def.MatMul) v.def()).arg(), CROSS));
                    }
                }
            }
        }
        return pb.sum(CROSS, toArray(c), s.toArray(new Src[0]), null);
    }

    /** Theta(x, x') = sum over trainable parameters of the limit of grad f_1(x) . grad f_1(x'). */
    Src ntk() {
        List<Double> c = new ArrayList<>();
        List<Src> a = new ArrayList<>(), b = new ArrayList<>();
        for (List<Var> group : finiteLeaves()) {
            for (Var u : group) {
                if (!st.keyTrainable(u)) continue;
                for (Var v : group) {
                    double w = gr.coef(u) * gr.coef(v);
                    if (u.def() instanceof Def.VecIn vb) {
                        c.add(w * biasWeight(vb));
                        a.add(Src.ONE);
                    } else {
                        c.add(w * matrixWeight(u));
                        a.add(inputMoment(((Def.MatMul) u.def()).arg(), ((Def.MatMul) v.def()).arg(), CROSS));
                    }
                    b.add(Src.ONE);
                }
            }
        }
        // backward blocks, deepest first: a class pair's inputs have larger ids
        List<Long> pairs = new ArrayList<>(sp.classPairs());
        pairs.sort((x, y) -> Integer.compare(minId(y), minId(x)));
        for (long p : pairs) {
            int cl = LongIntMap.first(p), c2 = LongIntMap.second(p);
            Src d = classCov(cl, c2);
            if (d.isZero()) continue;
            Src kt = trainableCov(cl, c2);
            if (kt.isZero()) continue;
            c.add(1.0);
            a.add(d);
            b.add(kt);
        }
        pb.context = "the output " + program.where(program.output());
        return pb.sum(CROSS, toArray(c), a.toArray(new Src[0]), b.toArray(new Src[0]));
    }

    /**
     * A matrix's NTK weight per unit E[du du'] E[h h']: sigma^2 kappa in the NTK parametrization
     * (the trainable w is scaled by sigma / sqrt(fan-in)); in the standard one the trainable
     * parameter is W itself, whose gradient is sqrt(fan-in) / sigma times w's: fan-in kappa. The
     * fan-in of a hidden layer is the width, so that kernel needs it ({@link InfiniteWidth#atWidth}).
     */
    private double matrixWeight(Var matmul) {
        MatKey k = st.keyOfAny(matmul);
        if (!((Def.MatIn) k.base().def()).standard()) return k.sigma() * k.sigma() * k.kappa();
        tp.lang.DimRef fanIn = k.base().cols();
        if (!fanIn.isFinite() && width <= 0) throw needsWidth(k.base());
        return fanIn.at(Math.max(1, width)) * k.kappa();
    }

    /** A bias's NTK weight: sigma^2 (NTK parametrization) or 1 (standard: b itself is trained). */
    private static double biasWeight(Def.VecIn b) {
        return b.standard() ? 1 : b.sigma() * b.sigma();
    }

    private tp.UserError needsWidth(Var matrix) {
        return tp.UserError.at(matrix.pos().file(), matrix.pos().line(), matrix.pos().col(), program.shown(matrix)
                + " is in the standard parametrization: its NTK contribution grows with its fan-in, the width;"
                + " give the width (tp kernel --width N, TensorProgram.atWidth(N))");
    }

    private static int minId(long p) {
        return Math.min(LongIntMap.first(p), LongIntMap.second(p));
    }

    /** The covariance of the trainable members of two classes (their part of the NTK per unit DO). */
    private Src trainableCov(int cl, int c2) {
        if (sp.complete(cl) && sp.complete(c2)) return cov(vars.get(cl), vars.get(c2), CROSS);
        int[] ka = gr.memberKeys(cl), kb = gr.memberKeys(c2);
        int[] va = gr.memberVars(cl), vb = gr.memberVars(c2);
        double[] sa = gr.memberScales(cl), sb = gr.memberScales(c2);
        List<Double> c = new ArrayList<>();
        List<Src> s = new ArrayList<>();
        String old = pb.context;
        pb.context = program.where(vars.get(cl));
        Sparsity.matchSorted(ka, kb, (i, j) -> {
            Var x = vars.get(va[i]), y = vars.get(vb[j]);
            if (!st.keyTrainable(x)) return;
            double w = sa[i] * sb[j];
            if (x.def() instanceof Def.VecIn v) {
                c.add(w * biasWeight(v));
                s.add(Src.ONE);
            } else {
                c.add(w * matrixWeight(x));
                s.add(inputMoment(((Def.MatMul) x.def()).arg(), ((Def.MatMul) y.def()).arg(), CROSS));
            }
        });
        Src r = pb.sum(CROSS, toArray(c), s.toArray(new Src[0]), null);
        pb.context = old;
        return r;
    }

    // ---- backward -----------------------------------------------------------------------------

    /** DO(C, C') = E[own(C)(x) own(C')(x')]: zero unless the pair was found correlated. */
    Src classCov(int cl, int c2) {
        long key = LongIntMap.pair(cl, c2);
        if (!sp.classPair(cl, c2)) return Src.ZERO;
        Src s = recall(classMemo, key);
        if (s != null) return s;
        int[] n1 = gr.ownNodes(cl), n2 = gr.ownNodes(c2);
        Poly[] p1 = gr.ownPsis(cl), p2 = gr.ownPsis(c2);
        List<Double> c = new ArrayList<>();
        List<Src> a = new ArrayList<>(), b = new ArrayList<>();
        String old = pb.context;
        pb.context = program.where(vars.get(cl));
        for (int i = 0; i < n1.length; i++) {
            for (int j = 0; j < n2.length; j++) {
                if (!sp.nodePair(n1[i], n2[j])) continue;
                Src dv = nodeCov(n1[i], n2[j]);
                if (dv.isZero()) continue;
                Src e = expect(p1[i], p2[j], CROSS);
                if (e.isZero()) continue;
                c.add(1.0);
                a.add(dv);
                b.add(e);
            }
        }
        Src r = pb.sum(CROSS, toArray(c), a.toArray(new Src[0]), b.toArray(new Src[0]));
        pb.context = old;
        return remember(classMemo, key, r);
    }

    /** DV(Y, Y') = E[V_Y(x) V_Y'(x')] of two nodes' backward vectors. */
    private Src nodeCov(int y, int y2) {
        long key = LongIntMap.pair(y, y2);
        Src s = recall(nodeMemo, key);
        if (s != null) return s;
        int[] ka = gr.nodeKeys(y), kb = gr.nodeKeys(y2);
        int[] ua = gr.nodeUses(y), ub = gr.nodeUses(y2);
        double[] ca = gr.nodeCoefs(y), cb = gr.nodeCoefs(y2);
        List<Double> c = new ArrayList<>();
        List<Src> t = new ArrayList<>();
        Sparsity.matchSorted(ka, kb, (i, j) -> {
            int u = ua[i], v = ub[j];
            MatKey k = st.keyOfAny(vars.get(u >= 0 ? u : -u - 1));
            double w = ca[i] * cb[j] * k.sigma() * k.sigma() * k.kappa();
            if (u < 0) {
                c.add(w);
                t.add(Src.ONE);
                return;
            }
            int[] e1 = gr.expansionClasses(u), e2 = gr.expansionClasses(v);
            double[] s1 = gr.expansionScales(u), s2 = gr.expansionScales(v);
            for (int p = 0; p < e1.length; p++) {
                for (int q = 0; q < e2.length; q++) {
                    Src d = classCov(e1[p], e2[q]);
                    if (d.isZero()) continue;
                    c.add(w * s1[p] * s2[q]);
                    t.add(d);
                }
            }
        });
        return remember(nodeMemo, key, pb.sum(CROSS, toArray(c), t.toArray(new Src[0]), null));
    }

    private static double[] toArray(List<Double> c) {
        double[] a = new double[c.size()];
        for (int i = 0; i < a.length; i++) a[i] = c.get(i);
        return a;
    }

    @Override
    public String toString() {
        return "Planner" + Arrays.toString(new int[] {covMemo[0].size(), covMemo[1].size(), classMemo.size(), nodeMemo.size()});
    }
}
