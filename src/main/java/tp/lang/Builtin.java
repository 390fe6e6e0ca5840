package tp.lang;

import org.apache.commons.numbers.gamma.Erf;

/**
 * The built-in coordinatewise functions of LANGUAGE.md section 2: each one's finite rule
 * ({@link #apply}) and its derivative (as an expression, so the backward program stays
 * symbolic) side by side. The infinite-width rules for them live in the engine's expectation
 * table, keyed by this enum.
 */
public enum Builtin {
    RELU("relu"), ERF("erf"), TANH("tanh"), SIGMOID("sigmoid"), GELU("gelu"), SIN("sin"), COS("cos"),
    EXP("exp"), ABS("abs"), SIGN("sign"), STEP("step"), SOFTPLUS("softplus"), ID("id"),
    LEAKY_RELU("leaky_relu", 2), SQRT("sqrt"), LOG("log");

    private static final double SQRT_2 = Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    public final String word;
    /** Number of arguments; for leaky_relu the second is a constant slope. */
    public final int arity;

    Builtin(String word) {
        this(word, 1);
    }

    Builtin(String word, int arity) {
        this.word = word;
        this.arity = arity;
    }

    /** The error for a call with {@code got} arguments when it takes {@link #arity}. */
    public String arityMessage(int got) {
        return word + " takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", got " + got;
    }

    public static Builtin byName(String name) {
        for (Builtin b : values()) if (b.word.equals(name)) return b;
        return null;
    }

    /** The finite rule. {@code p} is the constant second argument (leaky_relu's slope), else ignored. */
    public double apply(double x, double p) {
        return switch (this) {
            case RELU -> x > 0 ? x : x <= 0 ? 0.0 : x; // NaN stays NaN
            case ERF -> Erf.value(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            case GELU -> x * 0.5 * org.apache.commons.numbers.gamma.Erfc.value(-x / SQRT_2);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case EXP -> Math.exp(x);
            case ABS -> Math.abs(x);
            case SIGN -> x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : x;
            case STEP -> x > 0 ? 1.0 : x <= 0 ? 0.0 : x;
            case SOFTPLUS -> x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
            case ID -> x;
            case LEAKY_RELU -> x > 0 ? x : p * x;
            case SQRT -> Math.sqrt(x);
            case LOG -> Math.log(x);
        };
    }

    /**
     * d/dx of this function at argument expression {@code x} (and constant second argument
     * {@code p} for leaky_relu), as an expression. Kinks take the one-sided value the finite
     * executor uses (relu'(0) = step(0) = 0), which is what back-propagation computes.
     */
    public Fn derivative(Fn x, Fn p) {
        return switch (this) {
            case RELU -> Fn.call(STEP, x);
            // 2/sqrt(pi) exp(-x^2)
            case ERF -> Fn.mul(Fn.c(2.0 / Math.sqrt(Math.PI)), Fn.call(EXP, Fn.neg(Fn.mul(x, x))));
            case TANH -> Fn.sub(Fn.c(1), Fn.mul(Fn.call(TANH, x), Fn.call(TANH, x)));
            case SIGMOID -> Fn.mul(Fn.call(SIGMOID, x), Fn.sub(Fn.c(1), Fn.call(SIGMOID, x)));
            // Phi(x) + x phi(x), Phi(x) = (1 + erf(x/sqrt2))/2
            case GELU -> Fn.add(
                    Fn.mul(Fn.c(0.5), Fn.add(Fn.c(1), Fn.call(ERF, Fn.mul(Fn.c(1 / SQRT_2), x)))),
                    Fn.mul(Fn.mul(Fn.c(INV_SQRT_2PI), x), Fn.call(EXP, Fn.mul(Fn.c(-0.5), Fn.mul(x, x)))));
            case SIN -> Fn.call(COS, x);
            case COS -> Fn.neg(Fn.call(SIN, x));
            case EXP -> Fn.call(EXP, x);
            case ABS -> Fn.call(SIGN, x);
            case SIGN, STEP -> Fn.c(0);
            case SOFTPLUS -> Fn.call(SIGMOID, x);
            case ID -> Fn.c(1);
            // step(x) + p (1 - step(x)): 1 for x > 0, p otherwise
            case LEAKY_RELU -> Fn.add(Fn.call(STEP, x), Fn.mul(p, Fn.sub(Fn.c(1), Fn.call(STEP, x))));
            case SQRT -> Fn.div(Fn.c(0.5), Fn.call(SQRT, x));
            case LOG -> Fn.div(Fn.c(1), x);
        };
    }
}
