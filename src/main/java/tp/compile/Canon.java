package tp.compile;

import java.util.IdentityHashMap;
import java.util.Map;
import tp.lang.Builtin;
import tp.lang.Fn;
import tp.lang.FnDag;
import tp.lang.Kind;
import tp.lang.Var;

/**
 * Turns an expression over G-vars (a {@code Program.inlined} body or a symbolic derivative)
 * into its canonical {@link Poly}: sums and constant factors expanded, products distributed,
 * small integer powers multiplied out, deterministic G-vars replaced by their values, built-ins
 * of affine forms recognised as {@link Atom.Unary}, exp of a quadratic as {@link Atom.ExpQuad};
 * whatever remains (nested nonlinearities, quotients of variables) becomes one
 * {@link Atom.General}. This is the "simplify by linearity" step of the expectation engine.
 */
public final class Canon {
    private static final int MAX_POWER = 8;

    private final Structure structure;
    private final Map<Fn, Poly> memo = new IdentityHashMap<>();
    /** Numbers the opaque atoms' expressions: equal expressions, equal short keys. */
    private final FnDag dag = new FnDag();
    /** Expressions with deterministic G-vars replaced, shared between the opaque atoms made from them. */
    private final Map<Fn, Fn> randomOnly = new IdentityHashMap<>();
    private final Map<Fn, Boolean> momentOnly = new IdentityHashMap<>();

    public Canon(Structure structure) {
        this.structure = structure;
    }

    /**
     * The canonical poly of {@code f}. A poly of several terms some of which need quadrature
     * (an {@link Atom.General}) can also act as one opaque atom of {@code f} when it is a factor
     * of a product ({@link Poly#times}): the derivative of a depth-d nesting is then O(d) atoms
     * in O(1) terms instead of 2^d terms.
     */
    public Poly of(Fn f) {
        Poly p = memo.get(f);
        if (p == null) {
            p = build(f);
            // an affine form with per-point coefficients (Netsor+: a layer norm's (g - mu) / s, an
            // attention average) is one Gaussian per point: a synthetic G-var, so that squares,
            // exponentials and built-ins of it keep their closed forms
            Var s = f instanceof Fn.Const || f instanceof Fn.Arg ? null : scaled(p);
            if (s != null) p = Poly.atom(Poly.var(s.id()));
            if (p.size() > 1 && p.hasGeneral()) {
                Poly[] atom = new Poly[1];
                p = p.withOpaque(() -> atom[0] != null ? atom[0] : (atom[0] = general(f)));
            }
            memo.put(f, p);
        }
        return p;
    }

    /** Distinct subexpressions numbered so far (a measure of the symbolic work, for tests). */
    public int expressionNodes() {
        return dag.size();
    }

    /**
     * True for an expression of moments and constants with at least one moment: a per-point
     * parameter (Netsor+), kept whole as one {@link Atom.Param}.
     */
    private boolean isParam(Fn f) {
        Boolean b = momentOnly.get(f);
        if (b != null) return b;
        boolean r;
        if (f instanceof Fn.Const) r = false;
        else if (f instanceof Fn.Arg a) r = a.var().kind() == Kind.SCALAR;
        else if (f instanceof Fn.Neg n) r = isParam(n.arg());
        else if (f instanceof Fn.Call c) r = isParam(c.arg());
        else if (f instanceof Fn.Bin bin) {
            boolean l = isParam(bin.left()) || bin.left() instanceof Fn.Const;
            boolean rr = isParam(bin.right()) || bin.right() instanceof Fn.Const;
            r = l && rr && !(bin.left() instanceof Fn.Const && bin.right() instanceof Fn.Const);
        } else r = false;
        momentOnly.put(f, r);
        return r;
    }

    private Poly build(Fn f) {
        if (f instanceof Fn.Const k) return Poly.constant(k.value());
        if (isParam(f)) return Poly.atom(new Atom.Param(f));
        if (f instanceof Fn.Arg a) {
            Var v = a.var();
            return structure.isDeterministic(v) ? Poly.constant(structure.mean(v)) : Poly.atom(Poly.var(v.id()));
        }
        if (f instanceof Fn.Neg n) return of(n.arg()).scale(-1);
        if (f instanceof Fn.Call c) return call(f, c);
        Fn.Bin b = (Fn.Bin) f;
        Poly l = of(b.left()), r = of(b.right());
        switch (b.op()) {
            case '+':
                return l.plus(r);
            case '-':
                return l.plus(r, -1);
            case '*': {
                Poly p = l.times(r);
                return p != null ? p : general(f);
            }
            case '/':
                if (r.isConstant()) {
                    double d = r.constantTerm();
                    if (l.isConstant()) return Poly.constant(l.constantTerm() / d);
                    if (d != 0) return l.scale(1 / d);
                }
                if (isParam(b.right())) { // dividing by a per-point parameter: multiplying by its inverse
                    Poly p = l.times(Poly.atom(new Atom.Param(Fn.div(Fn.c(1), b.right()))));
                    if (p != null) return p;
                }
                return general(f);
            default: { // '^'
                if (l.isConstant() && r.isConstant()) return Poly.constant(Math.pow(l.constantTerm(), r.constantTerm()));
                if (r.isConstant()) {
                    double k = r.constantTerm();
                    if (k == Math.rint(k) && k >= 0 && k <= MAX_POWER) {
                        Poly p = Poly.ONE;
                        for (int i = 0; i < (int) k && p != null; i++) p = p.times(l);
                        if (p != null) return p;
                    }
                }
                return general(f);
            }
        }
    }

    private Poly call(Fn f, Fn.Call c) {
        Poly a = of(c.arg());
        if (a.isConstant()) return Poly.constant(c.fn().apply(a.constantTerm(), c.param()));
        if (c.fn() == Builtin.ID) return a;
        Poly pl = piecewiseLinearOfNonNegative(c, a);
        if (pl != null) return pl;
        Lin l = a.asLin();
        if (l != null) return Poly.atom(new Atom.Unary(c.fn(), c.fn() == Builtin.LEAKY_RELU ? c.param() : Double.NaN, l));
        if (c.fn() == Builtin.EXP && a.isPolynomial() && a.degree() == 2) return Poly.atom(new Atom.ExpQuad(a));
        return general(f);
    }

    /**
     * relu, abs, leaky_relu, step and sign of k * relu(L) or k * abs(L) with k &gt; 0: the inner
     * value is never negative and is 0 exactly where relu(L) (abs(L)) is, so relu(relu(L)) =
     * relu(L), abs(relu(L)) = relu(L), step(relu(L)) = sign(relu(L)) = step(L), relu(abs(L)) =
     * abs(L). Nested relus then stay closed-form arc-cosine kernels at any depth (as an opaque
     * atom they went to quadrature, which does not see the kink inside: 1e-3 off). Null when no
     * rule applies.
     */
    private static Poly piecewiseLinearOfNonNegative(Fn.Call c, Poly a) {
        if (a.size() != 1) return null;
        var e = a.terms().entrySet().iterator().next();
        double k = e.getValue();
        if (!(k > 0) || e.getKey().degree() != 1 || !(e.getKey().atoms().get(0) instanceof Atom.Unary u)) return null;
        boolean innerRelu = u.fn() == Builtin.RELU, innerAbs = u.fn() == Builtin.ABS;
        if (!innerRelu && !innerAbs) return null;
        switch (c.fn()) {
            case RELU, ABS, LEAKY_RELU:
                return a;
            case STEP, SIGN:
                return innerRelu ? Poly.atom(new Atom.Unary(Builtin.STEP, Double.NaN, u.arg())) : null;
            default:
                return null;
        }
    }

    /**
     * For an affine form in G-vars whose coefficients involve per-point parameters (the argument
     * of a nonlinearity after a layer norm or an attention average), the synthetic G-var that
     * stands for it (Gaussian at each point in the limit); null when p is not such a form.
     */
    private Var scaled(Poly p) {
        java.util.TreeMap<Integer, Poly> coefs = new java.util.TreeMap<>();
        Poly offset = Poly.ZERO;
        boolean anyParam = false;
        for (var e : p.terms().entrySet()) {
            Poly params = Poly.constant(e.getValue());
            int var = -1;
            for (Atom at : e.getKey().atoms()) {
                if (at instanceof Atom.Param) {
                    params = params.times(Poly.atom(at));
                    anyParam = true;
                } else if (at instanceof Atom.Unary u && u.isVar() && var < 0) {
                    var = u.arg().id(0);
                } else {
                    return null;
                }
                if (params == null) return null;
            }
            Structure.Synthetic inner = var < 0 ? null : structure.synthetic(var);
            if (var < 0) {
                offset = offset.plus(params);
            } else if (inner != null) { // a synthetic var inside: its own form, so synthetic vars stay flat
                anyParam = true;
                for (int k = 0; k < inner.ids().length; k++) {
                    Poly c = params.times(inner.coefs()[k]);
                    if (c == null) return null;
                    coefs.merge(inner.ids()[k], c, Poly::plus);
                }
                Poly o = params.times(inner.offset());
                if (o == null) return null;
                offset = offset.plus(o);
            } else {
                coefs.merge(var, params, Poly::plus);
            }
        }
        coefs.values().removeIf(Poly::isZero);
        if (!anyParam || coefs.isEmpty()) return null;
        int[] ids = coefs.keySet().stream().mapToInt(Integer::intValue).toArray();
        return structure.addSynthetic(ids, coefs.values().toArray(new Poly[0]), offset);
    }

    /** An opaque atom; deterministic G-vars inside it are replaced by their values first. */
    private Poly general(Fn f) {
        Fn g = f.substitute(v -> structure.isDeterministic(v) ? new Fn.Const(structure.mean(v)) : new Fn.Arg(v), randomOnly);
        int[] ids = varIds(g);
        if (ids.length == 0) {
            FnDag.Evaluator e = new FnDag().evaluator(java.util.List.of(g));
            double[] scratch = new double[e.nodes()];
            e.run(new double[0], scratch);
            return Poly.constant(scratch[e.root(0)]);
        }
        for (int id : ids) {
            Var v = structure.var(id);
            if (v.kind() == Kind.SCALAR) {
                throw new tp.UserError(null, "a moment (" + v.name() + ") inside a nested or non-affine nonlinearity"
                        + " (" + f.show() + ") is not supported at infinite width: write the moment-dependent part"
                        + " as a separate Nonlin of an affine form");
            }
        }
        return Poly.atom(new Atom.General(g, ids, "#" + dag.id(g)));
    }

    private final Map<Fn, int[]> varIds = new IdentityHashMap<>();

    /**
     * The ids of the G-vars {@code f} reads, ascending; memoized per shared node, so the atoms
     * of a depth-d nesting (each reading all the levels below it) cost O(d) together, not O(d^2).
     */
    private int[] varIds(Fn f) {
        int[] known = varIds.get(f);
        if (known != null) return known;
        int[] ids;
        if (f instanceof Fn.Const) ids = new int[0];
        else if (f instanceof Fn.Arg a) ids = new int[] {a.var().id()};
        else if (f instanceof Fn.Neg n) ids = varIds(n.arg());
        else if (f instanceof Fn.Call c) ids = varIds(c.arg());
        else if (f instanceof Fn.Mean m) ids = varIds(m.body());
        else {
            Fn.Bin b = (Fn.Bin) f;
            int[] l = varIds(b.left()), r = varIds(b.right());
            ids = java.util.Arrays.equals(l, r) ? l : Lin.union(l, r);
        }
        varIds.put(f, ids);
        return ids;
    }
}
