package tp.finite;

import org.ejml.data.DMatrixRMaj;
import tp.UserError;
import tp.lang.Def;
import tp.lang.Program;
import tp.lang.Var;

/**
 * The finite-width run's guard against NaN and infinity: every forward value, every adjoint of
 * the backward pass and every assembled kernel is checked, and the first non-finite number is
 * reported as a user error at the statement that produced it ({@code FILE:LINE:COL}), naming the
 * variable as the user wrote it ({@code h[1]}, not the core name {@code h_1}). A NaN must never
 * turn into a plausible number downstream (relu(NaN) is NaN here, see {@link ArrayFns}).
 */
final class FiniteValues {
    private FiniteValues() {}

    /** A non-finite number in a finite-width run (training reads it as a sign of divergence). */
    static final class NonFinite extends UserError {
        NonFinite(String where, String message) {
            super(where, message);
        }
    }

    /** True when every entry is finite (one pass, no branch). */
    static boolean allFinite(double[] a) {
        return tp.io.MatrixWriter.allFinite(a, a.length);
    }

    /** The forward value of {@code v} (dim x batch) must be finite. */
    static void requireValue(Program p, int width, Var v, DMatrixRMaj m) {
        if (allFinite(m.data)) return;
        int at = firstBad(m);
        double bad = m.data[at];
        String why = v.def() instanceof Def.Nonlin || v.def() instanceof Def.Moment
                ? "its expression is undefined or overflows there (sqrt or log of a negative number, 0/0, exp of a huge value, ...)"
                : "the values overflow";
        throw at(v, name(p, v) + " is " + show(bad) + " in the width-" + width + " network for data point "
                + (at % m.numCols) + " (rows counted from 0): " + why);
    }

    /** Why the adjoint of {@code arg}, just updated through {@code user}'s definition, is not finite. */
    static UserError adjointError(Program p, int width, Var user, Var arg, DMatrixRMaj adj) {
        int at = firstBad(adj);
        String why = user.def() instanceof Def.Nonlin || user.def() instanceof Def.Moment
                ? "the derivative of its expression with respect to " + name(p, arg)
                        + " is infinite or undefined there (e.g. sqrt or log at 0)"
                : "the gradient overflows";
        return at(user, "the gradient of the output through " + name(p, user) + " with respect to " + name(p, arg)
                + " is " + show(adj.data[at]) + " in the width-" + width
                + " network for data point " + (at % adj.numCols) + " (rows counted from 0): " + why);
    }

    /** A kernel or prediction assembled from finite values can still overflow. */
    static void requireResult(String what, int width, DMatrixRMaj m) {
        if (allFinite(m.data)) return;
        int at = firstBad(m);
        throw new NonFinite(null, what + " of the width-" + width + " network is " + show(m.data[at]) + " at row "
                + (at / Math.max(1, m.numCols)) + ", column " + (at % Math.max(1, m.numCols))
                + " (counted from 0): the values overflow");
    }

    /** The name as written, quoted: {@code 'h[1]'}. */
    static String name(Program p, Var v) {
        return "'" + p.shown(v) + "'";
    }

    private static UserError at(Var v, String message) {
        return new NonFinite(v.pos().file() + ":" + v.pos().line() + ":" + v.pos().col(), message);
    }

    /** Row-major index of the first non-finite entry of the lowest column (data point) that has one. */
    private static int firstBad(DMatrixRMaj m) {
        int cols = Math.max(1, m.numCols);
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < m.numRows; r++) if (!Double.isFinite(m.data[r * cols + c])) return r * cols + c;
        }
        return 0;
    }

    private static String show(double x) {
        return Double.isNaN(x) ? "NaN (not a number)" : x > 0 ? "+infinity" : "-infinity";
    }
}
