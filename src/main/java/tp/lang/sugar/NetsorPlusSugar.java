package tp.lang.sugar;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tp.lang.Ast;
import tp.lang.Constants;
import tp.lang.Pos;

/**
 * The Netsor+ sugar of docs/LANGUAGE-EXTENSIONS.md ("Moments, layer norm, attention"): layer norm
 * and softmax written in one line, unrolled into core {@code Moment} and {@code Nonlin} statements.
 *
 * <ul>
 *   <li>{@code Nonlin y := layernorm(X)} (X any Nonlin expression, e.g. {@code relu(g)}; may sit
 *       inside a larger Nonlin body) writes {@code Moment y__mean := mean(X)},
 *       {@code Moment y__var := mean((X - y__mean)^2)} and puts {@code (X - y__mean) / sqrt(y__var + eps)}
 *       in its place (eps 1e-12 unless {@code layernorm(X, eps = E)}).</li>
 *   <li>{@code Nonlin y[i][j] := layernorm(i in .., j in ..) X[i][j]} normalizes a whole family with
 *       one mean and variance over every coordinate of every member: the two moments average the sum
 *       of the members (so they share one dimension), and the statement defines every member.</li>
 *   <li>{@code Moment A[t][s] := softmax(s in 0..T-1) L[t][s]} writes the normalizer
 *       {@code Moment A_t_0__sum := exp(L[t][0]) + ...} and {@code A[t][s] := exp(L[t][s]) / A_t_0__sum}.</li>
 * </ul>
 * The generated moments are named after the first variable the statement defines, with
 * {@code __mean}, {@code __var} or {@code __sum} appended (a second layernorm in one body gets
 * {@code __mean2}, ...).
 */
final class NetsorPlusSugar {
    static final String LAYERNORM = "layernorm", SOFTMAX = "softmax";
    /** neural-tangents' LayerNorm default. */
    static final double DEFAULT_EPS = 1e-12;
    private static final Expander.Role NORM = new Expander.Role("normalization range");

    private final Expander x;
    /** The Nonlin whose body is being unrolled (core name and spelling), or null outside one. */
    private String owner, ownerShown;
    private int calls;
    private boolean inFamily;

    NetsorPlusSugar(Expander x) {
        this.x = x;
    }

    // ---- layernorm inside a Nonlin body ---------------------------------------------------

    /** The body of {@code Nonlin NAME := e}, layernorm calls unrolled (their moments written first). */
    Ast.Expr nonlinBody(Surface.Expr e, Surface.Ref name, long[] idx) {
        owner = core(name, idx);
        ownerShown = shown(name, idx);
        calls = 0;
        try {
            return x.expr(e);
        } finally {
            owner = null;
        }
    }

    /** A call of {@code layernorm} or {@code softmax} met in an expression. */
    Ast.Expr call(Surface.Call c) {
        if (c.fn().equals(SOFTMAX)) {
            throw x.fail(c.pos(), "softmax normalizes a family of moments: write Moment A[t][s] := softmax(s in 0..T-1) L[t][s]");
        }
        if (owner == null) {
            throw x.fail(c.pos(), inFamily ? "layernorm(...) inside a layernorm over a family: define the inner one as its own Nonlin"
                    : "layernorm(...) acts on vectors coordinatewise: use it in a Nonlin (Nonlin y := layernorm(g))");
        }
        if (c.args().size() != 1) {
            throw x.fail(c.pos(), "layernorm takes one vector expression, got " + c.args().size()
                    + (c.args().size() > 1 ? "; give eps as layernorm(g, eps = 1e-5)" : ""));
        }
        double eps = eps(c.settings());
        Ast.Expr v = x.expr(c.args().get(0));
        calls++;
        String suffix = calls == 1 ? "" : Integer.toString(calls);
        return normalize(List.of(v), c.pos(), owner, ownerShown, suffix, eps).get(0);
    }

    // ---- normalizations over a family -------------------------------------------------------

    /** {@code Nonlin y[..] := layernorm(binders) X}: one mean and variance over the whole family. */
    void layerNormFamily(Surface.Nonlin n, Surface.Norm norm) {
        if (!norm.op().equals(LAYERNORM)) {
            throw x.fail(norm.pos(), "softmax(...) normalizes moments: write it in a Moment (Moment A[t][s] := softmax(s in 0..T-1) L[t][s])");
        }
        double eps = eps(norm.settings());
        List<long[]> idxs = new ArrayList<>();
        List<Ast.Expr> bodies = new ArrayList<>();
        inFamily = true;
        try {
            each(norm.binders(), 0, () -> {
                idxs.add(x.index(n.name()));
                bodies.add(x.expr(norm.body()));
            });
        } finally {
            inFamily = false;
        }
        members(norm, n.name(), idxs, "Nonlin y[t] := layernorm(t in 0..T-1) g[t]");
        List<Ast.Expr> ys = normalize(bodies, norm.pos(), core(n.name(), idxs.get(0)), shown(n.name(), idxs.get(0)), "", eps);
        for (int k = 0; k < ys.size(); k++) x.out.add(new Ast.Nonlin(n.pos(), x.define(n.name(), idxs.get(k), false), ys.get(k)));
    }

    /** {@code Moment A[..] := softmax(binders) L}: the normalizer, then one moment per member. */
    void softmaxFamily(Surface.Moment m, Surface.Norm norm) {
        if (!norm.op().equals(SOFTMAX)) {
            throw x.fail(norm.pos(), "layernorm(...) normalizes vectors: write it in a Nonlin (Nonlin y[t] := layernorm(t in 0..T-1) g[t])");
        }
        if (!norm.settings().isEmpty()) {
            throw x.fail(norm.settings().get(0).name().pos(), "softmax takes no settings");
        }
        List<long[]> idxs = new ArrayList<>();
        List<Ast.Expr> logits = new ArrayList<>();
        each(norm.binders(), 0, () -> {
            idxs.add(x.index(m.name()));
            logits.add(x.expr(norm.body()));
        });
        members(norm, m.name(), idxs, "Moment A[t][s] := softmax(s in 0..T-1) L[t][s]");
        Pos at = norm.pos();
        List<Ast.Expr> exps = new ArrayList<>();
        for (Ast.Expr l : logits) exps.add(new Ast.Call(at, "exp", List.of(l)));
        Ast.Name z = generated(core(m.name(), idxs.get(0)) + "__sum", shown(m.name(), idxs.get(0)) + "__sum", at);
        x.out.add(new Ast.Moment(at, z, Expander.add(exps, 0, exps.size(), at)));
        Ast.Ref zr = new Ast.Ref(at, z.text());
        for (int k = 0; k < idxs.size(); k++) {
            x.out.add(new Ast.Moment(m.pos(), x.define(m.name(), idxs.get(k), false), new Ast.Bin(at, '/', exps.get(k), zr)));
        }
    }

    /** A normalization over a family that is not the whole right-hand side of its statement. */
    Expander.Fail misplaced(Surface.Norm n) {
        return x.fail(n.pos(), n.op() + "(...) over a family defines one variable per value of its binders, so it must be the"
                + " whole right-hand side: " + (n.op().equals(SOFTMAX) ? "Moment A[t][s] := softmax(s in 0..T-1) L[t][s]"
                : "Nonlin y[t] := layernorm(t in 0..T-1) g[t]"));
    }

    /** A normalization over a family inside a larger expression is an error (reported before the defined name's indices are read). */
    void rejectNested(Surface.Expr e) {
        if (e instanceof Surface.Norm n) throw misplaced(n);
        if (e instanceof Surface.Neg n) rejectNested(n.arg());
        else if (e instanceof Surface.Bin b) {
            rejectNested(b.left());
            rejectNested(b.right());
        } else if (e instanceof Surface.Call c) {
            for (Surface.Expr a : c.args()) rejectNested(a);
        } else if (e instanceof Surface.Sum s) {
            rejectNested(s.body());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    /**
     * Writes the mean and variance moments of the family {@code xs} (one vector each, one shared
     * dimension) and returns each member normalized: {@code (X - mean) / sqrt(var + eps)}.
     */
    private List<Ast.Expr> normalize(List<Ast.Expr> xs, Pos at, String core, String shown, String suffix, double eps) {
        int k = xs.size();
        Ast.Name mu = generated(core + "__mean" + suffix, shown + "__mean" + suffix, at);
        x.out.add(new Ast.Moment(at, mu, averaged(Expander.add(xs, 0, k, at), k, at)));
        Ast.Ref m = new Ast.Ref(at, mu.text());
        List<Ast.Expr> centred = new ArrayList<>(k), squares = new ArrayList<>(k);
        for (Ast.Expr v : xs) {
            Ast.Expr c = new Ast.Bin(at, '-', v, m);
            centred.add(c);
            squares.add(new Ast.Bin(at, '^', c, new Ast.Num(at, 2)));
        }
        Ast.Name var = generated(core + "__var" + suffix, shown + "__var" + suffix, at);
        x.out.add(new Ast.Moment(at, var, averaged(Expander.add(squares, 0, k, at), k, at)));
        Ast.Expr scale = new Ast.Call(at, "sqrt", List.of(eps == 0 ? new Ast.Ref(at, var.text())
                : new Ast.Bin(at, '+', new Ast.Ref(at, var.text()), new Ast.Num(at, eps))));
        List<Ast.Expr> out = new ArrayList<>(k);
        for (Ast.Expr c : centred) out.add(new Ast.Bin(at, '/', c, scale));
        return out;
    }

    /** {@code mean(sum) / k} ({@code mean(sum)} for one member). */
    private static Ast.Expr averaged(Ast.Expr sum, int k, Pos at) {
        Ast.Expr mean = new Ast.Call(at, "mean", List.of(sum));
        return k == 1 ? mean : new Ast.Bin(at, '/', mean, new Ast.Num(at, k));
    }

    /** Defines a generated moment's name (a plain core name) and counts its statement. */
    private Ast.Name generated(String core, String shown, Pos at) {
        x.generate(at, 1);
        try {
            return new Ast.Name(x.names.defineGenerated(core, shown, at, x.out.size()), at);
        } catch (NameTable.Clash c) {
            throw x.fail(at, c.getMessage());
        }
    }

    /** Every member index must be distinct: the binders index the defined name. */
    private void members(Surface.Norm norm, Surface.Ref name, List<long[]> idxs, String example) {
        if (idxs.isEmpty()) throw x.fail(norm.pos(), "empty " + norm.op() + ": no value of its binders passes their ranges and guards");
        Set<String> seen = new HashSet<>();
        for (long[] idx : idxs) {
            if (!seen.add(java.util.Arrays.toString(idx))) {
                throw x.fail(name.pos(), norm.op() + "(...) defines one variable per value of its binders: the defined name must"
                        + " take them as indices (" + example + "); '" + shown(name, idx) + "' comes twice");
            }
        }
        x.unrolled = true;
    }

    private double eps(List<Surface.Setting> settings) {
        double eps = DEFAULT_EPS;
        boolean given = false;
        for (Surface.Setting s : settings) {
            if (!s.name().text().equals("eps")) throw x.fail(s.name().pos(), "layernorm's only setting is eps, not '" + s.name().text() + "'");
            if (given) throw x.fail(s.name().pos(), "'eps' given twice");
            given = true;
            eps = x.value(s.value(), "eps");
            if (!(eps >= 0) || Double.isInfinite(eps)) {
                throw x.fail(s.value().pos(), "eps must be a finite number >= 0, found " + Constants.format(eps));
            }
        }
        return eps;
    }

    /** Runs {@code body} once per value of the binders (guards applied), first binder outermost. */
    private void each(List<Surface.Binder> bs, int k, Runnable body) {
        if (k == bs.size()) {
            body.run();
            return;
        }
        Surface.Binder b = bs.get(k);
        long[] r = x.range(b.range(), NORM);
        Expander.Const c = x.bind(b, r[0]);
        try {
            for (long v = r[0]; v <= r[1]; v++) if (x.next(b, c, v)) each(bs, k + 1, body);
        } finally {
            x.unbind(c);
        }
    }

    private static String core(Surface.Ref r, long[] idx) {
        return r.isIndexed() ? NameTable.mangle(r.name(), idx) : r.name();
    }

    private static String shown(Surface.Ref r, long[] idx) {
        return r.isIndexed() ? NameTable.show(r.name(), idx) : r.name();
    }
}
