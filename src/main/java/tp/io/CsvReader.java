package tp.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;

/**
 * Reads a CSV of numbers (one data point a row) from raw bytes, without regular expressions:
 * this path carries whole data sets (thousands of rows of hundreds of pixels).
 *
 * <p>Rules: cells are split on commas and trimmed of spaces and tabs; blank lines are skipped
 * but still counted, so reported rows are physical 1-based line numbers; CRLF and a UTF-8 BOM
 * are accepted. The first non-blank row is a header when none of its cells is a number (NaN
 * and infinity spellings count as numbers, so a header can never hide a bad value); a first
 * row mixing numbers and non-numbers is an error at its first non-number.
 */
final class CsvReader {
    private static final double[] POW10 = new double[23];
    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) POW10[i] = POW10[i - 1] * 10; // exact up to 1e22
    }

    /** Failure codes of {@link #parse}: not a number / a spelling of NaN or infinity / beyond 1.8e308. */
    private static final int NOT_NUMBER = 1, NON_FINITE_WORD = 2, OVERFLOW = 3;

    private final byte[] b;
    /** Trimmed cells of the current line: b[cellStart[k], cellEnd[k]). */
    private int[] cellStart = new int[16], cellEnd = new int[16];

    private CsvReader(byte[] b) {
        this.b = b;
    }

    static DMatrixRMaj read(byte[] b, String name) {
        return new CsvReader(b).read(name);
    }

    private DMatrixRMaj read(String name) {
        int pos = 0;
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) pos = 3;
        int cols = -1, firstDataRow = 0, rows = 0, headerRow = 0;
        double[] data = new double[1024];
        double[] out = new double[1];
        int line = 0;
        while (pos < b.length) {
            line++;
            int end = pos;
            while (end < b.length && b[end] != '\n') end++;
            int next = end + 1;
            if (end > pos && b[end - 1] == '\r') end--;
            int n = split(pos, end);
            pos = next;
            if (n == 0) continue;

            if (cols < 0 && headerRow == 0 && isHeader(n, out)) {
                headerRow = line;
                continue;
            }
            if (cols < 0) {
                cols = n;
                firstDataRow = line;
            } else if (n != cols) {
                throw UserError.atRow(name, line, "row has " + n + " value" + (n == 1 ? "" : "s")
                        + ", expected " + cols + " (as in row " + firstDataRow + ")");
            }
            if ((long) (rows + 1) * cols > Integer.MAX_VALUE - 8) {
                throw UserError.atRow(name, line, "too many values for one matrix");
            }
            if (data.length < (rows + 1) * cols) {
                data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * data.length, (long) (rows + 1) * cols)));
            }
            int base = rows * cols;
            for (int c = 0; c < n; c++) {
                int code = parse(b, cellStart[c], cellEnd[c], out);
                if (code != 0) {
                    String hint = rows == 0 && headerRow == 0
                            ? " (a header row must contain no numbers)" : "";
                    throw cellError(name, line, b, cellStart[c], cellEnd[c], c + 1, code, hint);
                }
                data[base + c] = out[0];
            }
            rows++;
        }
        if (rows == 0) {
            if (headerRow > 0) throw UserError.atRow(name, headerRow, "no data rows after the header row");
            throw UserError.atRow(name, 1, "empty file: no data rows");
        }
        return DMatrixRMaj.wrap(rows, cols, data.length == rows * cols ? data : Arrays.copyOf(data, rows * cols));
    }

    /**
     * Splits b[pos, end) at commas into trimmed cells; returns their number, 0 for a blank line.
     * A separate small method so the JIT compiles it early: the CLI reads each file once, cold.
     */
    private int split(int pos, int end) {
        int n = 0, s = pos;
        boolean blank = true;
        for (int i = pos; i <= end; i++) {
            if (i == end || b[i] == ',') {
                if (n == cellStart.length) {
                    cellStart = Arrays.copyOf(cellStart, 2 * n);
                    cellEnd = Arrays.copyOf(cellEnd, 2 * n);
                }
                int cs = s, ce = i;
                while (cs < ce && (b[cs] == ' ' || b[cs] == '\t')) cs++;
                while (ce > cs && (b[ce - 1] == ' ' || b[ce - 1] == '\t')) ce--;
                if (ce > cs || i < end) blank = false;
                cellStart[n] = cs;
                cellEnd[n] = ce;
                n++;
                s = i + 1;
            }
        }
        return blank ? 0 : n;
    }

    /** True when no cell of the row is a number (finite or not). */
    private boolean isHeader(int n, double[] out) {
        for (int c = 0; c < n; c++) {
            if (parse(b, cellStart[c], cellEnd[c], out) != NOT_NUMBER) return false;
        }
        return true;
    }

    private static UserError cellError(String name, int line, byte[] b, int s, int e, int col, int code, String hint) {
        if (s == e) return UserError.atRow(name, line, "empty value in column " + col + hint);
        String text = new String(b, s, e - s, StandardCharsets.UTF_8);
        if (text.length() > 40) text = text.substring(0, 37) + "...";
        String q = "\"" + text + "\"";
        switch (code) {
            case NON_FINITE_WORD:
                return UserError.atRow(name, line, "non-finite value " + q + " in column " + col
                        + " (NaN and infinite values are not allowed)");
            case OVERFLOW:
                return UserError.atRow(name, line, "value " + q + " in column " + col
                        + " is too large for double precision");
            default:
                return UserError.atRow(name, line, "non-numeric value " + q + " in column " + col + hint);
        }
    }

    /**
     * Parses b[s, e) as a decimal number {@code [+-](digits[.digits]|.digits)([eE][+-]digits)}
     * into out[0]; returns 0 on success or one of the failure codes. Correctly rounded: a
     * mantissa of at most 2^53 and a power of ten up to 1e22 are both exact doubles, so one
     * IEEE multiply or divide suffices; up to 19 digits Eisel-Lemire usually decides; anything
     * else (longer mantissas, subnormals, overflow) goes to Double.parseDouble.
     */
    static int parse(byte[] b, int s, int e, double[] out) {
        int i = s;
        boolean neg = false;
        if (i < e && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        if (i < e && isWordStart(b[i])) {
            return isNonFiniteWord(b, i, e) ? NON_FINITE_WORD : NOT_NUMBER;
        }
        long mant = 0;
        int sigDigits = 0, exp = 0, digits = 0;
        boolean exact = true;
        for (; i < e && b[i] >= '0' && b[i] <= '9'; i++, digits++) {
            if (mant == 0 && b[i] == '0') continue;
            if (sigDigits < 19) { // 19 digits fit in an unsigned long
                mant = mant * 10 + (b[i] - '0');
                sigDigits++;
            } else { // digits past the 19th are dropped: exact only if they are zeros
                exp++;
                if (b[i] != '0') exact = false;
            }
        }
        if (i < e && b[i] == '.') {
            for (i++; i < e && b[i] >= '0' && b[i] <= '9'; i++, digits++) {
                if (mant == 0 && b[i] == '0') {
                    exp--;
                    continue;
                }
                if (sigDigits < 19) { // 19 digits fit in an unsigned long
                    mant = mant * 10 + (b[i] - '0');
                    sigDigits++;
                    exp--;
                } else if (b[i] != '0') {
                    exact = false;
                }
            }
        }
        if (digits == 0) return NOT_NUMBER;
        if (i < e && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < e && (b[i] == '+' || b[i] == '-')) {
                eneg = b[i] == '-';
                i++;
            }
            if (i == e) return NOT_NUMBER;
            int ev = 0;
            for (; i < e && b[i] >= '0' && b[i] <= '9'; i++) {
                if (ev < 100_000) ev = ev * 10 + (b[i] - '0');
            }
            exp += eneg ? -ev : ev;
        }
        if (i != e) return NOT_NUMBER;
        double v;
        if (mant == 0) {
            v = 0.0;
        } else if (exact && mant > 0 && mant <= (1L << 53) && exp >= -22 && exp <= 22) {
            v = exp >= 0 ? mant * POW10[exp] : mant / POW10[-exp];
        } else if (exact && !Double.isNaN(v = DecimalToDouble.convert(mant, exp))) {
            // Eisel-Lemire decided
        } else {
            v = Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
            if (Double.isInfinite(v)) return OVERFLOW;
            neg = false; // parseDouble saw the sign
        }
        out[0] = neg ? -v : v;
        return 0;
    }

    private static boolean isWordStart(byte c) {
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
