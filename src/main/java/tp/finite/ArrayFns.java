package tp.finite;

import org.apache.commons.numbers.gamma.Erf;
import org.apache.commons.numbers.gamma.Erfc;
import tp.lang.Builtin;

/**
 * The built-ins applied to a whole array: the choice of function is made once per array, the
 * loop body is the function itself. Each loop follows {@link Builtin#apply} exactly (same kink
 * conventions: step(0) = sign(0) = relu'(0) = 0), so batched and per-point evaluation agree.
 * A NaN argument gives NaN (never the 0 of the kink branch), so it reaches the finite-value checks.
 */
final class ArrayFns {
    private ArrayFns() {}

    private static final double SQRT_2 = Math.sqrt(2.0);

    /** out[i] = f(in[i]) for i < len; {@code out} may be {@code in}. */
    static void apply(Builtin f, double p, double[] in, double[] out, int len) {
        switch (f) {
            case RELU -> { for (int i = 0; i < len; i++) { double x = in[i]; out[i] = x > 0 ? x : x <= 0 ? 0.0 : x; } }
            case ERF -> { for (int i = 0; i < len; i++) out[i] = Erf.value(in[i]); }
            case TANH -> { for (int i = 0; i < len; i++) out[i] = Math.tanh(in[i]); }
            case SIGMOID -> {
                for (int i = 0; i < len; i++) {
                    double x = in[i];
                    out[i] = x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
                }
            }
            case GELU -> { for (int i = 0; i < len; i++) { double x = in[i]; out[i] = x * 0.5 * Erfc.value(-x / SQRT_2); } }
            case SIN -> { for (int i = 0; i < len; i++) out[i] = Math.sin(in[i]); }
            case COS -> { for (int i = 0; i < len; i++) out[i] = Math.cos(in[i]); }
            case EXP -> { for (int i = 0; i < len; i++) out[i] = Math.exp(in[i]); }
            case ABS -> { for (int i = 0; i < len; i++) out[i] = Math.abs(in[i]); }
            case SIGN -> { for (int i = 0; i < len; i++) { double x = in[i]; out[i] = x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : x; } }
            case STEP -> { for (int i = 0; i < len; i++) { double x = in[i]; out[i] = x > 0 ? 1.0 : x <= 0 ? 0.0 : x; } }
            case SOFTPLUS -> {
                for (int i = 0; i < len; i++) {
                    double x = in[i];
                    out[i] = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
                }
            }
            case ID -> { if (out != in) System.arraycopy(in, 0, out, 0, len); }
            case LEAKY_RELU -> { for (int i = 0; i < len; i++) { double x = in[i]; out[i] = x > 0 ? x : p * x; } }
            case SQRT -> { for (int i = 0; i < len; i++) out[i] = Math.sqrt(in[i]); }
            case LOG -> { for (int i = 0; i < len; i++) out[i] = Math.log(in[i]); }
        }
    }
}
