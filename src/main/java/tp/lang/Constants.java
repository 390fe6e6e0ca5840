package tp.lang;

import java.util.Map;

/**
 * Constant expressions: numbers combined with {@code + - * / ^}, parentheses, {@code pi},
 * {@code sqrt}, {@code exp}, {@code log} (and every other built-in of one argument), and named
 * constants supplied by the caller. Used for sigmas, means, coefficients and width ratios.
 */
public final class Constants {
    private Constants() {}

    /** Thrown inside evaluation; turned into a diagnostic by {@link #eval}. */
    private static final class NotConstant extends RuntimeException {
        final Pos pos;

        NotConstant(Pos pos, String msg) {
            super(msg, null, false, false);
            this.pos = pos;
        }
    }

    /**
     * Evaluates {@code e}, or reports why it is not a finite constant and returns NaN.
     * {@code what} names the role for messages ("sigma", "coefficient", ...).
     */
    public static double eval(Ast.Expr e, Map<String, Double> named, Diagnostics diags, String what) {
        try {
            double v = value(e, named);
            if (!Double.isFinite(v)) {
                diags.error(e.pos(), what + " is not a finite number (" + v + ")");
                return Double.NaN;
            }
            return v;
        } catch (NotConstant nc) {
            diags.error(nc.pos, nc.getMessage() + " in " + what);
            return Double.NaN;
        }
    }

    /** True when {@code e} mentions no name other than pi and the given constants. */
    public static boolean isConstant(Ast.Expr e, Map<String, Double> named) {
        if (e instanceof Ast.Num) return true;
        if (e instanceof Ast.Ref r) return r.name().equals("pi") || named.containsKey(r.name());
        if (e instanceof Ast.Neg n) return isConstant(n.arg(), named);
        // right operand first: in a long left-leaning sum (a + b + c + ...) it is a single term,
        // so a non-constant answer comes at once instead of after a walk down the whole chain
        if (e instanceof Ast.Bin b) return isConstant(b.right(), named) && isConstant(b.left(), named);
        Ast.Call c = (Ast.Call) e;
        for (Ast.Expr a : c.args()) if (!isConstant(a, named)) return false;
        return true;
    }

    private static double value(Ast.Expr e, Map<String, Double> named) {
        if (e instanceof Ast.Num n) return n.value();
        if (e instanceof Ast.Ref r) {
            if (r.name().equals("pi")) return Math.PI;
            Double v = named.get(r.name());
            if (v == null) throw new NotConstant(r.pos(), "'" + r.name() + "' is not a constant");
            return v;
        }
        if (e instanceof Ast.Neg n) return -value(n.arg(), named);
        if (e instanceof Ast.Bin b) {
            return Fn.arithmetic(b.op(), value(b.left(), named), value(b.right(), named));
        }
        Ast.Call c = (Ast.Call) e;
        Builtin f = Builtin.byName(c.fn());
        if (f == null) throw new NotConstant(c.pos(), "unknown function '" + c.fn() + "'");
        if (c.args().size() != f.arity) {
            throw new NotConstant(c.pos(), f.arityMessage(c.args().size()));
        }
        double p = f.arity == 2 ? value(c.args().get(1), named) : Double.NaN;
        return f.apply(value(c.args().get(0), named), p);
    }

    /** Shortest text that reads back as the same double. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
