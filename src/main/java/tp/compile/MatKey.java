package tp.compile;

import tp.lang.Def;
import tp.lang.Var;

/**
 * Which random matrix a MatMul multiplies by: a MatIn, possibly transposed. Two MatMuls are
 * correlated in the limit only when their keys are equal. {@code kappa} is the variance factor
 * of the used orientation: 1 for the matrix itself, rows/cols of the MatIn for its transpose
 * (whose entries are still scaled by the MatIn's own fan-in).
 */
public record MatKey(Var base, boolean transposed, double sigma, double kappa) {
    public boolean trainable() {
        return !((Def.MatIn) base.def()).frozen();
    }

    public String name() {
        return transposed ? base.name() + "^T" : base.name();
    }
}
