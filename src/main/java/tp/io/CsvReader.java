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
 * are accepted. Numbers follow {@link DecimalParser}.
 *
 * <p>The header rule: the first non-blank row is a header when it contains no number and at
 * least one <em>name</em>, and every non-empty cell is a name. A name is a cell whose first
 * character, after any quotes, {@code #} and spaces, is a letter or {@code _} (so {@code x1},
 * {@code "x 2"}, {@code # pixel_0}, {@code σ}); empty cells are allowed (pandas writes one for
 * its index column). NaN and infinity spellings are numbers, so a header can never hide a bad
 * value, and a first row such as {@code 1.5.2} (a typo, not a name) is an error, not a header.
 */
final class CsvReader {
    private final byte[] b;
    /** Trimmed cells of the current line: b[cellStart[k], cellEnd[k]). */
    private int[] cellStart = new int[16], cellEnd = new int[16];

    private CsvReader(byte[] b) {
        this.b = b;
    }

    /**
     * Reads the file's bytes; with {@code expect} non-null, the first data row must have
     * {@code expect.columns()} values, else the error is located at that row (before the rest is read).
     */
    static DMatrixRMaj read(byte[] b, String name, DataReader.Columns expect) {
        return new CsvReader(b).read(name, expect);
    }

    private DMatrixRMaj read(String name, DataReader.Columns expect) {
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
                if (expect != null && n != expect.columns()) {
                    throw UserError.atRow(name, line, "row has " + values(n) + " but " + expect.why());
                }
            } else if (n != cols) {
                throw UserError.atRow(name, line, "row has " + values(n) + ", expected " + cols + " (as in row " + firstDataRow + ")");
            }
            if ((long) (rows + 1) * cols > Integer.MAX_VALUE - 8) {
                throw UserError.atRow(name, line, "too many values for one matrix");
            }
            if (data.length < (rows + 1) * cols) {
                data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * data.length, (long) (rows + 1) * cols)));
            }
            int base = rows * cols;
            for (int c = 0; c < n; c++) {
                int code = DecimalParser.parse(b, cellStart[c], cellEnd[c], out);
                if (code != DecimalParser.OK) {
                    String hint = rows == 0 && headerRow == 0 ? headerHint(n, out) : "";
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

    private static String values(int n) {
        return n + " value" + (n == 1 ? "" : "s");
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

    /** The header rule of the class comment: no number, only names and empty cells, at least one name. */
    private boolean isHeader(int n, double[] out) {
        boolean named = false;
        for (int c = 0; c < n; c++) {
            int s = cellStart[c], e = cellEnd[c];
            if (s == e) continue;
            if (DecimalParser.parse(b, s, e, out) != DecimalParser.NOT_NUMBER || !isName(s, e)) return false;
            named = true;
        }
        return named;
    }

    /** Why a first row that fails as data is not a header either. */
    private String headerHint(int n, double[] out) {
        for (int c = 0; c < n; c++) {
            if (DecimalParser.parse(b, cellStart[c], cellEnd[c], out) == DecimalParser.OK) {
                return " (a header row must contain no numbers)";
            }
        }
        return " (nor is it a header: a header's names start with a letter)";
    }

    /** First character after quotes, '#' and spaces is a letter (any script) or '_'. */
    private boolean isName(int s, int e) {
        while (s < e && (b[s] == '"' || b[s] == '\'' || b[s] == '#' || b[s] == ' ' || b[s] == '\t')) s++;
        if (s == e) return false;
        if (b[s] == '_' || DecimalParser.isLetter(b[s])) return true;
        if (b[s] >= 0) return false; // other ASCII: digits, signs, points, punctuation
        String rest = new String(b, s, Math.min(4, e - s), StandardCharsets.UTF_8);
        return Character.isLetter(rest.codePointAt(0));
    }

    private static UserError cellError(String name, int line, byte[] b, int s, int e, int col, int code, String hint) {
        if (s == e) return UserError.atRow(name, line, "empty value in column " + col + hint);
        String text = new String(b, s, e - s, StandardCharsets.UTF_8);
        if (text.length() > 40) text = text.substring(0, 37) + "...";
        String q = "\"" + text + "\"";
        switch (code) {
            case DecimalParser.NON_FINITE_WORD:
                return UserError.atRow(name, line, "non-finite value " + q + " in column " + col
                        + " (NaN and infinite values are not allowed)");
            case DecimalParser.OVERFLOW:
                return UserError.atRow(name, line, "value " + q + " in column " + col
                        + " is too large for double precision");
            default:
                return UserError.atRow(name, line, "non-numeric value " + q + " in column " + col + hint);
        }
    }
}
