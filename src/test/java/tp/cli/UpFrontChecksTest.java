package tp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.io.AtomicFile;
import tp.io.MatrixWriter;

/**
 * The "contract details" of issue 13: clear, early, located messages with exit status 2 for
 * outputs that cannot be written, row lengths that do not fit the program, impossible width
 * ratios, regularizations and data sets too large for the heap, and control characters.
 * "Early" is shown by ordering: the output path is judged before the data files are even read,
 * so a run with a missing data file reports the output path.
 */
class UpFrontChecksTest {
    @TempDir Path dir;

    private static final String PROG = "programs/mlp_relu_2.tp"; // reads rows of 4 values

    private Path csv(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** Exit 2, exactly one line on standard error, equal to {@code expected}; nothing on standard output. */
    private static void assertError(String expected, Cli r) {
        r.assertNoTrace();
        assertEquals(2, r.status(), r::toString);
        assertEquals(List.of(expected), r.errLines(), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    private List<String> temporaries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(AtomicFile::isTemporaryName).toList();
        }
    }

    @Test
    void unknownOutputFormatsAndEmptyNamesBeforeAnyData() throws IOException {
        String missing = dir.resolve("missing.csv").toString();
        for (String ext : List.of("npz", "txt", "CSVX")) {
            String out = dir.resolve("k." + ext).toString();
            assertError(out + ": error: unknown output format ('." + ext + "'): name the file .csv or .npy",
                    Cli.run("kernel", PROG, "--x1", missing, "--kind", "nngp", "--out", out));
            assertError(out + ": error: unknown output format ('." + ext + "'): name the file .csv or .npy",
                    Cli.run("empirical", PROG, "--x1", missing, "--kind", "nngp", "--width", "8", "--out", out));
            assertError(out + ": error: unknown output format ('." + ext + "'): name the file .csv or .npy",
                    Cli.run("predict", PROG, "--train", missing, "--targets", missing, "--test", missing, "--kind", "nngp",
                            "--out", out));
            assertError(out + ": error: unknown output format ('." + ext + "'): name the file .csv or .npy",
                    Cli.run("train", PROG, "--train", missing, "--targets", missing, "--width", "8", "--lr", "1",
                            "--steps", "1", "--out", out));
        }
        assertError("tp: error: --out must name a file, got ''",
                Cli.run("kernel", PROG, "--x1", missing, "--kind", "nngp", "--out", ""));
        assertError(dir + ": error: cannot write: it is a directory",
                Cli.run("kernel", PROG, "--x1", missing, "--kind", "nngp", "--out", dir.toString()));
        Path nowhere = dir.resolve("no/such/dir/k.csv");
        assertError(nowhere + ": error: cannot write: no such directory",
                Cli.run("kernel", PROG, "--x1", missing, "--kind", "nngp", "--out", nowhere.toString()));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void anUnwritablePlotIsFoundBeforeTheComputation() throws IOException {
        String missing = dir.resolve("missing.csv").toString();
        Path nowhere = dir.resolve("no/such/dir/p.png");
        assertError(nowhere + ": error: cannot write: no such directory",
                Cli.run("check", PROG, "--x1", missing, "--widths", "8,16", "--plot", nowhere.toString()));
        Path jpg = dir.resolve("p.jpg");
        assertError(jpg + ": error: --plot draws a PNG image: name the file .png",
                Cli.run("check", PROG, "--x1", missing, "--widths", "8,16", "--plot", jpg.toString()));
        assertError("tp: error: --plot must name a file, got ''",
                Cli.run("check", PROG, "--x1", missing, "--widths", "8,16", "--plot", ""));
    }

    @Test
    void aPlotIsWrittenAtomically() throws IOException {
        Path x = csv("x.csv", "0.1,0.2,0.3,0.4\n-0.5,0.6,0.7,-0.8\n1,0,0,1\n");
        Path png = dir.resolve("p.png");
        Files.writeString(png, "old");
        Cli r = Cli.run("check", PROG, "--x1", x.toString(), "--widths", "8,16", "--seeds", "1", "--plot", png.toString());
        assertEquals(0, r.status(), r::toString);
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]); // \x89PNG
        assertEquals("PNG", new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void rowLengthMismatchesAreLocatedAtTheFirstDataRow() throws IOException {
        Path good = csv("good.csv", "0.1,0.2,0.3,0.4\n-0.5,0.6,0.7,-0.8\n");
        Path three = csv("three.csv", "# a, b, c\n\n1,2,3\n4,5,6\n");
        Path y = csv("y.csv", "1\n2\n");
        Path y2 = csv("y2.csv", "1,0\n2,0\n");
        String want = three + ":3: error: row has 3 values but mlp_relu_2 reads input rows of 4 values";
        assertError(want, Cli.run("kernel", PROG, "--x1", three.toString(), "--kind", "ntk"));
        assertError(want, Cli.run("kernel", PROG, "--x1", good.toString(), "--x2", three.toString(), "--kind", "ntk"));
        assertError(want, Cli.run("empirical", PROG, "--x1", three.toString(), "--kind", "ntk", "--width", "8"));
        assertError(want, Cli.run("check", PROG, "--x1", three.toString(), "--widths", "8,16"));
        assertError(want, Cli.run("predict", PROG, "--train", three.toString(), "--targets", y.toString(), "--test",
                good.toString(), "--kind", "ntk"));
        assertError(want, Cli.run("predict", PROG, "--train", good.toString(), "--targets", y.toString(), "--test",
                three.toString(), "--kind", "ntk"));
        assertError(want, Cli.run("train", PROG, "--train", three.toString(), "--targets", y.toString(), "--width", "8",
                "--lr", "0.1", "--steps", "1"));
        assertError(y2 + ":1: error: row has 2 values but the output f of mlp_relu_2 has dimension 1",
                Cli.run("train", PROG, "--train", good.toString(), "--targets", y2.toString(), "--width", "8",
                        "--lr", "0.1", "--steps", "1"));
        // .npy: the array row
        Path npy = dir.resolve("three.npy");
        MatrixWriter.write(new org.ejml.data.DMatrixRMaj(2, 3), npy);
        assertError(npy + ":1: error: row has 3 values (array shape (2, 3)) but mlp_relu_2 reads input rows of 4 values",
                Cli.run("kernel", PROG, "--x1", npy.toString(), "--kind", "ntk"));
    }

    @Test
    void widthRatiosThatRoundToZero() throws IOException {
        String body = "input x : 1\nMatIn W : m x 1\nMatMul g := W x\nNonlin h := relu(g)\nMatIn V : 1 x m\n"
                + "MatMul f := V h\nOutput f\n";
        Path tiny = csv("tiny.tp", "dim n\ndim m = 1e-300 * n\n" + body);
        assertError(tiny + ":2:5: error: width ratio too small: m = 1.0E-300*n rounds to 0 at every width up to 2147483647",
                Cli.info(tiny));
        Path chained = csv("chained.tp", "dim n\ndim k = 1e-5 * n\ndim m = 1e-5 * k\n" + body);
        Cli r = Cli.info(chained);
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().startsWith(chained + ":3:5: error: width ratio too small: m = "), r::toString);
        Path huge = csv("huge.tp", "dim n\ndim m = 1e300 * n\n" + body);
        assertError(huge + ":2:5: error: width ratio too large: m = 1.0E300*n exceeds 2147483647 at every width",
                Cli.info(huge));

        // a ratio that works at some widths: the width of the run must give at least 1
        Path small = csv("small.tp", "dim n\ndim m = 1e-6 * n\n" + body);
        Path x = csv("x.csv", "1\n2\n");
        assertError("tp: error: --width 1000 makes width symbol m = 1.0E-6*n round to 0; the smallest width that gives it 1 is 500000",
                Cli.run("empirical", small.toString(), "--x1", x.toString(), "--kind", "nngp", "--width", "1000"));
        assertError("tp: error: --widths 8 makes width symbol m = 1.0E-6*n round to 0; the smallest width that gives it 1 is 500000",
                Cli.run("check", small.toString(), "--x1", x.toString(), "--widths", "8,600000"));
        assertError("tp: error: --width 10 makes width symbol m = 1.0E-6*n round to 0; the smallest width that gives it 1 is 500000",
                Cli.run("train", small.toString(), "--train", x.toString(), "--targets", x.toString(), "--width", "10",
                        "--lr", "0.1", "--steps", "1"));
        assertEquals(0, Cli.run("kernel", small.toString(), "--x1", x.toString(), "--kind", "nngp").status(),
                "the infinite-width kernel does not depend on a finite width");
    }

    @Test
    void aRegularizationThatWouldOverflow() throws IOException {
        Path x = csv("x.csv", "0.1,0.2,0.3,0.4\n-0.5,0.6,0.7,-0.8\n");
        Path y = csv("y.csv", "1\n2\n");
        for (String reg : List.of("1e308", "1e16")) {
            assertError("tp: error: --reg must be at most 1e15, got " + Double.parseDouble(reg) + " (beyond, the added"
                    + " diagonal hides the train kernel in double precision and the predictions shrink to 0)",
                    Cli.run("predict", PROG, "--train", x.toString(), "--targets", y.toString(), "--test", x.toString(),
                            "--kind", "nngp", "--reg", reg));
        }
        Cli r = Cli.run("predict", PROG, "--train", x.toString(), "--targets", y.toString(), "--test", x.toString(),
                "--kind", "nngp", "--reg", "1e15");
        assertEquals(0, r.status(), r::toString);
        for (String v : r.out().split("\\R")) assertTrue(Math.abs(Double.parseDouble(v)) < 1e-13, v); // y / (1e15 * K)
    }

    /**
     * Data sets whose results cannot fit are refused at once (the test JVM has a 4 GiB heap):
     * 50 000 points exceed what one matrix can index, 30 000 points need 7.2 GB for the NNGP.
     */
    @Test
    void dataSetsTooLargeForTheHeapAreRefusedAtOnce() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) sb.append(i % 7).append(",1,0,").append(i % 3).append('\n');
        Path big = csv("big.csv", sb.toString());
        assertError("tp: error: too many points for the 50000 x 50000 NNGP: a 50000 x 50000 matrix has more than 2^31"
                + " entries, the most one matrix can hold (46340 x 46340); use fewer points",
                Cli.run("kernel", PROG, "--x1", big.toString(), "--kind", "nngp"));
        Path mid = csv("mid.csv", sb.substring(0, sb.length() * 3 / 5));
        long before = System.nanoTime();
        Cli r = Cli.run("kernel", PROG, "--x1", mid.toString(), "--kind", "nngp");
        r.assertNoTrace();
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().startsWith("tp: error: not enough memory for the 30000 x 30000 NNGP: at least 6.7 GiB needed, "),
                r::toString);
        assertTrue(r.err().contains(" points fit in this heap, or give the JVM more memory, e.g. TP_JAVA_OPTS='-Xmx"), r::toString);
        assertTrue(System.nanoTime() - before < 60_000_000_000L, "refused before computing"); // the kernel takes minutes
        r = Cli.run("predict", PROG, "--train", mid.toString(), "--targets", mid.toString(), "--test", mid.toString(),
                "--kind", "ntk");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().startsWith("tp: error: not enough memory for the kernels of 30000 train and 30000 test points"),
                r::toString);
    }

    @Test
    void controlCharactersInMessagesAreEscaped() throws IOException {
        Path x = csv("x.csv", "0.1,0.2,0.3,0.4\n1,2,3,4\u001b[31mred\n");
        assertError(x + ":2: error: non-numeric value \"4\\x1b[31mred\" in column 4",
                Cli.run("kernel", PROG, "--x1", x.toString(), "--kind", "nngp"));
        Path odd = dir.resolve("a\rb\u0007.csv");
        assertError(dir + "/a\\rb\\x07.csv: error: cannot read: no such file",
                Cli.run("kernel", PROG, "--x1", odd.toString(), "--kind", "nngp"));
        Cli r = Cli.run("kernel", PROG, "--x1", x.toString(), "--kind", "nngp", "--bogus\u001b]0;title\u0007");
        assertEquals(2, r.status());
        assertFalse(r.err().contains("\u001b") || r.err().contains("\u0007"), r::toString);
        assertTrue(r.err().contains("--bogus\\x1b]0;title\\x07"), r::toString);
    }
}
