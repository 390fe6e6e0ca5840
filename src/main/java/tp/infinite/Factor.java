package tp.infinite;

import tp.compile.Atom;
import tp.compile.Lin;
import tp.infinite.gauss.PiecewiseLinear;
import tp.lang.Builtin;

/**
 * An atom placed at a side (0: the row point x, 1: the column point x'), with what the
 * dispatcher needs at hand: for a built-in of an affine form, the form and, for the
 * piecewise-linear family, its {@link PiecewiseLinear} (products of those on the same form are
 * merged into one).
 */
record Factor(Atom atom, int side, Lin lin, PiecewiseLinear pl) {

    static Factor of(Atom a, int side) {
        if (a instanceof Atom.Unary u) return new Factor(a, side, u.arg(), pl(u.fn(), u.param()));
        return new Factor(a, side, null, null);
    }

    /** The piecewise-linear form of a built-in, or null outside that family. */
    static PiecewiseLinear pl(Builtin fn, double param) {
        return switch (fn) {
            case RELU -> PiecewiseLinear.RELU;
            case LEAKY_RELU -> PiecewiseLinear.leakyRelu(param);
            case ABS -> PiecewiseLinear.ABS;
            case STEP -> PiecewiseLinear.STEP;
            case SIGN -> PiecewiseLinear.SIGN;
            case ID -> PiecewiseLinear.ID;
            default -> null;
        };
    }

    Builtin fn() {
        return atom instanceof Atom.Unary u ? u.fn() : null;
    }

    double param() {
        return atom instanceof Atom.Unary u ? u.param() : Double.NaN;
    }

    boolean isVar() {
        return atom instanceof Atom.Unary u && u.isVar() && pl != null && pl.equals(PiecewiseLinear.ID);
    }

    boolean isUnary() {
        return lin != null;
    }

    String key() {
        return (pl != null ? pl.toString() + "(" + lin.key() + ")" : atom.key()) + "@" + side;
    }

    /** The value at argument value u (the affine form's value) for a unary factor. */
    double apply(double u) {
        return pl != null ? pl.apply(u) : atom instanceof Atom.Unary a ? a.fn().apply(u, a.param()) : Double.NaN;
    }

    boolean isKinked() {
        if (pl != null) return !pl.isAffine();
        Builtin f = fn();
        return f == Builtin.SQRT || f == Builtin.LOG;
    }

    /** Product of two piecewise-linear factors of the same form, when one has no slope; else null. */
    static PiecewiseLinear times(PiecewiseLinear f, PiecewiseLinear g) {
        if (f.aPos() == 0 && f.aNeg() == 0) {
            PiecewiseLinear t = f;
            f = g;
            g = t;
        }
        if (g.aPos() != 0 || g.aNeg() != 0) return null;
        double gp = g.cPos() + g.c0(), gn = g.cNeg() + g.c0(), g0 = g.c0();
        double c0 = f.c0() * g0;
        return new PiecewiseLinear(f.aPos() * gp, f.aNeg() * gn, (f.cPos() + f.c0()) * gp - c0,
                (f.cNeg() + f.c0()) * gn - c0, c0);
    }
}
