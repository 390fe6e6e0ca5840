package tp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.api.TensorProgram;
import tp.io.DataReader;
import tp.io.Npy;

/**
 * {@code tp kernel --out DIR.tpk} and {@code tp predict --kernel DIR.tpk} end to end: the tiled
 * kernel is the in-memory one bit for bit, out-of-core predictions agree with in-memory ones to
 * 1e-10, a second run resumes (nothing to do), and misuse is one clear error with status 2.
 */
class TiledCommandsTest {
    @TempDir Path tmp;
    Path prog, x, y, z;

    static final String PROGRAM = String.join("\n", "program mlp40", "input x : 40", "MatIn W1 : n x 40 sigma 1.5",
            "MatMul z2 := W1 x", "VecIn b3 : n sigma 0.05", "LinComb g4 := z2 + b3", "Nonlin h5 := relu(g4)",
            "MatIn W6 : n x n sigma 1.5", "MatMul z7 := W6 h5", "VecIn b8 : n sigma 0.05", "LinComb g9 := z7 + b8",
            "Nonlin h10 := relu(g9)", "MatIn W11 : 1 x n sigma 1.5", "MatMul z12 := W11 h10", "VecIn b13 : 1 sigma 0.05",
            "LinComb g14 := z12 + b13", "Output g14", "");

    static void write(DMatrixRMaj m, Path p) throws Exception {
        try (OutputStream out = Files.newOutputStream(p)) {
            Npy.write(out, m);
        }
    }

    static DMatrixRMaj random(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DMatrixRMaj m = new DMatrixRMaj(n, d);
        for (int i = 0; i < m.data.length; i++) m.data[i] = 2 * r.nextDouble() - 1;
        return m;
    }

    @BeforeEach
    void files() throws Exception {
        prog = tmp.resolve("mlp40.tp");
        Files.writeString(prog, PROGRAM);
        x = tmp.resolve("x.npy");
        y = tmp.resolve("y.npy");
        z = tmp.resolve("z.npy");
        write(random(520, 40, 1), x);
        write(random(520, 2, 2), y);
        write(random(70, 40, 3), z);
    }

    @Test
    void tiledKernelIsTheInMemoryKernelAndResumes() throws Exception {
        Path out = tmp.resolve("k.tpk");
        Cli c = Cli.run("kernel", prog.toString(), "--x1", x.toString(), "--kind", "both", "--out", out.toString(), "--tile", "256");
        assertEquals(0, c.status(), c::toString);
        Path mem = tmp.resolve("ntk.npy");
        assertEquals(0, Cli.run("kernel", prog.toString(), "--x1", x.toString(), "--kind", "ntk", "--out", mem.toString()).status());
        DMatrixRMaj want = DataReader.read(mem);
        DMatrixRMaj got = tp.tiled.TiledKernel.open(new tp.tiled.LocalStorage(out)).toMatrix("ntk");
        assertArrayEquals(want.data, got.data);
        Cli again = Cli.run("kernel", prog.toString(), "--x1", x.toString(), "--kind", "both", "--out", out.toString());
        assertEquals(0, again.status(), again::toString);
        assertTrue(again.err().contains("resuming, 6 of 6 tiles already finished"), again::toString);
    }

    @Test
    void outOfCorePredictionsAgreeWithInMemoryOnes() throws Exception {
        Path mem = tmp.resolve("p-mem.npy"), ooc = tmp.resolve("p-ooc.npy"), ooc2 = tmp.resolve("p-ooc2.npy");
        Path k = tmp.resolve("train.tpk"), kz = tmp.resolve("test.tpk");
        String[] common = {"predict", prog.toString(), "--train", x.toString(), "--targets", y.toString(), "--test", z.toString(),
            "--kind", "ntk", "--reg", "1e-4"};
        assertEquals(0, Cli.run(concat(common, "--out", mem.toString())).status());
        // the train kernel does not exist yet: computed tile by tile first
        Cli c = Cli.run(concat(common, "--out", ooc.toString(), "--kernel", k.toString(), "--memory", "64m"));
        assertEquals(0, c.status(), c::toString);
        DMatrixRMaj a = DataReader.read(mem), b = DataReader.read(ooc);
        double scale = 0;
        for (double v : a.data) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < a.data.length; i++) assertEquals(a.data[i], b.data[i], 1e-10 * scale);
        // with a stored test-train kernel (as from Spark), reusing the stored factor
        assertEquals(0, Cli.run("kernel", prog.toString(), "--x1", z.toString(), "--x2", x.toString(), "--kind", "ntk", "--out",
                kz.toString(), "--tile", "256").status());
        c = Cli.run(concat(common, "--out", ooc2.toString(), "--kernel", k.toString(), "--test-kernel", kz.toString()));
        assertEquals(0, c.status(), c::toString);
        DMatrixRMaj b2 = DataReader.read(ooc2);
        for (int i = 0; i < a.data.length; i++) assertEquals(b.data[i], b2.data[i], 1e-12 * scale);
    }

    @Test
    void misuseIsOneClearError() {
        Path out = tmp.resolve("m.tpk");
        String p = prog.toString(), xs = x.toString();
        Cli c = Cli.run("kernel", p, "--x1", xs, "--kind", "both").assertNoTrace();
        assertEquals(2, c.status());
        assertTrue(c.err().contains("--kind both writes two matrices: give --out"), c::toString);
        c = Cli.run("kernel", p, "--x1", xs, "--kind", "ntk", "--out", out.toString(), "--tile", "100").assertNoTrace();
        assertEquals(2, c.status());
        assertTrue(c.err().contains("multiple of 256"), c::toString);
        c = Cli.run("kernel", p, "--x1", xs, "--kind", "ntk", "--out", out.toString(), "--memory", "1k").assertNoTrace();
        assertEquals(2, c.status());
        assertTrue(c.err().contains("--memory"), c::toString);
        c = Cli.run("kernel", p, "--x1", xs, "--kind", "ntk", "--memory", "1g").assertNoTrace();
        assertEquals(2, c.status());
        c = Cli.run("predict", p, "--train", xs, "--targets", y.toString(), "--test", z.toString(), "--kind", "ntk", "--var",
                "--kernel", out.toString()).assertNoTrace();
        assertEquals(2, c.status());
        assertTrue(c.err().contains("mean predictions only"), c::toString);
        // a tiled kernel of other data is refused by predict
        Path k = tmp.resolve("other.tpk");
        assertEquals(0, Cli.run("kernel", p, "--x1", z.toString(), "--kind", "ntk", "--out", k.toString()).status());
        c = Cli.run("predict", p, "--train", xs, "--targets", y.toString(), "--test", z.toString(), "--kind", "ntk",
                "--kernel", k.toString()).assertNoTrace();
        assertEquals(2, c.status());
        assertTrue(c.err().contains("computed from other data"), c::toString);
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
