package tp.lang;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An {@link Ast.Expr} to {@link Fn}, resolving names to variables and checking that each one is
 * of a type the context allows (LANGUAGE.md section 2, Netsor+ in LANGUAGE-EXTENSIONS.md):
 * <ul>
 *   <li>a {@code Nonlin} body reads G- and H-vars and, as parameters, moments;</li>
 *   <li>a {@code Moment} reads moments and constants, and {@code mean(BODY)} averages a
 *       Nonlin-style BODY over the coordinates of one width dimension;</li>
 *   <li>a coefficient of a {@code LinComb} reads moments and constants only.</li>
 * </ul>
 * Every variable read (inside means or not) is collected in {@link #args}, in first-use order.
 * Returns null from {@link #build} after reporting an error.
 */
final class FnBuilder {
    enum Mode {
        NONLIN("Nonlin"), MOMENT("Moment"), COEFFICIENT("LinComb coefficient");

        final String what;

        Mode(String what) {
            this.what = what;
        }
    }

    private final Checker checker;
    private final Mode mode;
    final List<Var> args;
    /** args as a set: a Nonlin of a 10^5-term sum must not search a list per term */
    private final Set<Var> argSet = new HashSet<>();
    /** The G- and H-vars of the mean(...) being built (null outside one), which must share one dimension. */
    private List<Var> meanVars;
    private boolean failed;

    FnBuilder(Checker checker, Mode mode, List<Var> args) {
        this.checker = checker;
        this.mode = mode;
        this.args = args;
        argSet.addAll(args);
    }

    Fn build(Ast.Expr e) {
        failed = false;
        Fn f = go(e);
        return failed ? null : f;
    }

    /** The G- and H-vars collected so far. */
    List<Var> wide() {
        List<Var> out = new ArrayList<>();
        for (Var v : args) if (v.kind().isWide()) out.add(v);
        return out;
    }

    private Fn fail(Pos p, String msg) {
        checker.diags.error(p, msg);
        failed = true;
        return Fn.c(0);
    }

    /** Folded constants must be finite: {@code log(0)} or {@code 1e999} is a mistake, not a value. */
    private Fn go(Ast.Expr e) {
        Fn f = node(e);
        if (f instanceof Fn.Const k && !Double.isFinite(k.value())) {
            return fail(e.pos(), "constant is not a finite number (" + k.value() + ")");
        }
        return f;
    }

    private Fn node(Ast.Expr e) {
        if (e instanceof Ast.Num n) return Fn.c(n.value());
        if (e instanceof Ast.Ref r) return ref(r);
        if (e instanceof Ast.Neg n) return Fn.neg(go(n.arg()));
        if (e instanceof Ast.Bin b) {
            return Fn.bin(b.op(), go(b.left()), go(b.right()));
        }
        Ast.Call c = (Ast.Call) e;
        if (c.fn().equals("mean")) return mean(c);
        Builtin f = Builtin.byName(c.fn());
        if (f == null) {
            if (checker.isVariable(c.fn())) return fail(c.pos(), "'" + c.fn() + "' is a variable, not a function");
            return fail(c.pos(), "unknown function '" + c.fn() + "' (known: " + Checker.knownFunctions() + ")");
        }
        if (c.args().size() != f.arity) {
            return fail(c.pos(), f.arityMessage(c.args().size()));
        }
        Fn x = go(c.args().get(0));
        double p = Double.NaN;
        if (f.arity == 2) {
            Ast.Expr pe = c.args().get(1);
            if (!Constants.isConstant(pe, Checker.CONSTANTS)) return fail(pe.pos(), f.word + "'s second argument must be a constant");
            p = Constants.eval(pe, Checker.CONSTANTS, checker.diags, f.word + " slope");
            if (Double.isNaN(p)) failed = true;
        }
        return Fn.call(f, x, p);
    }

    private Fn ref(Ast.Ref r) {
        if (!checker.isVariable(r.name()) && r.name().equals("pi")) return Fn.c(Math.PI);
        Var v = checker.lookup(new Ast.Name(r.name(), r.pos()));
        if (v == null) {
            failed = true;
            return Fn.c(0);
        }
        String name = v.name();
        Kind k = v.kind();
        if (meanVars != null) {  // inside mean(...): a vector of a width dimension, or a moment
            if (k == Kind.DATA || k == Kind.FINITE) {
                return fail(r.pos(), "mean(...) averages over the coordinates of a width dimension; '" + name + "' is "
                        + Checker.article(k) + (k == Kind.DATA ? ", whose dimension is a data dimension" : "")
                        + " (a moment of " + (k == Kind.DATA ? "data" : "a finite var") + " is not defined)");
            }
            if (k == Kind.MATRIX) return fail(r.pos(), "mean(...) averages G- and H-vars; '" + name + "' is an A-var");
            if (k.isWide() && !meanVars.contains(v)) meanVars.add(v);
        } else if (mode == Mode.NONLIN) {
            if (!k.isWide() && k != Kind.SCALAR) {
                return fail(r.pos(), "Nonlin acts on G- and H-vars; '" + name + "' is " + Checker.article(k)
                        + " (moments may also appear, as parameters)");
            }
        } else if (k != Kind.SCALAR) {  // a moment or a coefficient: one number per data point
            if (k.isWide()) {
                return fail(r.pos(), (mode == Mode.MOMENT ? "a Moment is one number per data point; '"
                        : "a LinComb coefficient is a constant or a moment; '") + name + "' is " + Checker.article(k)
                        + " (a vector)" + (mode == Mode.MOMENT ? ": average it over its coordinates with mean(" + name + ")" : ""));
            }
            return fail(r.pos(), "a " + mode.what + " reads moments and constants; '" + name + "' is " + Checker.article(k));
        }
        if (argSet.add(v)) args.add(v);
        return Fn.arg(v);
    }

    /** {@code mean(BODY)}: only in a Moment, not nested, over the G- and H-vars of one dimension. */
    private Fn mean(Ast.Call c) {
        if (mode != Mode.MOMENT) {
            return fail(c.pos(), "mean(...) is only allowed in a Moment; define 'Moment m := mean(...)' and use m here");
        }
        if (meanVars != null) return fail(c.pos(), "mean(...) inside mean(...): define the inner average as its own Moment");
        if (c.args().size() != 1) return fail(c.pos(), "mean takes 1 argument, got " + c.args().size());
        meanVars = new ArrayList<>();
        try {
            Fn body = go(c.args().get(0));
            if (failed) return Fn.c(0);
            if (meanVars.isEmpty()) {
                return fail(c.pos(), "mean(...) needs a G- or H-var to average over its coordinates");
            }
            if (!checker.unifyAll(meanVars, c.pos(), "mean(...)")) {
                failed = true;
                return Fn.c(0);
            }
            return new Fn.Mean(body);
        } finally {
            meanVars = null;
        }
    }
}
