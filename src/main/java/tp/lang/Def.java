package tp.lang;

import java.util.List;

/** How a checked variable is defined: one record per instruction, variables already resolved. */
public sealed interface Def permits Def.Input, Def.MatIn, Def.Transpose, Def.VecIn, Def.MatMul,
        Def.LinComb, Def.Nonlin, Def.Moment {

    /** Columns {@code offset .. offset+size-1} of each input row. */
    record Input(int offset, int size) implements Def {}

    /**
     * W = sigma * w / sqrt(fan-in), w iid N(0,1). In the NTK parametrization (the default) w is
     * the trainable parameter; with {@code standard} W itself is (Netsor+ issue: the standard
     * parametrization), so its NTK contribution is fan-in / sigma^2 times the NTK one's.
     */
    record MatIn(double sigma, boolean frozen, boolean standard) implements Def {
        public MatIn(double sigma, boolean frozen) {
            this(sigma, frozen, false);
        }
    }

    /** The transpose of A-var {@code of} (same random entries). */
    record Transpose(Var of) implements Def {}

    /**
     * b = mean + sigma * beta, beta iid N(0,1) (0 at start when initZero). With {@code standard}
     * b itself is the trainable parameter (NTK contribution 1 / sigma^2 times the NTK one's).
     */
    record VecIn(double sigma, double mean, boolean initZero, boolean frozen, boolean standard) implements Def {
        public VecIn(double sigma, double mean, boolean initZero, boolean frozen) {
            this(sigma, mean, initZero, frozen, false);
        }
    }

    record MatMul(Var matrix, Var arg) implements Def {}

    /** sum of coefs[i] * args[i]; arguments distinct. */
    record LinComb(double[] coefs, List<Var> args) implements Def {}

    /**
     * fn reads only {@code args}: its direct G- and H-var arguments and the moments it uses as
     * parameters (Netsor+: a moment is a per-data-point scalar, so the nonlinearity's parameters
     * differ from point to point). A LinComb with moment coefficients is checked into one of these.
     */
    record Nonlin(Fn fn, List<Var> args) implements Def {}

    /**
     * A moment (Netsor+): a scalar per data point, {@code fn} an expression of constants, earlier
     * moments ({@link Fn.Arg} of {@link Kind#SCALAR} vars) and averages over the coordinates of a
     * width dimension ({@link Fn.Mean} of a Nonlin-style body of G- and H-vars and moments).
     * {@code args} are the vars fn reads directly, inside means or not.
     */
    record Moment(Fn fn, List<Var> args) implements Def {}
}
