package tp.io;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/**
 * One CSV cell as a number: the syntax {@code [+-](digits[.digits]|.digits)([eE][+-]digits)},
 * correctly rounded to the nearest double (bit-identical to {@link Double#parseDouble}).
 *
 * <p>The conversion is the maintained {@code ch.randelshofer:fastdoubleparser} (Eisel-Lemire with
 * an exact fallback), which replaced a hand-written transcription of the same algorithm after
 * {@code tp.io.bench.DecimalParseBench} measured it as fast or faster (figures in docs/COMMANDS.md).
 * That library reads Java's wider syntax (hexadecimal, {@code d}/{@code f} suffixes, spaces,
 * {@code NaN}, {@code Infinity}); a few constant-time checks of the first and last bytes restrict
 * it to ours (DecimalParserTest compares with a regular expression of our syntax on random strings).
 */
public final class DecimalParser {
    private DecimalParser() {}

    /** {@link #parse} results: a number was stored / not a number / a spelling of NaN or infinity / beyond 1.8e308. */
    public static final int OK = 0, NOT_NUMBER = 1, NON_FINITE_WORD = 2, OVERFLOW = 3;

    /** Parses b[s, e) into out[0]; returns {@link #OK} or one of the failure codes (out untouched). */
    public static int parse(byte[] b, int s, int e, double[] out) {
        if (s >= e) return NOT_NUMBER;
        int i = s;
        if (b[i] == '+' || b[i] == '-') i++;
        if (i == e) return NOT_NUMBER;
        if (isLetter(b[i])) return isNonFiniteWord(b, i, e) ? NON_FINITE_WORD : NOT_NUMBER;
        // Java's forms beyond ours, excluded in constant time: surrounding white space and other
        // bytes (the first and last must be a digit or a point), a d/f suffix (the same), hex (0x)
        if (!isDigitOrPoint(b[i]) || !isDigitOrPoint(b[e - 1])) return NOT_NUMBER;
        if (b[i] == '0' && i + 1 < e && (b[i + 1] == 'x' || b[i + 1] == 'X')) return NOT_NUMBER;
        double v;
        try {
            v = JavaDoubleParser.parseDouble(b, s, e - s);
        } catch (NumberFormatException x) { // "1.5.2", "1e", "1_0", ".": only on the error path
            return NOT_NUMBER;
        }
        if (Double.isInfinite(v)) return OVERFLOW;
        out[0] = v;
        return OK;
    }

    private static boolean isDigitOrPoint(byte c) {
        return (c >= '0' && c <= '9') || c == '.';
    }

    /** A cell starting (after an optional sign) with an ASCII letter is a word, never a number. */
    static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNonFiniteWord(byte[] b, int s, int e) {
        return equalsIgnoreCase(b, s, e, "nan") || equalsIgnoreCase(b, s, e, "inf")
                || equalsIgnoreCase(b, s, e, "infinity");
    }

    private static boolean equalsIgnoreCase(byte[] b, int s, int e, String w) {
        if (e - s != w.length()) return false;
        for (int k = 0; k < w.length(); k++) {
            if (Character.toLowerCase((char) b[s + k]) != w.charAt(k)) return false;
        }
        return true;
    }
}
