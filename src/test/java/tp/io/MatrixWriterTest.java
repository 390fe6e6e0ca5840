package tp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.UserError;

class MatrixWriterTest {
    @TempDir Path dir;

    /** Awkward doubles: subnormals, signed zeros, extremes, and random bit patterns. */
    private static DMatrixRMaj awkward() {
        SplittableRandom rnd = new SplittableRandom(42);
        DMatrixRMaj m = new DMatrixRMaj(40, 25);
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
                -Double.MAX_VALUE, 0.1, 1.0 / 3, 1e-300, 1e300, Math.nextDown(1.0), 123456789.0, 2.2250738585072009e-308};
        for (int k = 0; k < m.data.length; k++) {
            double x;
            if (k < special.length) x = special[k];
            else do x = Double.longBitsToDouble(rnd.nextLong()); while (!Double.isFinite(x));
            if (k % 3 == 0 && k >= special.length) x = rnd.nextGaussian();
            m.data[k] = x;
        }
        return m;
    }

    private static void assertSameBits(DMatrixRMaj expected, DMatrixRMaj got) {
        assertEquals(expected.numRows, got.numRows);
        assertEquals(expected.numCols, got.numCols);
        for (int k = 0; k < expected.data.length; k++) {
            assertEquals(Double.doubleToRawLongBits(expected.data[k]), Double.doubleToRawLongBits(got.data[k]), "entry " + k);
        }
    }

    @Test
    void csvRoundTripIsExact() {
        DMatrixRMaj m = awkward();
        Path p = dir.resolve("k.csv");
        MatrixWriter.write(m, p);
        assertSameBits(m, DataReader.read(p));
    }

    @Test
    void npyRoundTripIsExact() {
        DMatrixRMaj m = awkward();
        Path p = dir.resolve("k.NPY");
        MatrixWriter.write(m, p);
        assertSameBits(m, DataReader.read(p));
    }

    /** neural-tangents' reference matrices were saved with '%.17g': reading and writing reproduces them byte for byte. */
    @Test
    void reproducesReferenceCsvBytes() throws IOException {
        for (String name : new String[] {"img_x1.csv", "mlp_erf_3.ntk.12.csv"}) {
            byte[] original;
            try (InputStream in = getClass().getResourceAsStream(name)) {
                original = in.readAllBytes();
            }
            Path p = dir.resolve(name);
            Files.write(p, original);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixWriter.write(DataReader.read(p), null, out);
            assertEquals(new String(original, StandardCharsets.US_ASCII), out.toString(StandardCharsets.US_ASCII), name);
        }
    }

    /** np.save of the same 3 x 4 array (gen_npy.py) is byte-identical to what we write. */
    @Test
    void npyBytesMatchNumpy() throws IOException {
        DMatrixRMaj m = new DMatrixRMaj(3, 4);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) m.set(i, j, (i * 10 + j) / 8.0);
        byte[] expected;
        try (InputStream in = getClass().getResourceAsStream("np_f8.npy")) {
            expected = in.readAllBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MatrixWriter.writeNpy(m, out);
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void standardOutputGetsCsv() {
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{1, 0.1}, {-0.0, 1e-7}});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MatrixWriter.write(m, null, out);
        assertEquals("1,0.10000000000000001\n-0,9.9999999999999995e-08\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void refusesNonFiniteValuesBeforeWritingAnything() {
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{1, 2, 3}, {4, 5, Double.NaN}});
        Path p = dir.resolve("k.csv");
        UserError e = assertThrows(UserError.class, () -> MatrixWriter.write(m, p));
        assertEquals("error: refusing to write a non-finite value (NaN) at row 2, column 3 of the result", e.getMessage());
        assertFalse(Files.exists(p));
        m.set(0, 1, Double.NEGATIVE_INFINITY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e = assertThrows(UserError.class, () -> MatrixWriter.write(m, dir.resolve("k.npy"), out));
        assertEquals("error: refusing to write a non-finite value (-Infinity) at row 1, column 2 of the result", e.getMessage());
        assertEquals(0, out.size());
        assertFalse(Files.exists(dir.resolve("k.npy")));
    }

    @Test
    void unwritablePathIsAUserError() {
        Path p = dir.resolve("no/such/dir/k.csv");
        UserError e = assertThrows(UserError.class, () -> MatrixWriter.write(new DMatrixRMaj(1, 1), p));
        assertEquals(p + ": error: cannot write: no such directory", e.getMessage());
    }
}
