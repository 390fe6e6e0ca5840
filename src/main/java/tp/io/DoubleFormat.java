package tp.io;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Prints a double the way C's {@code printf("%.17g")} (and Python's {@code '%.17g' % x}) does:
 * the exact binary value rounded half-even to 17 significant digits, trailing zeros dropped,
 * fixed notation when the decimal exponent X satisfies {@code -4 <= X < 17}, otherwise
 * {@code d.ddde+XX}. Seventeen digits always parse back to the identical double, and the
 * output matches files written by NumPy/neural-tangents with {@code fmt='%.17g'}.
 *
 * <p>Java's own {@code String.format("%.17g")} is not used: it pads the shortest representation
 * with zeros rather than printing the exact value's digits, and it is slow.
 */
public final class DoubleFormat {
    private DoubleFormat() {}

    private static final int DIGITS = 17;
    private static final long TEN_16 = 10_000_000_000_000_000L;
    private static final long TEN_17 = 100_000_000_000_000_000L;
    /** 5^0 .. 5^27, the largest powers of five below 2^63. */
    private static final long[] POW5 = new long[28];
    static {
        POW5[0] = 1;
        for (int i = 1; i < POW5.length; i++) POW5[i] = POW5[i - 1] * 5;
    }

    /** The {@code %.17g} text of a finite double ("NaN"/"Infinity" for the others). */
    public static String format(double d) {
        StringBuilder sb = new StringBuilder(24);
        append(sb, d);
        return sb.toString();
    }

    /** Appends the {@code %.17g} text of {@code d} to {@code sb}. */
    public static void append(StringBuilder sb, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            sb.append(d);
            return;
        }
        if (Double.doubleToRawLongBits(d) < 0) sb.append('-');
        double a = Math.abs(d);
        if (a == 0) {
            sb.append('0');
            return;
        }
        // exp10 is the decimal exponent of the value rounded to 17 digits, sig its 17 digits.
        int exp10 = (int) Math.floor(Math.log10(a));
        long sig = scaledRounded(a, DIGITS - 1 - exp10);
        // log10 may be off by one near powers of ten: fix it from the digits themselves. A result
        // of exactly 10^16 may be a value just below it rounded at the wrong digit: retry lower.
        if (sig >= TEN_17) {
            exp10++;
            sig = scaledRounded(a, DIGITS - 1 - exp10);
        } else if (sig >= 0 && sig <= TEN_16) {
            long lower = scaledRounded(a, DIGITS - exp10);
            if (lower < 0) {
                sig = -1;
            } else if (lower < TEN_17) {
                exp10--;
                sig = lower;
            }
        }
        if (sig == TEN_17) { // rounding carried up to the next power of ten
            exp10++;
            sig = TEN_16;
        }
        if (sig < TEN_16 || sig > TEN_17) { // outside the fast range (|d| < 1e-11 or >= 1e17)
            BigDecimal r = new BigDecimal(a).round(new MathContext(DIGITS, RoundingMode.HALF_EVEN));
            sig = r.unscaledValue().longValueExact();
            int len = Long.toString(sig).length();
            for (int i = len; i < DIGITS; i++) sig *= 10;
            exp10 = len - 1 - r.scale();
        }
        layout(sb, Long.toString(sig), exp10);
    }

    /** Writes 17 digits (value d.ddd... x 10^exp10) in %g layout, trailing zeros removed. */
    private static void layout(StringBuilder sb, String digits17, int exp10) {
        int len = digits17.length();
        while (len > 1 && digits17.charAt(len - 1) == '0') len--;
        String d = digits17.substring(0, len);
        if (exp10 >= -4 && exp10 < DIGITS) {
            if (exp10 < 0) {
                sb.append("0.");
                for (int i = -1; i > exp10; i--) sb.append('0');
                sb.append(d);
            } else if (len <= exp10 + 1) {
                sb.append(d);
                for (int i = len; i <= exp10; i++) sb.append('0');
            } else {
                sb.append(d, 0, exp10 + 1).append('.').append(d, exp10 + 1, len);
            }
        } else {
            sb.append(d.charAt(0));
            if (len > 1) sb.append('.').append(d, 1, len);
            sb.append('e').append(exp10 < 0 ? '-' : '+');
            int e = Math.abs(exp10);
            if (e < 10) sb.append('0');
            sb.append(e);
        }
    }

    /**
     * round_half_even(a * 10^s) computed exactly in 128-bit integer arithmetic, or -1 when s is
     * outside 0..27 (then the caller falls back to BigDecimal). a = m * 2^q exactly, so
     * a * 10^s = (m * 5^s) * 2^(q+s) with m * 5^s < 2^116.
     */
    static long scaledRounded(double a, int s) {
        if (s < 0 || s >= POW5.length) return -1;
        long bits = Double.doubleToRawLongBits(a);
        int be = (int) (bits >>> 52) & 0x7ff;
        long m = bits & 0xfffffffffffffL;
        int q;
        if (be == 0) {
            q = -1074;
        } else {
            m |= 1L << 52;
            q = be - 1075;
        }
        long p5 = POW5[s];
        long hi = Math.multiplyHigh(m, p5);
        long lo = m * p5;
        int t = q + s;
        if (t >= 0) {
            // an integer: exact if it fits (it does whenever the result is near 10^17)
            if (hi != 0 || t >= 63 || (lo >>> (63 - t)) != 0) return -1;
            return lo << t;
        }
        int r = -t;
        if (r >= 128) return -1;
        long n;
        int cmp; // remainder compared with one half
        if (r < 64) {
            if ((hi >>> r) != 0) return -1; // does not fit in 63 bits
            n = (hi << (64 - r)) | (lo >>> r);
            cmp = Long.compareUnsigned(lo & ((1L << r) - 1), 1L << (r - 1));
        } else if (r == 64) {
            n = hi;
            cmp = Long.compareUnsigned(lo, 1L << 63);
        } else {
            n = hi >>> (r - 64);
            long remHi = hi & ((1L << (r - 64)) - 1);
            long halfHi = 1L << (r - 65);
            cmp = remHi != halfHi ? Long.compare(remHi, halfHi) : (lo != 0 ? 1 : 0);
        }
        if (n < 0) return -1;
        if (cmp > 0 || (cmp == 0 && (n & 1) != 0)) n++;
        return n;
    }
}
