package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.cli.Main;
import tp.io.DataReader;

/** {@code tp kernel} end to end: reference matrices through the command line, and user errors. */
class KernelCommandTest {
    @TempDir Path tmp;

    private String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(status), out.toString(), err.toString()};
    }

    private static String ref(String name) {
        return Fixtures.resource("reference/" + name).toString();
    }

    @Test
    void numericalExpectationsAreAnnouncedWithTheirTolerance() throws Exception {
        Path tanh = tmp.resolve("tanh.tp");
        Files.writeString(tanh, "input x : 4\nMatIn W : n x 4 sigma 1.2\nMatMul g := W x\nNonlin h := tanh(g)\n"
                + "MatIn V : 1 x n\nMatMul f := V h\nOutput f\n");
        String[] r = run("kernel", tanh.toString(), "--x1", ref("vec_x1.csv"), "--kind", "ntk");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].contains("computed numerically") && r[2].contains("relative error at most 1e-11"), r[2]);
        // erf has closed forms throughout: no note
        r = run("kernel", ref("mlp_erf_3.tp"), "--x1", ref("vec_x1.csv"), "--kind", "ntk");
        assertEquals("", r[2]);
    }

    @Test
    void bothKindsInOnePassWriteTwoFiles() {
        Path k = tmp.resolve("k.npy");
        String[] r = run("kernel", ref("mlp_erf_3.tp"), "--x1", ref("vec_x1.csv"), "--kind", "both", "--out", k.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(Fixtures.maxRelErr(DataReader.read(tmp.resolve("k.nngp.npy")), Fixtures.matrix("reference/mlp_erf_3.nngp.11.csv"), 1e-300) < 1e-12);
        assertTrue(Fixtures.maxRelErr(DataReader.read(tmp.resolve("k.ntk.npy")), Fixtures.matrix("reference/mlp_erf_3.ntk.11.csv"), 1e-300) < 1e-12);
        assertTrue(!Files.exists(k), "no file under the plain name");
    }

    @Test
    void crossNtkToStdoutMatchesReference() throws Exception {
        String[] r = run("kernel", ref("mlp_erf_3.tp"), "--x1", ref("vec_x1.csv"), "--x2", ref("vec_x2.csv"), "--kind", "ntk");
        assertEquals("0", r[0], r[2]);
        Path f = tmp.resolve("k.csv");
        Files.writeString(f, r[1]);
        DMatrixRMaj got = DataReader.read(f);
        assertTrue(Fixtures.maxRelErr(got, Fixtures.matrix("reference/mlp_erf_3.ntk.12.csv"), 1e-300) < 1e-12);
    }

    @Test
    void selfNngpToNpyFile() {
        Path f = tmp.resolve("k.npy");
        String[] r = run("kernel", ref("mlp_relu_2.tp"), "--x1", ref("vec_x1.csv"), "--kind", "nngp", "--out", f.toString());
        assertEquals("0", r[0], r[2]);
        DMatrixRMaj got = DataReader.read(f);
        assertTrue(Fixtures.maxRelErr(got, Fixtures.matrix("reference/mlp_relu_2.nngp.11.csv"), 1e-300) < 1e-12);
    }

    @Test
    void wrongRowLengthIsAUserError() {
        String[] r = run("kernel", ref("mlp_relu_2.tp"), "--x1", ref("img_x1.csv"), "--kind", "ntk");
        assertEquals("2", r[0]);
        // located at the first data row, as data errors are (issue 13)
        assertEquals(ref("img_x1.csv") + ":1: error: row has 16 values but mlp_relu_2 reads input rows of 4 values\n", r[2]);
    }

    @Test
    void matrixAndItsTransposeIsRejectedNamingTheLines() throws Exception {
        Path p = tmp.resolve("t.tp");
        Files.writeString(p, String.join("\n",
                "input x : 3",
                "MatIn U : n x 3",
                "MatIn W : n x n",
                "T Wt := W^T",
                "MatMul g := U x",
                "Nonlin h := relu(g)",
                "MatMul g2 := W h",
                "Nonlin h2 := tanh(g2)",
                "MatMul g3 := Wt h2",
                "MatIn V : 1 x n",
                "MatMul f := V g3",
                "Output f", ""));
        Path x = tmp.resolve("x.csv");
        Files.writeString(x, "1,2,3\n");
        String[] r = run("kernel", p.toString(), "--x1", x.toString(), "--kind", "nngp");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("t.tp:9:") && r[2].contains("line 7") && r[2].contains("transpose"), r[2]);
    }
}
