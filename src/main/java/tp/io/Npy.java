package tp.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), read into and written from
 * row-major double matrices.
 *
 * <p>Read: dtypes {@code <f8}, {@code <f4}, and for convenience {@code <i8}, {@code <i4}; a 2-D
 * shape {@code (N, M)}, or 1-D {@code (N,)} read as N x 1; C or Fortran order. Anything else
 * (big-endian, other dtypes, 0-D or more than 2-D, truncation, NaN or infinity) is a
 * {@link UserError} naming the file. Write: version 1.0, {@code <f8}, C order.
 */
public final class Npy {
    private Npy() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Reads one array; errors call the source {@code <npy>}. */
    public static DMatrixRMaj read(InputStream in) throws IOException {
        return read(in, "<npy>");
    }

    /** Reads one array; {@code name} is what error messages call the file. */
    public static DMatrixRMaj read(InputStream in, String name) throws IOException {
        return read(in, name, null);
    }

    /** As {@link #read(InputStream, String)}; a row length other than {@code expect}'s is an error at row 1. */
    static DMatrixRMaj read(InputStream in, String name, DataReader.Columns expect) throws IOException {
        return read(in.readAllBytes(), name, expect);
    }

    /** As {@link #read(InputStream, String)}, from the whole file's bytes (decoded in place, no copies). */
    static DMatrixRMaj read(byte[] file, String name, DataReader.Columns expect) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        byte[] pre = take(in, 8);
        if (pre.length < 6 || !startsWithMagic(pre)) {
            throw new UserError(name, "not a NumPy .npy file (it does not start with \\x93NUMPY)");
        }
        if (pre.length < 8) throw new UserError(name, "truncated .npy file: incomplete header");
        int major = pre[6] & 0xff, minor = pre[7] & 0xff;
        if (major < 1 || major > 3) {
            throw new UserError(name, "unsupported .npy format version " + major + "." + minor);
        }
        byte[] lenBytes = take(in, major == 1 ? 2 : 4);
        if (lenBytes.length < (major == 1 ? 2 : 4)) throw new UserError(name, "truncated .npy file: incomplete header");
        long headerLen = 0;
        for (int k = lenBytes.length - 1; k >= 0; k--) headerLen = (headerLen << 8) | (lenBytes[k] & 0xff);
        if (headerLen > 1 << 20) throw new UserError(name, "malformed .npy header: length " + headerLen);
        byte[] hb = take(in, (int) headerLen);
        if (hb.length < headerLen) throw new UserError(name, "truncated .npy file: incomplete header");
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = new HeaderParser(header, name).parse();

        int itemSize;
        switch (h.descr) {
            case "<f8": case "<i8": itemSize = 8; break;
            case "<f4": case "<i4": itemSize = 4; break;
            default:
                if (h.descr.startsWith(">")) {
                    throw new UserError(name, "big-endian dtype '" + h.descr + "' is not supported"
                            + " (convert with a.astype('<f8'))");
                }
                throw new UserError(name, "unsupported dtype '" + h.descr + "' (expected float64 '<f8' or"
                        + " float32 '<f4'; integer '<i8' and '<i4' are also accepted)");
        }
        String shapeText = shapeText(h.shape);
        if (h.shape.size() == 0 || h.shape.size() > 2) {
            throw new UserError(name, "array has shape " + shapeText + ": expected a 2-D array (points x values)");
        }
        long rows = h.shape.get(0), cols = h.shape.size() == 2 ? h.shape.get(1) : 1;
        if (rows == 0) throw new UserError(name, "array has shape " + shapeText + ": no data rows");
        if (cols == 0) throw new UserError(name, "array has shape " + shapeText + ": data points have no values");
        if (expect != null && cols != expect.columns()) {
            throw UserError.atRow(name, 1, "row has " + cols + " value" + (cols == 1 ? "" : "s") + " (array shape "
                    + shapeText + ") but " + expect.why());
        }
        if (rows * cols > Integer.MAX_VALUE - 8 || rows * cols * itemSize > Integer.MAX_VALUE - 8) {
            throw new UserError(name, "array of shape " + shapeText + " is too large to read");
        }
        int count = (int) (rows * cols);
        if (in.remaining() < (long) count * itemSize) {
            throw new UserError(name, "truncated .npy file: shape " + shapeText + " of '" + h.descr + "' needs "
                    + (long) count * itemSize + " data bytes, found " + in.remaining());
        }
        if (in.remaining() > (long) count * itemSize) {
            throw new UserError(name, "malformed .npy file: bytes left over after the " + shapeText + " array");
        }
        boolean transposed = h.fortranOrder && cols > 1;
        double[] v = new double[count];
        ByteBuffer buf = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (h.descr) {
            case "<f8": buf.asDoubleBuffer().get(v); break;
            case "<f4": for (int k = 0; k < count; k++) v[k] = buf.getFloat(k * 4); break;
            case "<i8": for (int k = 0; k < count; k++) v[k] = buf.getLong(k * 8); break;
            default: for (int k = 0; k < count; k++) v[k] = buf.getInt(k * 4); break;
        }
        DMatrixRMaj m;
        if (transposed) {
            // column-major on disk: element (i, j) is at j * rows + i
            m = new DMatrixRMaj((int) rows, (int) cols);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) m.data[i * (int) cols + j] = v[j * (int) rows + i];
            }
        } else {
            m = DMatrixRMaj.wrap((int) rows, (int) cols, v);
        }
        if (MatrixWriter.allFinite(v, count)) return m; // the common case; then the search for the first
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double x = m.data[i * (int) cols + j];
                if (!Double.isFinite(x)) {
                    throw UserError.atRow(name, i + 1, "non-finite value " + x + " in column " + (j + 1)
                            + " (array index [" + i + ", " + j + "]; NaN and infinite values are not allowed)");
                }
            }
        }
        return m;
    }

    /** Row length from the header at the start of a .npy file (its first bytes); -1 if that is not a 1-D or 2-D array header. */
    static int peekColumns(byte[] prefix) {
        if (prefix.length < 10 || !startsWithMagic(prefix) || prefix[6] != 1) return -1;
        int len = (prefix[8] & 0xff) | (prefix[9] & 0xff) << 8;
        if (10 + len > prefix.length) return -1;
        try {
            Header h = new HeaderParser(new String(prefix, 10, len, StandardCharsets.ISO_8859_1), "<npy>").parse();
            if (h.shape.size() == 1) return 1;
            return h.shape.size() == 2 && h.shape.get(1) <= Integer.MAX_VALUE ? (int) (long) h.shape.get(1) : -1;
        } catch (UserError e) {
            return -1;
        }
    }

    /** The next n bytes of {@code in}, or fewer at its end. */
    private static byte[] take(ByteBuffer in, int n) {
        byte[] b = new byte[Math.min(n, in.remaining())];
        in.get(b);
        return b;
    }

    /** Writes {@code m} as a version 1.0, little-endian float64, C-order array (values as they are). */
    public static void write(OutputStream out, DMatrixRMaj m) throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + m.numRows + ", " + m.numCols + "), }";
        // numpy pads the header with spaces and a final newline so the data starts 64-byte aligned
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        StringBuilder sb = new StringBuilder(dict);
        for (int k = 0; k < pad; k++) sb.append(' ');
        sb.append('\n');
        byte[] hb = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        out.write(MAGIC);
        out.write(new byte[] {1, 0, (byte) hb.length, (byte) (hb.length >>> 8)});
        out.write(hb);
        int n = m.numRows * m.numCols;
        // bulk copies through a little-endian view (a plain memory copy on x86), not a call per value:
        // that was most of the time to write a 4000 x 4000 kernel
        int block = 1 << 16;
        byte[] bytes = new byte[8 * Math.min(n, block)];
        java.nio.DoubleBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        for (int k = 0; k < n; ) {
            int chunk = Math.min(n - k, block);
            view.clear();
            view.put(m.data, k, chunk);
            out.write(bytes, 0, chunk * 8);
            k += chunk;
        }
    }

    static boolean startsWithMagic(byte[] b) {
        if (b.length < MAGIC.length) return false;
        for (int k = 0; k < MAGIC.length; k++) if (b[k] != MAGIC[k]) return false;
        return true;
    }

    private static String shapeText(List<Long> shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int k = 0; k < shape.size(); k++) sb.append(k > 0 ? ", " : "").append(shape.get(k));
        return sb.append(shape.size() == 1 ? ",)" : ")").toString();
    }

    private static final class Header {
        String descr;
        Boolean fortranOrder;
        List<Long> shape;
    }

    /** The header is a Python dict literal; only strings, booleans and int tuples occur. */
    private static final class HeaderParser {
        private final String s;
        private final String name;
        private int p;

        HeaderParser(String s, String name) {
            this.s = s;
            this.name = name;
        }

        Header parse() {
            Header h = new Header();
            expect('{');
            while (!peek('}')) {
                String key = string();
                expect(':');
                switch (key) {
                    case "descr":
                        if (peek('[')) {
                            throw new UserError(name, "unsupported structured dtype (expected float64 '<f8' or float32 '<f4')");
                        }
                        h.descr = string();
                        break;
                    case "fortran_order": h.fortranOrder = bool(); break;
                    case "shape": h.shape = tuple(); break;
                    default: throw bad("unexpected key '" + key + "'");
                }
                if (!peek('}')) expect(',');
            }
            expect('}');
            if (h.descr == null || h.fortranOrder == null || h.shape == null) {
                throw bad("missing 'descr', 'fortran_order' or 'shape'");
            }
            return h;
        }

        private UserError bad(String why) {
            return new UserError(name, "malformed .npy header: " + why);
        }

        private void skip() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++;
        }

        private boolean peek(char c) {
            skip();
            return p < s.length() && s.charAt(p) == c;
        }

        private void expect(char c) {
            if (!peek(c)) throw bad("expected '" + c + "' at offset " + p);
            p++;
        }

        private String string() {
            skip();
            if (p >= s.length() || (s.charAt(p) != '\'' && s.charAt(p) != '"')) throw bad("expected a string at offset " + p);
            char q = s.charAt(p++);
            int end = s.indexOf(q, p);
            if (end < 0) throw bad("unterminated string");
            String r = s.substring(p, end);
            p = end + 1;
            return r;
        }

        private boolean bool() {
            skip();
            if (s.startsWith("True", p)) { p += 4; return true; }
            if (s.startsWith("False", p)) { p += 5; return false; }
            throw bad("expected True or False at offset " + p);
        }

        private List<Long> tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (!peek(')')) {
                int start = p;
                long v = 0;
                while (p < s.length() && Character.isDigit(s.charAt(p))) {
                    v = v * 10 + (s.charAt(p++) - '0');
                    if (v > Integer.MAX_VALUE) throw new UserError(name, "array dimension too large");
                }
                if (p == start) throw bad("expected a dimension at offset " + p);
                if (p < s.length() && s.charAt(p) == 'L') p++; // written by Python 2
                dims.add(v);
                if (!peek(')')) expect(',');
            }
            expect(')');
            return dims;
        }
    }
}
