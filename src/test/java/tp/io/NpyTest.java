package tp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.UserError;

/**
 * .npy files built byte by byte from the format specification
 * (numpy.org/doc/stable/reference/generated/numpy.lib.format.html), independently of
 * {@link Npy#write}, plus fixtures written by NumPy itself (gen_npy.py).
 */
class NpyTest {
    @TempDir Path dir;

    /** magic, version, little-endian header length (2 bytes for 1.x, 4 otherwise), dict padded to 16. */
    static byte[] npy(int major, String dict, byte[] data) {
        int lenBytes = major == 1 ? 2 : 4;
        StringBuilder h = new StringBuilder(dict);
        while ((6 + 2 + lenBytes + h.length() + 1) % 16 != 0) h.append(' ');
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(major);
        out.write(0);
        for (int k = 0; k < lenBytes; k++) out.write((hb.length >>> (8 * k)) & 0xff);
        out.writeBytes(hb);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] f8(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) b.putDouble(x);
        return b.array();
    }

    static byte[] f4(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return b.array();
    }

    private DMatrixRMaj read(byte[] content) throws IOException {
        Path p = dir.resolve("a.npy");
        Files.write(p, content);
        return DataReader.read(p, "a.npy");
    }

    private String error(byte[] content) throws IOException {
        Path p = dir.resolve("a.npy");
        Files.write(p, content);
        return assertThrows(UserError.class, () -> DataReader.read(p, "a.npy")).getMessage();
    }

    private static void assertMatrix(int rows, int cols, double[] expected, DMatrixRMaj m) {
        assertEquals(rows, m.numRows);
        assertEquals(cols, m.numCols);
        assertArrayEquals(expected, Arrays.copyOf(m.data, rows * cols), 0.0);
    }

    @Test
    void float64CorderVersion1() throws IOException {
        double[] v = {1, 2, 3, 4, 5, 6.5};
        assertMatrix(2, 3, v, read(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", f8(v))));
    }

    @Test
    void float32AndFortranOrder() throws IOException {
        // on disk column by column: a[0,0], a[1,0], a[0,1], a[1,1], a[0,2], a[1,2]
        byte[] data = f4(1, 4, 2, 5, 3, 6.25f);
        assertMatrix(2, 3, new double[] {1, 2, 3, 4, 5, 6.25},
                read(npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", data)));
        // float32 widened exactly, not through decimal
        assertMatrix(1, 1, new double[] {(double) 0.1f},
                read(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", f4(0.1f))));
    }

    @Test
    void oneDimensionalIsAColumn() throws IOException {
        assertMatrix(3, 1, new double[] {7, 8, 9},
                read(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", f8(7, 8, 9))));
    }

    @Test
    void versions2And3AndKeyOrderAndIntegers() throws IOException {
        assertMatrix(1, 2, new double[] {-1, 2},
                read(npy(2, "{\"shape\": (1, 2), \"fortran_order\": False, \"descr\": \"<f8\"}", f8(-1, 2))));
        assertMatrix(2, 1, new double[] {3, -4},
                read(npy(3, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1)}", f8(3, -4))));
        ByteBuffer i8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).putLong(1L << 40);
        assertMatrix(2, 1, new double[] {-5, 1L << 40},
                read(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 1), }", i8.array())));
        ByteBuffer i4 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-7).putInt(9);
        assertMatrix(1, 2, new double[] {-7, 9},
                read(npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }", i4.array())));
    }

    @Test
    void errors() throws IOException {
        assertEquals("a.npy: error: big-endian dtype '>f8' is not supported (convert with a.astype('<f8'))",
                error(npy(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (1, 1), }", new byte[8])));
        assertEquals("a.npy: error: unsupported dtype '<c16' (expected float64 '<f8' or float32 '<f4';"
                        + " integer '<i8' and '<i4' are also accepted)",
                error(npy(1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1, 1), }", new byte[16])));
        assertEquals("a.npy: error: array has shape (2, 2, 2): expected a 2-D array (points x values)",
                error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 2), }", new byte[64])));
        assertEquals("a.npy: error: array has shape (): expected a 2-D array (points x values)",
                error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", new byte[8])));
        assertEquals("a.npy: error: array has shape (0, 3): no data rows",
                error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", new byte[0])));
        assertEquals("a.npy: error: truncated .npy file: shape (2, 3) of '<f8' needs 48 data bytes, found 40",
                error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", new byte[40])));
        assertEquals("a.npy: error: malformed .npy file: bytes left over after the (1, 1) array",
                error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", new byte[9])));
        assertEquals("a.npy: error: not a NumPy .npy file (it does not start with \\x93NUMPY)",
                error("1,2\n".getBytes(StandardCharsets.US_ASCII)));
        byte[] whole = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", new byte[8]);
        assertEquals("a.npy: error: truncated .npy file: incomplete header", error(Arrays.copyOf(whole, 30)));
        assertEquals("a.npy: error: unsupported .npy format version 4.0",
                error(npy(4, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", new byte[8])));
    }

    @Test
    void nonFiniteValuesNameTheRow() throws IOException {
        assertEquals("a.npy:2: error: non-finite value NaN in column 3 (array index [1, 2];"
                        + " NaN and infinite values are not allowed)",
                error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                        f8(0, 1, 2, 3, 4, Double.NaN))));
        // fortran order: the row is the logical row, not the position on disk
        assertEquals("a.npy:1: error: non-finite value -Infinity in column 2 (array index [0, 1];"
                        + " NaN and infinite values are not allowed)",
                error(npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
                        f4(0, 1, Float.NEGATIVE_INFINITY, 3))));
    }

    private DMatrixRMaj fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            return Npy.read(in, name);
        }
    }

    /** Files written by NumPy 2.4 (gen_npy.py): a[i, j] = (10 i + j) / 8. */
    @Test
    void readsWhatNumpyWrites() throws IOException {
        double[] a = new double[12];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) a[i * 4 + j] = (i * 10 + j) / 8.0;
        assertMatrix(3, 4, a, fixture("np_f8.npy"));
        assertMatrix(3, 4, a, fixture("np_f4_fortran.npy"));
        assertMatrix(3, 4, a, fixture("np_f8_v3.npy"));
        assertMatrix(3, 1, new double[] {3, -1, 7}, fixture("np_i8_1d.npy"));
        assertEquals("np_big_endian.npy: error: big-endian dtype '>f8' is not supported (convert with a.astype('<f8'))",
                assertThrows(UserError.class, () -> fixture("np_big_endian.npy")).getMessage());
        assertEquals("np_3d.npy: error: array has shape (2, 2, 2): expected a 2-D array (points x values)",
                assertThrows(UserError.class, () -> fixture("np_3d.npy")).getMessage());
        assertEquals("np_nan.npy:2: error: non-finite value NaN in column 2 (array index [1, 1];"
                        + " NaN and infinite values are not allowed)",
                assertThrows(UserError.class, () -> fixture("np_nan.npy")).getMessage());
    }

    /** A .npy file under a .csv name is recognised by its magic bytes. */
    @Test
    void sniffsMagicUnderAnotherName() throws IOException {
        Path p = dir.resolve("a.csv");
        Files.write(p, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", f8(1, 2)));
        assertMatrix(1, 2, new double[] {1, 2}, DataReader.read(p));
    }

    /** The header-only peek that lets tp kernel start loading BLAS early: the shape's columns, -1 otherwise. */
    @Test
    void peekColumnsReadsTheHeaderOnly() throws IOException {
        Path f = dir.resolve("x.npy");
        try (var out = Files.newOutputStream(f)) {
            Npy.write(out, new DMatrixRMaj(3, 784));
        }
        assertEquals(784, DataReader.peekColumns(f));
        Path csv = dir.resolve("x.csv");
        Files.writeString(csv, "1,2,3\n");
        assertEquals(-1, DataReader.peekColumns(csv));
        Path bad = dir.resolve("bad.npy");
        Files.writeString(bad, "not numpy");
        assertEquals(-1, DataReader.peekColumns(bad));
        assertEquals(-1, DataReader.peekColumns(dir.resolve("missing.npy")));
    }
}
