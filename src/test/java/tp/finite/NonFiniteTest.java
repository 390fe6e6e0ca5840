package tp.finite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.UserError;
import tp.io.MatrixWriter;
import tp.lang.Frontend;
import tp.lang.Program;

/**
 * Issue 13 item 4: a NaN or infinity in a finite-width run is a located error naming the
 * variable as written, never a zero (relu(NaN) used to give 0) or a silently written number.
 */
class NonFiniteTest {
    @TempDir Path dir;

    /** g1 has negative coordinates, so sqrt(g1) is NaN there; relu after it used to hide that as 0. */
    private static final String SQRT_THEN_RELU = """
            input x : 4
            MatIn W1 : n x 4 sigma 1.5
            MatMul g1 := W1 x
            Nonlin h1 := sqrt(g1)
            MatIn W2 : n x n sigma 1.5
            MatMul g2 := W2 h1
            Nonlin h2 := relu(g2)
            MatIn V : 1 x n sigma 1
            MatMul f := V h2
            Output f
            """;

    private static final DMatrixRMaj X = Fixtures.data(5, 4, 3, 1);

    @Test
    void aNanActivationIsReportedAtItsStatementForBothKernelsAndTraining() {
        Program p = Frontend.parse("sqrt.tp", SQRT_THEN_RELU);
        FiniteNetwork net = FiniteNetwork.sample(p, 64, 0);
        for (Runnable r : new Runnable[] {() -> net.nngp(X, null), () -> net.ntk(X, null), () -> net.outputs(X),
                () -> net.step(X, new DMatrixRMaj(5, 1), 0.1)}) {
            UserError e = assertThrows(UserError.class, r::run);
            assertEquals("sqrt.tp:4:8", e.where(), e.getMessage());
            assertTrue(e.getMessage().contains("'h1' is NaN"), e.getMessage());
        }
    }

    @Test
    void aNanInsideOneExpressionIsNotZeroedByRelu() {
        Program p = Frontend.parse("one.tp", SQRT_THEN_RELU.replace("Nonlin h1 := sqrt(g1)", "Nonlin h1 := relu(sqrt(g1)) + step(sqrt(g1))"));
        UserError e = assertThrows(UserError.class, () -> FiniteNetwork.sample(p, 64, 0).nngp(X, null));
        assertEquals("one.tp:4:8", e.where(), e.getMessage());
    }

    @Test
    void membersOfFamiliesAreNamedAsWritten() {
        String text = """
                input x : 4
                MatIn W[1..2] : n x 4 sigma 1.5
                for i in 1..2 {
                  MatMul g[i] := W[i] x
                  Nonlin h[i] := relu(sqrt(g[i]))
                }
                LinComb s := h[1] + h[2]
                MatIn V : 1 x n sigma 1
                MatMul f := V s
                Output f
                """;
        Program p = Frontend.parse("fam.tp", text);
        UserError e = assertThrows(UserError.class, () -> FiniteNetwork.sample(p, 32, 0).nngp(X, null));
        assertEquals("fam.tp:5:10", e.where(), e.getMessage());
        assertTrue(e.getMessage().contains("'h[1]'") && !e.getMessage().contains("h_1"), e.getMessage());
    }

    /**
     * sqrt(relu(g)) is finite but its derivative 0.5/sqrt(relu(g)) step(g) is 0 * infinity = NaN
     * where g < 0: the NTK (which reads that gradient) is an error at the Nonlin, the NNGP (which
     * does not) is fine and equals its definition sigma_V^2 / n sum_k h_k(x) h_k(x') computed here
     * from the sampled weights.
     */
    @Test
    void aNanGradientFailsTheNtkOnlyAndTheNngpStaysExact() {
        String text = """
                input x : 4
                MatIn W1 : n x 4 sigma 1.5
                MatMul g1 := W1 x
                Nonlin h1 := sqrt(relu(g1))
                MatIn V : 1 x n sigma 0.7
                MatMul f := V h1
                Output f
                """;
        Program p = Frontend.parse("grad.tp", text);
        int n = 50;
        FiniteNetwork net = FiniteNetwork.sample(p, n, 4);
        UserError e = assertThrows(UserError.class, () -> net.ntk(X, null));
        assertEquals("grad.tp:4:8", e.where(), e.getMessage());
        assertTrue(e.getMessage().contains("gradient") && e.getMessage().contains("'g1'"), e.getMessage());

        DMatrixRMaj k = net.nngp(X, null);
        DMatrixRMaj w = net.parameters().raw(p.var("W1"));
        double[][] h = new double[X.numRows][n];
        for (int i = 0; i < X.numRows; i++) {
            for (int r = 0; r < n; r++) {
                double g = 0;
                for (int c = 0; c < 4; c++) g += 1.5 / 2 * w.get(r, c) * X.get(i, c);
                h[i][r] = Math.sqrt(Math.max(g, 0));
            }
        }
        for (int i = 0; i < X.numRows; i++) {
            for (int j = 0; j < X.numRows; j++) {
                double s = 0;
                for (int r = 0; r < n; r++) s += h[i][r] * h[j][r];
                assertEquals(0.49 / n * s, k.get(i, j), 1e-13);
            }
        }
    }

    /** Every activation is finite, but the NNGP sums h.h' ~ 1e400: infinity is an error, not a number. */
    @Test
    void anOverflowingKernelIsAnError() {
        String text = """
                input x : 4
                MatIn W1 : n x 4 sigma 1e200
                MatMul g1 := W1 x
                Nonlin h1 := relu(g1)
                MatIn V : 1 x n sigma 1
                MatMul f := V h1
                Output f
                """;
        FiniteNetwork net = FiniteNetwork.sample(Frontend.parse("big.tp", text), 16, 0);
        UserError e = assertThrows(UserError.class, () -> net.nngp(X, null));
        assertTrue(e.getMessage().contains("empirical NNGP") && e.getMessage().contains("infinity"), e.getMessage());
    }

    @Test
    void kinkedBuiltinsPassNanOnInBothRules() {
        for (tp.lang.Builtin f : tp.lang.Builtin.values()) {
            assertTrue(Double.isNaN(f.apply(Double.NaN, 0.1)), f.word);
            double[] out = new double[1];
            ArrayFns.apply(f, 0.1, new double[] {Double.NaN}, out, 1);
            assertTrue(Double.isNaN(out[0]), f.word);
        }
        assertEquals(0.0, tp.lang.Builtin.RELU.apply(-2, 0));
        assertEquals(0.0, tp.lang.Builtin.STEP.apply(0, 0));
        assertEquals(0.0, tp.lang.Builtin.SIGN.apply(0, 0));
    }

    @Test
    void theCommandsExitWithStatus2AndPrintNoNumbers() throws IOException {
        Path prog = Files.writeString(dir.resolve("sqrt.tp"), SQRT_THEN_RELU);
        Path x = dir.resolve("x.csv"), y = dir.resolve("y.csv");
        MatrixWriter.write(X, x);
        MatrixWriter.write(new DMatrixRMaj(5, 1), y);
        for (String[] args : new String[][] {
                {"empirical", prog.toString(), "--x1", x.toString(), "--kind", "nngp", "--width", "64"},
                {"train", prog.toString(), "--train", x.toString(), "--targets", y.toString(), "--width", "64",
                        "--lr", "0.1", "--steps", "2"}}) {
            CliTest.Run r = CliTest.tp(args);
            assertEquals(2, r.status(), r.err());
            assertEquals("", r.out());
            assertTrue(r.err().contains("sqrt.tp:4:8: error: 'h1' is NaN"), r.err());
        }
    }
}
