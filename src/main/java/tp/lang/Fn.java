package tp.lang;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * A checked {@code Nonlin} body: an expression over program variables with constants folded.
 * Immutable; the smart constructors ({@link #add}, {@link #mul}, ...) fold constants and drop
 * zeros and ones so that symbolic derivatives stay small.
 *
 * <p>Both the finite-width executor (which evaluates it) and the infinite-width engine (which
 * matches it against closed-form expectations) read this tree.
 */
public sealed interface Fn permits Fn.Const, Fn.Arg, Fn.Neg, Fn.Bin, Fn.Call, Fn.Mean {

    record Const(double value) implements Fn {}

    /** A program variable (a G-var, or an H-var before inlining). */
    record Arg(Var var) implements Fn {}

    record Neg(Fn arg) implements Fn {}

    /** op is one of + - * / ^. */
    record Bin(char op, Fn left, Fn right) implements Fn {}

    /** A built-in; {@code param} is leaky_relu's constant slope (else NaN). */
    record Call(Builtin fn, Fn arg, double param) implements Fn {}

    /**
     * The average over the coordinates of a width dimension of {@code body} (an expression of
     * G- and H-vars of that dimension and of moments): only in a {@link Def.Moment}. It cannot be
     * evaluated from scalar values ({@link #eval} throws); executors average the body themselves.
     */
    record Mean(Fn body) implements Fn {}

    // ---- smart constructors -------------------------------------------------------------

    static Fn c(double v) {
        return new Const(v);
    }

    static Fn arg(Var v) {
        return new Arg(v);
    }

    static boolean isConst(Fn f, double v) {
        return f instanceof Const k && k.value == v;
    }

    static Fn neg(Fn a) {
        if (a instanceof Const k) return c(-k.value);
        if (a instanceof Neg n) return n.arg;
        return new Neg(a);
    }

    static Fn add(Fn a, Fn b) {
        if (a instanceof Const x && b instanceof Const y) return c(x.value + y.value);
        if (isConst(a, 0)) return b;
        if (isConst(b, 0)) return a;
        return new Bin('+', a, b);
    }

    static Fn sub(Fn a, Fn b) {
        if (a instanceof Const x && b instanceof Const y) return c(x.value - y.value);
        if (isConst(b, 0)) return a;
        if (isConst(a, 0)) return neg(b);
        return new Bin('-', a, b);
    }

    static Fn mul(Fn a, Fn b) {
        if (a instanceof Const x && b instanceof Const y) return c(x.value * y.value);
        if (isConst(a, 0) || isConst(b, 0)) return c(0);
        if (isConst(a, 1)) return b;
        if (isConst(b, 1)) return a;
        if (isConst(a, -1)) return neg(b);
        if (isConst(b, -1)) return neg(a);
        return new Bin('*', a, b);
    }

    static Fn div(Fn a, Fn b) {
        if (a instanceof Const x && b instanceof Const y) return c(x.value / y.value);
        if (isConst(a, 0)) return c(0);
        if (isConst(b, 1)) return a;
        return new Bin('/', a, b);
    }

    static Fn pow(Fn a, Fn b) {
        if (a instanceof Const x && b instanceof Const y) return c(Math.pow(x.value, y.value));
        if (isConst(b, 1)) return a;
        if (isConst(b, 0)) return c(1);
        return new Bin('^', a, b);
    }

    /** The simplifying constructor of a binary operator ('+', '-', '*', '/', '^'). */
    static Fn bin(char op, Fn l, Fn r) {
        return switch (op) {
            case '+' -> add(l, r);
            case '-' -> sub(l, r);
            case '*' -> mul(l, r);
            case '/' -> div(l, r);
            default -> pow(l, r);
        };
    }

    static Fn call(Builtin f, Fn x) {
        return call(f, x, Double.NaN);
    }

    static Fn call(Builtin f, Fn x, double param) {
        if (x instanceof Const k) return c(f.apply(k.value, param));
        return new Call(f, x, param);
    }

    // ---- operations ---------------------------------------------------------------------

    /** Evaluates with {@code values[var.id]} as the value of each variable. */
    default double eval(double[] values) {
        if (this instanceof Const k) return k.value;
        if (this instanceof Arg a) return values[a.var.id()];
        if (this instanceof Neg n) return -n.arg.eval(values);
        if (this instanceof Call c) return c.fn.apply(c.arg.eval(values), c.param);
        if (this instanceof Mean) throw new IllegalStateException("mean(...) is averaged by the executor, not evaluated");
        Bin b = (Bin) this;
        return arithmetic(b.op, b.left.eval(values), b.right.eval(values));
    }

    /**
     * {@code l op r} for op one of {@code + - * / ^}: the one definition of the binary operators
     * on numbers, shared by {@link #eval}, constant expressions ({@link Constants}), the sugar
     * expander and the finite executor.
     */
    static double arithmetic(char op, double l, double r) {
        return switch (op) {
            case '+' -> l + r;
            case '-' -> l - r;
            case '*' -> l * r;
            case '/' -> l / r;
            default -> Math.pow(l, r);
        };
    }

    /**
     * The symbolic partial derivative with respect to {@code v} (other variables held fixed).
     * Memoized on the expression's shared subexpressions (identity): the derivative of a shared
     * graph is computed once per node and shares in turn, so nesting depth d costs O(d) nodes,
     * not a tree of O(d^2) (or, for inlined chains, O(2^d)).
     */
    default Fn derivative(Var v) {
        return derivative(this, v, new java.util.IdentityHashMap<>());
    }

    private static Fn derivative(Fn f, Var v, java.util.Map<Fn, Fn> memo) {
        Fn done = memo.get(f);
        if (done == null) {
            done = derivativeOnce(f, v, memo);
            memo.put(f, done);
        }
        return done;
    }

    private static Fn derivativeOnce(Fn f, Var v, java.util.Map<Fn, Fn> memo) {
        if (f instanceof Const) return c(0);
        if (f instanceof Arg a) return c(a.var == v ? 1 : 0);
        if (f instanceof Neg n) return neg(derivative(n.arg, v, memo));
        if (f instanceof Call c) {
            Fn inner = derivative(c.arg, v, memo);
            if (isConst(inner, 0)) return c(0);
            return mul(c.fn.derivative(c.arg, c(c.param)), inner);
        }
        if (f instanceof Mean m) { // d/dv of a per-point average: the average of the derivative
            Fn inner = derivative(m.body, v, memo);
            return isConst(inner, 0) ? c(0) : new Mean(inner);
        }
        Bin b = (Bin) f;
        Fn dl = derivative(b.left, v, memo), dr = derivative(b.right, v, memo);
        return switch (b.op) {
            case '+' -> add(dl, dr);
            case '-' -> sub(dl, dr);
            case '*' -> add(mul(dl, b.right), mul(b.left, dr));
            case '/' -> sub(div(dl, b.right), div(mul(b.left, dr), mul(b.right, b.right)));
            default -> {
                if (b.right instanceof Const k) { // d(u^k) = k u^(k-1) du
                    yield mul(mul(c(k.value), pow(b.left, c(k.value - 1))), dl);
                }
                // d(u^w) = u^w (w' ln u + w u'/u)
                yield mul(f, add(mul(dr, call(Builtin.LOG, b.left)), div(mul(b.right, dl), b.left)));
            }
        };
    }

    /**
     * Replaces every variable by an expression (used to inline H-vars into G-var functions).
     * Memoized on shared subexpressions (identity), so shared structure stays shared.
     */
    default Fn substitute(Function<Var, Fn> f) {
        return substitute(this, f, new java.util.IdentityHashMap<>());
    }

    /**
     * As {@link #substitute(Function)} with the caller's memo (original node to result), so
     * that substitutions of many expressions sharing subexpressions share their results too.
     */
    default Fn substitute(Function<Var, Fn> f, java.util.Map<Fn, Fn> memo) {
        return substitute(this, f, memo);
    }

    private static Fn substitute(Fn e, Function<Var, Fn> f, java.util.Map<Fn, Fn> memo) {
        Fn done = memo.get(e);
        if (done == null) {
            done = substituteOnce(e, f, memo);
            memo.put(e, done);
        }
        return done;
    }

    private static Fn substituteOnce(Fn e, Function<Var, Fn> f, java.util.Map<Fn, Fn> memo) {
        if (e instanceof Const) return e;
        if (e instanceof Arg a) return f.apply(a.var);
        if (e instanceof Neg n) return neg(substitute(n.arg, f, memo));
        if (e instanceof Call c) return call(c.fn, substitute(c.arg, f, memo), c.param);
        if (e instanceof Mean m) return new Mean(substitute(m.body, f, memo));
        Bin b = (Bin) e;
        Fn l = substitute(b.left, f, memo), r = substitute(b.right, f, memo);
        return switch (b.op) {
            case '+' -> add(l, r);
            case '-' -> sub(l, r);
            case '*' -> mul(l, r);
            case '/' -> div(l, r);
            default -> pow(l, r);
        };
    }

    /** The variables this expression reads, in first-use order (each shared subexpression visited once). */
    default Set<Var> vars() {
        Set<Var> out = new LinkedHashSet<>();
        collect(this, out, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return out;
    }

    private static void collect(Fn f, Set<Var> out, Set<Fn> visited) {
        if (!visited.add(f)) return;
        if (f instanceof Arg a) out.add(a.var);
        else if (f instanceof Neg n) collect(n.arg, out, visited);
        else if (f instanceof Call c) collect(c.arg, out, visited);
        else if (f instanceof Mean m) collect(m.body, out, visited);
        else if (f instanceof Bin b) {
            collect(b.left, out, visited);
            collect(b.right, out, visited);
        }
    }

    /** In .tp syntax, fully parenthesised where needed. */
    default String show() {
        if (this instanceof Const k) return Constants.format(k.value);
        if (this instanceof Arg a) return a.var.name();
        if (this instanceof Neg n) return "-(" + n.arg.show() + ")";
        if (this instanceof Call c) {
            return c.fn.word + "(" + c.arg.show() + (c.fn.arity == 2 ? ", " + Constants.format(c.param) : "") + ")";
        }
        if (this instanceof Mean m) return "mean(" + m.body.show() + ")";
        Bin b = (Bin) this;
        return "(" + b.left.show() + " " + b.op + " " + b.right.show() + ")";
    }
}
