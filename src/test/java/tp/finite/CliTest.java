package tp.finite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.cli.Main;
import tp.io.DataReader;
import tp.io.MatrixWriter;
import tp.lang.Program;

/** The commands this package serves: tp empirical, tp train, tp check (plumbing, consistency, user errors). */
class CliTest {
    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    static Run tp(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private Path write(String name, DMatrixRMaj m) {
        Path p = dir.resolve(name);
        MatrixWriter.write(m, p);
        return p;
    }

    private static DMatrixRMaj parse(String csv, Path tmp) throws IOException {
        Files.writeString(tmp, csv);
        return DataReader.read(tmp);
    }

    @Test
    void empiricalWritesTheKernelsOfTheSeededNetwork() throws IOException {
        Path prog = Fixtures.resource("mlp_erf_3.tp");
        Program p = Fixtures.program("mlp_erf_3");
        DMatrixRMaj x1 = Fixtures.data(4, 4, 1, 1), x2 = Fixtures.data(3, 4, 2, 1);
        Path a = write("a.csv", x1), b = write("b.npy", x2);
        Run ntk = tp("empirical", prog.toString(), "--x1", a.toString(), "--kind", "ntk", "--width", "40", "--seed", "7");
        assertEquals(0, ntk.status(), ntk.err());
        DMatrixRMaj got = parse(ntk.out(), dir.resolve("k.csv"));
        DMatrixRMaj want = FiniteNetwork.sample(p, 40, 7).ntk(x1, null);
        assertArrayEquals(want.data, got.data, 0.0, "17 significant digits round-trip exactly");

        Path out = dir.resolve("k.npy");
        Run nngp = tp("empirical", prog.toString(), "--x1", a.toString(), "--x2", b.toString(), "--kind", "nngp",
                "--width", "40", "--seed", "7", "--out", out.toString());
        assertEquals(0, nngp.status(), nngp.err());
        DMatrixRMaj k12 = DataReader.read(out);
        assertEquals(4, k12.numRows);
        assertEquals(3, k12.numCols);
        assertArrayEquals(FiniteNetwork.sample(p, 40, 7).nngp(x1, x2).data, k12.data, 0.0);

        Run other = tp("empirical", prog.toString(), "--x1", a.toString(), "--kind", "ntk", "--width", "40", "--seed", "8");
        assertNotEquals(ntk.out(), other.out(), "another seed, another network");
    }

    @Test
    void trainWritesPredictionsBeforeAndAfter() throws IOException {
        Path prog = Fixtures.resource("resnet.tp");
        Program p = Fixtures.program("resnet");
        DMatrixRMaj x = Fixtures.data(5, 4, 3, 1), y = Fixtures.data(5, 1, 4, 1), z = Fixtures.data(2, 4, 5, 1);
        Path xs = write("x.csv", x), ys = write("y.csv", y), zs = write("z.csv", z);
        Run r = tp("train", prog.toString(), "--train", xs.toString(), "--targets", ys.toString(), "--test", zs.toString(),
                "--width", "64", "--lr", "0.5", "--steps", "20", "--seed", "3", "--log", "5");
        assertEquals(0, r.status(), r.err());
        DMatrixRMaj got = parse(r.out(), dir.resolve("pred.csv"));
        assertEquals(2, got.numRows);
        assertEquals(2, got.numCols);
        FiniteNetwork net = FiniteNetwork.sample(p, 64, 3);
        DMatrixRMaj before = net.outputs(z);
        double[] losses = new double[20];
        for (int s = 0; s < 20; s++) losses[s] = net.step(x, y, 0.5);
        DMatrixRMaj after = net.outputs(z);
        for (int i = 0; i < 2; i++) {
            assertEquals(before.get(i), got.get(i, 0), 0.0);
            assertEquals(after.get(i), got.get(i, 1), 0.0);
        }
        // the log: steps 0, 5, 10, 15 and the final loss, decreasing
        Matcher m = Pattern.compile("step (\\d+): loss (\\S+)").matcher(r.err());
        int lines = 0;
        double last = Double.POSITIVE_INFINITY;
        while (m.find()) {
            int step = Integer.parseInt(m.group(1));
            double loss = Double.parseDouble(m.group(2));
            if (step < 20) assertEquals(losses[step], loss, 1e-9 * losses[step]);
            assertTrue(loss < last, "loss decreases");
            last = loss;
            lines++;
        }
        assertEquals(5, lines, r.err());
    }

    @Test
    void checkPrintsTableSlopeVerdictAndPlot() throws IOException {
        Path prog = Fixtures.resource("mlp_relu_2.tp");
        Path x = Fixtures.resource("vec_x1.csv");
        Path png = dir.resolve("check.png");
        Run r = tp("check", prog.toString(), "--x1", x.toString(), "--widths", "64,256,1024", "--seeds", "2", "--plot", png.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("tp check mlp_relu_2: 6 data points, 2 seeds"), r.out());
        for (String w : new String[] {"64", "256", "1024"}) {
            assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith(w + " ")), "row for width " + w + ":\n" + r.out());
        }
        assertTrue(r.out().contains("slope of log(error) vs log(width): NNGP -"), r.out());
        assertTrue(r.out().contains("verdict: "), r.out());
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, head, "a PNG file");

        // check's seed 0 at width 64 is empirical's --seed 0 network: same error
        DMatrixRMaj k = FiniteNetwork.sample(Fixtures.program("mlp_relu_2"), 64, 0).ntk(Fixtures.csv("vec_x1.csv"), null);
        double e = Convergence.relativeError(k, Fixtures.csv("mlp_relu_2.ntk.11.csv"));
        Run one = tp("check", prog.toString(), "--x1", x.toString(), "--widths", "64", "--seeds", "1");
        Matcher m = Pattern.compile("\\n\\s+64\\s+\\S+ \\+- \\S+\\s+(\\S+) \\+-").matcher(one.out());
        assertTrue(m.find(), one.out());
        assertEquals(e, Double.parseDouble(m.group(1)), 1e-3 * e);
    }

    @Test
    void userMistakesAreOneLineErrors() {
        String prog = Fixtures.resource("mlp_relu_2.tp").toString();
        String x = Fixtures.resource("vec_x1.csv").toString();
        String cnnData = Fixtures.resource("img_x1.csv").toString();
        Run[] bad = {
            tp("empirical", prog, "--x1", x, "--kind", "ntk", "--width", "0"),
            tp("empirical", prog, "--x1", cnnData, "--kind", "ntk", "--width", "8"),
            tp("check", prog, "--x1", x, "--widths", "8,-4"),
            tp("check", prog, "--x1", x, "--widths", "8", "--seeds", "0"),
            tp("train", prog, "--train", x, "--targets", x, "--width", "8", "--lr", "0.1", "--steps", "3"),
            tp("train", prog, "--train", x, "--targets", Fixtures.resource("vec_x1.csv").toString(), "--width", "8", "--lr", "-1", "--steps", "3"),
        };
        for (Run r : bad) {
            assertEquals(2, r.status(), r.out() + r.err());
            assertTrue(r.err().contains("error: "), r.err());
            assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void divergingTrainingIsReported() {
        // the readout bias alone multiplies the residual by (1 - lr * 0.2^2) = -39 per step
        String prog = Fixtures.resource("mlp_erf_3.tp").toString();
        Path x = write("x.csv", Fixtures.data(4, 4, 1, 3)), y = write("y.csv", Fixtures.data(4, 1, 2, 1));
        Run r = tp("train", prog, "--train", x.toString(), "--targets", y.toString(), "--width", "32", "--lr", "1000", "--steps", "200");
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("diverged"), r.err());
    }
}
