package tp.finite;

import tp.lang.Builtin;
import tp.lang.Fn;
import tp.lang.Kind;

/**
 * A {@code Nonlin} body (or one of its partial derivatives, or a moment's expression) compiled
 * once into a tree of whole-array operations: evaluating it makes one pass over the batch per
 * tree node, never a walk of the expression per coordinate. Intermediate arrays are reused in
 * place when they are temporaries of this evaluation.
 *
 * <p>Arrays are row-major {@code rows x batch} (column i: data point i). A moment (Netsor+) is
 * one number per data point, an array of length {@code batch}; read by a vector expression it
 * is repeated over the rows (coordinate r of point i reads entry i).
 */
final class VecFn {
    /** A node's value: a constant ({@code a == null}) or an array; {@code owned} arrays may be overwritten. */
    private record Val(double[] a, double c, boolean owned) {
        static Val constant(double c) { return new Val(null, c, false); }
    }

    private interface Node {
        Val eval(double[][] env, int len, int batch);
    }

    private final Node root;
    private final double constant;
    private final boolean isConstant;

    private VecFn(Fn fn) {
        this.root = node(fn);
        this.isConstant = fn instanceof Fn.Const;
        this.constant = fn instanceof Fn.Const k ? k.value() : Double.NaN;
    }

    static VecFn compile(Fn fn) {
        return new VecFn(fn);
    }

    /** True when the expression is the constant {@code value} (e.g. a derivative that vanishes). */
    boolean isConstant(double value) {
        return isConstant && constant == value;
    }

    /**
     * The expression over the batch: {@code env[varId]} is the row-major data of each variable it
     * reads (vectors of length {@code len}, a multiple of {@code batch}; moments of length
     * {@code batch}). The result is a fresh array of length {@code len}.
     */
    double[] eval(double[][] env, int len, int batch) {
        Val v = root.eval(env, len, batch);
        if (v.a == null) {
            double[] out = new double[len];
            java.util.Arrays.fill(out, v.c);
            return out;
        }
        return v.owned ? v.a : v.a.clone();
    }

    /** target[i] += this[i] * factor[i]: the chain rule step of the backward pass. */
    void mulAdd(double[][] env, int len, int batch, double[] factor, double[] target) {
        Val v = root.eval(env, len, batch);
        if (v.a == null) {
            if (v.c == 0) return;
            for (int i = 0; i < len; i++) target[i] += v.c * factor[i];
        } else {
            double[] a = v.a;
            for (int i = 0; i < len; i++) target[i] += a[i] * factor[i];
        }
    }

    private static Node node(Fn fn) {
        if (fn instanceof Fn.Const k) {
            Val v = Val.constant(k.value());
            return (env, len, batch) -> v;
        }
        if (fn instanceof Fn.Arg a) {
            int id = a.var().id();
            if (a.var().kind() == Kind.SCALAR) return (env, len, batch) -> new Val(tiled(env[id], len, batch), 0, len != batch);
            return (env, len, batch) -> new Val(env[id], 0, false);
        }
        if (fn instanceof Fn.Mean) throw new IllegalArgumentException("mean(...) is averaged by the moment's plan, not compiled");
        if (fn instanceof Fn.Neg n) {
            Node arg = node(n.arg());
            return (env, len, batch) -> {
                Val x = arg.eval(env, len, batch);
                if (x.a == null) return Val.constant(-x.c);
                double[] out = x.owned ? x.a : new double[len];
                double[] in = x.a;
                for (int i = 0; i < len; i++) out[i] = -in[i];
                return new Val(out, 0, true);
            };
        }
        if (fn instanceof Fn.Call c) {
            Node arg = node(c.arg());
            Builtin f = c.fn();
            double p = c.param();
            return (env, len, batch) -> {
                Val x = arg.eval(env, len, batch);
                if (x.a == null) return Val.constant(f.apply(x.c, p));
                double[] out = x.owned ? x.a : new double[len];
                ArrayFns.apply(f, p, x.a, out, len);
                return new Val(out, 0, true);
            };
        }
        Fn.Bin b = (Fn.Bin) fn;
        Node left = node(b.left()), right = node(b.right());
        char op = b.op();
        return (env, len, batch) -> binary(op, left.eval(env, len, batch), right.eval(env, len, batch), len);
    }

    /** A moment (length batch) repeated over the rows of a {@code len}-long vector array. */
    static double[] tiled(double[] m, int len, int batch) {
        if (len == batch) return m;
        double[] out = new double[len];
        for (int r = 0; r < len; r += batch) System.arraycopy(m, 0, out, r, batch);
        return out;
    }

    private static Val binary(char op, Val l, Val r, int len) {
        if (l.a == null && r.a == null) return Val.constant(Fn.arithmetic(op, l.c, r.c));
        double[] out = l.owned ? l.a : r.owned ? r.a : new double[len];
        if (l.a != null && r.a != null) {
            double[] x = l.a, y = r.a;
            switch (op) {
                case '+' -> { for (int i = 0; i < len; i++) out[i] = x[i] + y[i]; }
                case '-' -> { for (int i = 0; i < len; i++) out[i] = x[i] - y[i]; }
                case '*' -> { for (int i = 0; i < len; i++) out[i] = x[i] * y[i]; }
                case '/' -> { for (int i = 0; i < len; i++) out[i] = x[i] / y[i]; }
                default -> { for (int i = 0; i < len; i++) out[i] = Math.pow(x[i], y[i]); }
            }
        } else if (l.a != null) {
            double[] x = l.a;
            double y = r.c;
            switch (op) {
                case '+' -> { for (int i = 0; i < len; i++) out[i] = x[i] + y; }
                case '-' -> { for (int i = 0; i < len; i++) out[i] = x[i] - y; }
                case '*' -> { for (int i = 0; i < len; i++) out[i] = x[i] * y; }
                case '/' -> { for (int i = 0; i < len; i++) out[i] = x[i] / y; }
                default -> {
                    if (y == 2) { for (int i = 0; i < len; i++) out[i] = x[i] * x[i]; }
                    else { for (int i = 0; i < len; i++) out[i] = Math.pow(x[i], y); }
                }
            }
        } else {
            double x = l.c;
            double[] y = r.a;
            switch (op) {
                case '+' -> { for (int i = 0; i < len; i++) out[i] = x + y[i]; }
                case '-' -> { for (int i = 0; i < len; i++) out[i] = x - y[i]; }
                case '*' -> { for (int i = 0; i < len; i++) out[i] = x * y[i]; }
                case '/' -> { for (int i = 0; i < len; i++) out[i] = x / y[i]; }
                default -> { for (int i = 0; i < len; i++) out[i] = Math.pow(x, y[i]); }
            }
        }
        return new Val(out, 0, true);
    }
}
