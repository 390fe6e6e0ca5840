package tp.compile;

import java.util.IdentityHashMap;
import java.util.Map;
import tp.lang.Builtin;
import tp.lang.Fn;
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

    public Canon(Structure structure) {
        this.structure = structure;
    }

    public Poly of(Fn f) {
        Poly p = memo.get(f);
        if (p == null) {
            p = build(f);
            memo.put(f, p);
        }
        return p;
    }

    private Poly build(Fn f) {
        if (f instanceof Fn.Const k) return Poly.constant(k.value());
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
        Lin l = a.asLin();
        if (l != null) return Poly.atom(new Atom.Unary(c.fn(), c.fn() == Builtin.LEAKY_RELU ? c.param() : Double.NaN, l));
        if (c.fn() == Builtin.EXP && a.isPolynomial() && a.degree() == 2) return Poly.atom(new Atom.ExpQuad(a));
        return general(f);
    }

    /** An opaque atom; deterministic G-vars inside it are replaced by their values first. */
    private Poly general(Fn f) {
        Fn g = f.substitute(v -> structure.isDeterministic(v) ? new Fn.Const(structure.mean(v)) : new Fn.Arg(v));
        if (g.vars().isEmpty()) return Poly.constant(g.eval(new double[0]));
        return Poly.atom(new Atom.General(g));
    }
}
