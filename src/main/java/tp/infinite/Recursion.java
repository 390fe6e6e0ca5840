package tp.infinite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tp.compile.Backward;
import tp.compile.Canon;
import tp.compile.Lin;
import tp.compile.MatKey;
import tp.compile.Poly;
import tp.compile.Structure;
import tp.lang.Def;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Var;

/**
 * Yang's mean/covariance recursion (Cappelletti eqs. 3.3, 3.4) and the NTK sum over parameters,
 * demand-driven from the output: every covariance K(a, b) of G-vars, moment E[phi_a phi_b'] of
 * MatMul arguments and gradient covariance E[dX dY'] is planned once per pass (memoized by
 * key) as ops of a {@link PlanBuilder}. Means are data-independent constants ({@link Structure}).
 *
 * <p>Covariances are centered: K(W h_a, W h_b) = sigma^2 kappa E[phi_a(Z) phi_b(Z')] with the
 * raw (uncentered) moment, K of a VecIn with itself = sigma^2 (0 for init zero), LinComb
 * bilinear, anything else 0; data-fan-in matrices read sigma^2 x.x'/d.
 */
final class Recursion {
    static final int DIAG = PlanBuilder.DIAG, CROSS = PlanBuilder.CROSS;

    private final Program program;
    private final Structure st;
    private final Canon canon;
    private final PlanBuilder pb;
    private final Expectations ex;
    private Backward backward;

    Recursion(Program program, Structure st, Canon canon, PlanBuilder pb) {
        this.program = program;
        this.st = st;
        this.canon = canon;
        this.pb = pb;
        this.ex = new Expectations(program, st, canon, pb, this);
    }

    // ---- forward ------------------------------------------------------------------------------

    /** Centered K(a, b)(x, x') for G-vars a (row point) and b (column point). */
    Src cov(Var a, Var b, int mode) {
        if (st.isDeterministic(a) || st.isDeterministic(b) || !st.mayCorrelate(a.id(), b.id())) return Src.ZERO;
        Var p = a, q = b;
        if (mode == DIAG && p.id() > q.id()) {
            p = b;
            q = a;
        }
        Var fa = p, fb = q;
        return pb.memo(mode, "K" + p.id() + "," + q.id(), () -> withContext(fa, () -> covUncached(fa, fb, mode)));
    }

    private Src covUncached(Var a, Var b, int mode) {
        if (a.def() instanceof Def.LinComb l) return linComb(l, b, mode, true);
        if (b.def() instanceof Def.LinComb l) return linComb(l, a, mode, false);
        if (a.def() instanceof Def.VecIn v) {
            return a == b ? Src.constant(v.sigma() * v.sigma()) : Src.ZERO;
        }
        if (a.def() instanceof Def.MatMul ma && b.def() instanceof Def.MatMul mb) {
            MatKey ka = st.key(a), kb = st.key(b);
            if (!ka.equals(kb)) return Src.ZERO;
            double scale = ka.sigma() * ka.sigma() * ka.kappa();
            return pb.scale(mode, scale, inputMoment(ma.arg(), mb.arg(), mode));
        }
        return Src.ZERO;
    }

    private Src linComb(Def.LinComb l, Var other, int mode, boolean otherIsColumn) {
        int n = l.args().size();
        double[] c = new double[n];
        Src[] s = new Src[n];
        for (int i = 0; i < n; i++) {
            c[i] = l.coefs()[i];
            Var x = l.args().get(i);
            s[i] = otherIsColumn ? cov(x, other, mode) : cov(other, x, mode);
        }
        return pb.sum(mode, c, s, null);
    }

    /** E[h_a(x) h_b(x')] raw, for MatMul arguments: data gives x.x'/d, wide vars their moment. */
    Src inputMoment(Var ha, Var hb, int mode) {
        if (ha.kind() == Kind.DATA) {
            Def.Input ia = (Def.Input) ha.def(), ib = (Def.Input) hb.def();
            if (mode == DIAG && ia.offset() > ib.offset()) {
                Def.Input t = ia;
                ia = ib;
                ib = t;
            }
            return pb.scale(mode, 1.0 / ia.size(), pb.gram(ia.offset(), ib.offset(), ia.size()));
        }
        return moment(ha, hb, mode);
    }

    /** E[phi_a(Z(x)) phi_b(Z(x'))] for G- or H-vars a, b (means included). */
    Src moment(Var a, Var b, int mode) {
        Poly pa = canon.of(program.inlined(a)), pc = canon.of(program.inlined(b));
        return withContext(a, () -> ex.poly(pa, pc, mode));
    }

    /** Centered covariance of two affine forms, l at the row point and m at the column point. */
    Src covLin(Lin l, Lin m, int mode) {
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
                    Src k = cov(program.vars().get(fl.id(i)), program.vars().get(fm.id(j)), mode);
                    if (k.isZero()) continue;
                    c.add(fl.coef(i) * fm.coef(j));
                    s.add(k);
                }
            }
            return pb.sum(mode, c.stream().mapToDouble(Double::doubleValue).toArray(), s.toArray(new Src[0]), null);
        });
    }

    // ---- outputs ------------------------------------------------------------------------------

    /** Cov[f_1(x), f_1(x')]: readout terms sigma^2 E[phi phi'] and finite VecIn variances. */
    Src nngp() {
        Backward bw = backward();
        List<Var> finite = finiteLeaves(bw);
        List<Double> c = new ArrayList<>();
        List<Src> s = new ArrayList<>();
        pb.context = "the output " + program.output().name();
        for (Var u : finite) {
            for (Var v : finite) {
                double w = bw.coef(u) * bw.coef(v);
                if (u.def() instanceof Def.VecIn b && u == v && !b.initZero()) {
                    c.add(w * b.sigma() * b.sigma());
                    s.add(Src.ONE);
                } else if (u.def() instanceof Def.MatMul mu && v.def() instanceof Def.MatMul mv) {
                    MatKey ku = st.keyOfAny(u), kv = st.keyOfAny(v);
                    if (!ku.equals(kv)) continue;
                    c.add(w * ku.sigma() * ku.sigma() * ku.kappa());
                    s.add(moment(mu.arg(), mv.arg(), CROSS));
                }
            }
        }
        pb.context = "the NNGP of " + program.output().name();
        return pb.sum(CROSS, toArray(c), s.toArray(new Src[0]), null);
    }

    /** Theta(x, x') = sum over trainable parameters of the limit of grad f_1(x) . grad f_1(x'). */
    Src ntk() {
        Backward bw = backward();
        List<Double> c = new ArrayList<>();
        List<Src> a = new ArrayList<>(), b = new ArrayList<>();
        for (Var p : program.parameters()) {
            if (!p.isTrainable()) continue;
            if (p.def() instanceof Def.VecIn vb) {
                double s2 = vb.sigma() * vb.sigma();
                if (p.kind() == Kind.FINITE) {
                    double k = bw.coef(p);
                    c.add(s2 * k * k);
                    a.add(Src.ONE);
                    b.add(Src.ONE);
                } else {
                    c.add(s2);
                    a.add(gradCov(p, p, CROSS));
                    b.add(Src.ONE);
                }
                continue;
            }
            List<Var> uses = program.usesOf(p);
            for (Var u : uses) {
                for (Var v : uses) {
                    MatKey ku = st.keyOfAny(u), kv = st.keyOfAny(v);
                    if (!ku.equals(kv)) continue;
                    double s2k = ku.sigma() * ku.sigma() * ku.kappa();
                    Var hu = ((Def.MatMul) u.def()).arg(), hv = ((Def.MatMul) v.def()).arg();
                    if (u.kind() == Kind.FINITE) {
                        double w = bw.coef(u) * bw.coef(v);
                        if (w == 0) continue;
                        c.add(s2k * w);
                        a.add(moment(hu, hv, CROSS));
                        b.add(Src.ONE);
                    } else {
                        Src g = gradCov(u, v, CROSS);
                        if (g.isZero()) continue;
                        c.add(s2k);
                        a.add(g);
                        b.add(withContext(u, () -> inputMoment(hu, hv, CROSS)));
                    }
                }
            }
        }
        pb.context = "the NTK of " + program.output().name();
        return pb.sum(CROSS, toArray(c), a.toArray(new Src[0]), b.toArray(new Src[0]));
    }

    // ---- backward ---------------------------------------------------------------------------

    /** E[dX(x) dY(x')] of the normalized gradients of f_1 with respect to wide vars X, Y. */
    Src gradCov(Var x, Var y, int mode) {
        return pb.memo(mode, "D" + x.id() + "," + y.id(), () -> withContext(x, () -> {
            Map<Backward.BVar, Poly> gx = backward().grad(x), gy = backward().grad(y);
            List<Double> c = new ArrayList<>();
            List<Src> a = new ArrayList<>(), b = new ArrayList<>();
            for (var ex1 : gx.entrySet()) {
                for (var ey : gy.entrySet()) {
                    Src k = bcov(ex1.getKey(), ey.getKey(), mode);
                    if (k.isZero()) continue;
                    Src e = ex.poly(ex1.getValue(), ey.getValue(), mode);
                    c.add(1.0);
                    a.add(k);
                    b.add(e);
                }
            }
            return pb.sum(mode, toArray(c), a.toArray(new Src[0]), b.toArray(new Src[0]));
        }));
    }

    /** Covariance of two backward Gaussians (a readout row, or W^T dg). */
    private Src bcov(Backward.BVar p, Backward.BVar q, int mode) {
        if (p instanceof Backward.Readout r1 && q instanceof Backward.Readout r2) {
            MatKey k = r1.key();
            return k.equals(r2.key()) ? Src.constant(k.sigma() * k.sigma() * k.kappa()) : Src.ZERO;
        }
        if (p instanceof Backward.Use u1 && q instanceof Backward.Use u2) {
            MatKey k = st.key(u1.use());
            if (k == null || !k.equals(st.key(u2.use()))) return Src.ZERO;
            Src g = gradCov(u1.use(), u2.use(), mode);
            return pb.scale(mode, k.sigma() * k.sigma() * k.kappa(), g);
        }
        return Src.ZERO;
    }

    private Backward backward() {
        if (backward == null) backward = new Backward(program, st, canon);
        return backward;
    }

    private List<Var> finiteLeaves(Backward bw) {
        List<Var> out = new ArrayList<>();
        for (Var v : program.vars()) {
            if (v.kind() != Kind.FINITE || bw.coef(v) == 0) continue;
            if (v.def() instanceof Def.VecIn || v.def() instanceof Def.MatMul) out.add(v);
        }
        return out;
    }

    private <T> T withContext(Var v, java.util.function.Supplier<T> body) {
        String old = pb.context;
        pb.context = v.name();
        try {
            return body.get();
        } finally {
            pb.context = old;
        }
    }

    private static double[] toArray(List<Double> c) {
        return c.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
