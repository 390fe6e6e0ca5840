package tp.infinite.gauss;

/**
 * A scalar function that is linear on each side of 0, with jumps at 0 and a constant:
 * <pre>
 *   f(x) = aPos * x + cPos + c0   for x &gt; 0
 *   f(x) = aNeg * x + cNeg + c0   for x &lt; 0
 *   f(0) = c0
 * </pre>
 * i.e. {@code aPos relu(x) - aNeg relu(-x) + cPos step(x) + cNeg step(-x) + c0} with
 * {@code step(x) = [x > 0]} (so {@code step(0) = 0}, {@code sign(0) = 0}). Covers relu (1,0),
 * leaky_relu(a) (1,a), abs (1,-1), id (1,1), step, sign, constants, and any linear combination
 * of them ({@link #plus}, {@link #times}). An argument {@code k x} with {@code k > 0} is
 * absorbed by scaling the coefficients ({@code aPos, aNeg} times k); {@code k < 0} by
 * {@link #reflect()} as well. A shifted kink {@code f(x + c)} is not in the family: give the
 * shift to the Gaussian as a mean instead.
 */
public record PiecewiseLinear(double aPos, double aNeg, double cPos, double cNeg, double c0) {
    public static final PiecewiseLinear RELU = new PiecewiseLinear(1, 0, 0, 0, 0);
    public static final PiecewiseLinear ID = new PiecewiseLinear(1, 1, 0, 0, 0);
    public static final PiecewiseLinear ABS = new PiecewiseLinear(1, -1, 0, 0, 0);
    public static final PiecewiseLinear STEP = new PiecewiseLinear(0, 0, 1, 0, 0);
    public static final PiecewiseLinear SIGN = new PiecewiseLinear(0, 0, 1, -1, 0);
    public static final PiecewiseLinear ONE = new PiecewiseLinear(0, 0, 0, 0, 1);
    public static final PiecewiseLinear ZERO = new PiecewiseLinear(0, 0, 0, 0, 0);

    /** Without a constant term. */
    public PiecewiseLinear(double aPos, double aNeg, double cPos, double cNeg) {
        this(aPos, aNeg, cPos, cNeg, 0);
    }

    /** leaky_relu(x, a): x for x &gt; 0, a x otherwise. */
    public static PiecewiseLinear leakyRelu(double a) {
        return new PiecewiseLinear(1, a, 0, 0, 0);
    }

    public double apply(double x) {
        if (x > 0) {
            return aPos * x + cPos + c0;
        }
        if (x < 0) {
            return aNeg * x + cNeg + c0;
        }
        return c0;
    }

    public PiecewiseLinear plus(PiecewiseLinear o) {
        return new PiecewiseLinear(aPos + o.aPos, aNeg + o.aNeg, cPos + o.cPos, cNeg + o.cNeg, c0 + o.c0);
    }

    public PiecewiseLinear times(double k) {
        return new PiecewiseLinear(k * aPos, k * aNeg, k * cPos, k * cNeg, k * c0);
    }

    /** x -&gt; f(-x). */
    public PiecewiseLinear reflect() {
        return new PiecewiseLinear(-aNeg, -aPos, cNeg, cPos, c0);
    }

    /**
     * The almost-everywhere derivative: aPos step(x) + aNeg step(-x), the Dirac masses of the
     * jumps dropped (as autodiff does). At 0 it is aPos when there is no kink (aPos == aNeg,
     * e.g. id' = 1) and 0 otherwise (relu'(0) = 0, abs'(0) = sign(0) = 0); this value matters
     * only for a zero-variance argument.
     */
    public PiecewiseLinear derivative() {
        double at0 = aPos == aNeg ? aPos : 0;
        return new PiecewiseLinear(0, 0, aPos - at0, aNeg - at0, at0);
    }

    /** True when the function is a x + b (no kink, no jump). */
    public boolean isAffine() {
        return aPos == aNeg && cPos == 0 && cNeg == 0;
    }
}
