package tp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.UserError;

class CsvReaderTest {
    @TempDir Path dir;

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private DMatrixRMaj read(String text) throws IOException {
        return DataReader.read(file("d.csv", text.getBytes(StandardCharsets.UTF_8)), "d.csv");
    }

    private String error(String text) throws IOException {
        Path p = file("d.csv", text.getBytes(StandardCharsets.UTF_8));
        return assertThrows(UserError.class, () -> DataReader.read(p, "d.csv")).getMessage();
    }

    private static void assertMatrix(int rows, int cols, double[] expected, DMatrixRMaj m) {
        assertEquals(rows, m.numRows);
        assertEquals(cols, m.numCols);
        assertEquals(rows * cols, m.data.length);
        assertArrayEquals(expected, m.data, 0.0);
    }

    @Test
    void plainRowsWithSpacesAndSigns() throws IOException {
        assertMatrix(2, 3, new double[] {1, -2.5, 3e2, 0.125, 1e-3, -7},
                read("1, -2.5 ,3e2\n\t.125,+1E-3,-7.\n"));
    }

    @Test
    void headerRowIsSkippedOnlyWhenItHasNoNumbers() throws IOException {
        assertMatrix(1, 2, new double[] {1, 2}, read("x1,\"x 2\"\n1,2\n"));
        assertMatrix(1, 2, new double[] {1, 2}, read(",label\n1,2\n")); // pandas index column: empty name
        assertEquals("d.csv:1: error: non-numeric value \"x\" in column 1 (a header row must contain no numbers)",
                error("x,2\n1,2\n"));
        // a second non-numeric row is never a header
        assertEquals("d.csv:3: error: non-numeric value \"c\" in column 1", error("a,b\n1,2\nc,d\n"));
        // spellings of NaN are numbers, so they cannot hide in a header
        assertEquals("d.csv:1: error: non-finite value \"nan\" in column 1 (NaN and infinite values are not allowed)",
                error("nan,inf\n1,2\n"));
    }

    /**
     * Only a row of names is a header (issue 13): a one-column file whose first value has a typo
     * is an error, not a header that silently drops the first data point.
     */
    @Test
    void aTypoInTheFirstRowIsNotAHeader() throws IOException {
        assertEquals("d.csv:1: error: non-numeric value \"1.5.2\" in column 1 (nor is it a header: a header's names"
                + " start with a letter)", error("1.5.2\n2\n3\n"));
        assertEquals("d.csv:2: error: non-numeric value \"-\" in column 1 (nor is it a header: a header's names start"
                + " with a letter)", error("\n-,(a)\n1,2\n"));
        assertEquals("d.csv:1: error: empty value in column 1 (nor is it a header: a header's names start with a letter)",
                error(",\n1,2\n"));
        // names: a letter (any script) or '_' first, after quotes, '#' and spaces (numpy.savetxt's header)
        assertMatrix(2, 1, new double[] {2, 3}, read("weight\n2\n3\n"));
        assertMatrix(1, 3, new double[] {1, 2, 3}, read("# x_0, 'y', _z\n1,2,3\n"));
        assertMatrix(1, 2, new double[] {1, 2}, read("σ,μ\n1,2\n"));
        assertMatrix(1, 2, new double[] {1, 2}, read(",x\n1,2\n"));
        assertEquals("d.csv:1: error: non-numeric value \"x\" in column 1 (a header row must contain no numbers)",
                error("x,2\n1,2\n"));
    }

    @Test
    void bomCrlfAndBlankLinesKeepPhysicalRowNumbers() throws IOException {
        byte[] body = "a,b\r\n\r\n1,2\r\n   \r\n3,4\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertMatrix(2, 2, new double[] {1, 2, 3, 4}, DataReader.read(file("b.csv", withBom)));
        assertMatrix(1, 2, new double[] {5, 6}, read("5,6")); // no final newline
        assertEquals("d.csv:5: error: row has 3 values, expected 2 (as in row 3)",
                error("\r\n\r\n1,2\r\n \r\n3,4,5\r\n"));
    }

    @Test
    void raggedRows() throws IOException {
        assertEquals("d.csv:3: error: row has 3 values, expected 4 (as in row 1)", error("1,2,3,4\n5,6,7,8\n1,2,3\n"));
        assertEquals("d.csv:2: error: row has 1 value, expected 2 (as in row 1)", error("1,2\n3\n"));
    }

    @Test
    void badCells() throws IOException {
        assertEquals("d.csv:2: error: non-numeric value \"1.2.3\" in column 2", error("1,2\n3,1.2.3\n"));
        assertEquals("d.csv:2: error: empty value in column 3", error("1,2,3\n4,5,\n"));
        assertEquals("d.csv:2: error: non-numeric value \"0x10\" in column 1", error("1\n0x10\n"));
        assertEquals("d.csv:2: error: non-numeric value \"1d\" in column 1", error("1\n1d\n")); // Java would accept it
        assertEquals("d.csv:2: error: non-numeric value \"1e\" in column 1", error("1\n1e\n"));
        assertEquals("d.csv:2: error: non-numeric value \"é\" in column 1", error("1\né\n"));
        for (String w : new String[] {"NaN", "-nan", "inf", "-Inf", "Infinity", "+infinity"}) {
            assertEquals("d.csv:2: error: non-finite value \"" + w + "\" in column 2 (NaN and infinite values are not allowed)",
                    error("1,2\n3," + w + "\n"));
        }
        assertEquals("d.csv:1: error: value \"-1e400\" in column 1 is too large for double precision", error("-1e400\n"));
    }

    @Test
    void emptyAndMissingFiles() throws IOException {
        assertEquals("d.csv:1: error: empty file: no data rows", error(""));
        assertEquals("d.csv:1: error: empty file: no data rows", error("\n  \n"));
        assertEquals("d.csv:2: error: no data rows after the header row", error("\nx,y\n\n"));
        UserError e = assertThrows(UserError.class, () -> DataReader.read(dir.resolve("nope.csv"), "nope.csv"));
        assertEquals("nope.csv: error: cannot read: no such file", e.getMessage());
        e = assertThrows(UserError.class, () -> DataReader.read(dir));
        assertEquals(dir + ": error: cannot read: it is a directory", e.getMessage());
    }

    /** A file beyond what one byte array holds is refused by its size, before reading (a sparse file here). */
    @Test
    void aFileTooLargeToReadIsRefusedByItsSize() throws IOException {
        Path p = dir.resolve("huge.csv");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(2_200_000_000L);
        }
        UserError e = assertThrows(UserError.class, () -> DataReader.read(p, "huge.csv"));
        assertEquals("huge.csv: error: cannot read: the file has 2.2 GB, more than the 2.1 GB one data file may have;"
                + " split the points into several files", e.getMessage());
    }

    /**
     * 4000 x 784 (an MNIST-sized set) at 16-17 digits a cell, read once as the CLI does. The
     * time is printed for information only: speed is measured by benchmarks, not asserted here.
     */
    @Test
    void readsALargeFileExactly() throws IOException {
        int rows = 4000, cols = 784;
        SplittableRandom rnd = new SplittableRandom(5);
        double[] expected = new double[rows * cols];
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double x = rnd.nextDouble() * 2 - 1;
                expected[i * cols + j] = x;
                sb.append(j > 0 ? "," : "").append(x);
            }
            sb.append('\n');
        }
        Path p = file("big.csv", sb.toString().getBytes(StandardCharsets.US_ASCII));
        long t0 = System.nanoTime();
        DMatrixRMaj m = DataReader.read(p);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("CsvReaderTest: read %d x %d (%.0f MB) in %.3f s%n", rows, cols, Files.size(p) / 1e6, secs);
        assertMatrix(rows, cols, expected, m);
    }
}
