package tp.lang;

import java.util.List;

/** How a checked variable is defined: one record per instruction, variables already resolved. */
public sealed interface Def permits Def.Input, Def.MatIn, Def.Transpose, Def.VecIn, Def.MatMul,
        Def.LinComb, Def.Nonlin {

    /** Columns {@code offset .. offset+size-1} of each input row. */
    record Input(int offset, int size) implements Def {}

    /** W = sigma * w / sqrt(fan-in), w iid N(0,1). */
    record MatIn(double sigma, boolean frozen) implements Def {}

    /** The transpose of A-var {@code of} (same random entries). */
    record Transpose(Var of) implements Def {}

    /** b = mean + sigma * beta, beta iid N(0,1) (0 at start when initZero). */
    record VecIn(double sigma, double mean, boolean initZero, boolean frozen) implements Def {}

    record MatMul(Var matrix, Var arg) implements Def {}

    /** sum of coefs[i] * args[i]; arguments distinct. */
    record LinComb(double[] coefs, List<Var> args) implements Def {}

    /** fn reads only {@code args} (its direct G- and H-var arguments). */
    record Nonlin(Fn fn, List<Var> args) implements Def {}
}
