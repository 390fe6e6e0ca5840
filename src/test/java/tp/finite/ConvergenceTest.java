package tp.finite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tp.lang.Program;

/**
 * Empirical kernels converge to the infinite-width ones like n^-1/2. Infinite-width kernels:
 * neural-tangents 0.6.6 reference matrices (mlp_relu_2, mlp_erf_3, resnet, cnn1d_flatten; see
 * /work/shared/reference/README.md) and, for the recurrent programs that neural-tangents cannot
 * express, the output of tp's infinite-width engine ({@code tp.infinite.InfiniteWidth}, a
 * separate implementation) stored as rnn_relu/gru.*.11.csv. Widths 64..1024 here; the slow
 * suite runs 64..4096 against the live engine.
 */
class ConvergenceTest {
    static final List<Integer> WIDTHS = List.of(64, 128, 256, 512, 1024);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mlp_relu_2, vec_x1", "mlp_erf_3, vec_x1", "resnet, vec_x1", "rnn_relu, vec_x1", "gru, vec_x1",
        "cnn1d_flatten, img_x1"})
    void errorsFallLikeInverseSquareRootOfWidth(String name, String data) {
        Program p = Fixtures.program(name);
        DMatrixRMaj x = Fixtures.csv(data + ".csv");
        Convergence.Result r = Convergence.run(p, x, Fixtures.csv(name + ".nngp.11.csv"), Fixtures.csv(name + ".ntk.11.csv"),
                WIDTHS, 10, null);
        assertTrue(r.nngpConverges(), "NNGP slope " + r.nngpSlope());
        assertTrue(r.ntkConverges(), "NTK slope " + r.ntkSlope());
        assertTrue(r.verdict().startsWith("OK"), r.verdict());
        // and the errors are already small at width 1024
        Convergence.Point last = r.points().get(r.points().size() - 1);
        assertTrue(last.nngpMean() < 0.15 && last.ntkMean() < 0.15, "errors at 1024: " + last.nngpMean() + ", " + last.ntkMean());
    }

    /** The check can fail: against an NTK 30% off, the error stops falling and the verdict says so. */
    @Test
    void aWrongKernelIsCaught() {
        Program p = Fixtures.program("mlp_erf_3");
        DMatrixRMaj x = Fixtures.csv("vec_x1.csv");
        DMatrixRMaj wrong = Fixtures.csv("mlp_erf_3.ntk.11.csv");
        CommonOps_DDRM.scale(1.3, wrong);
        Convergence.Result r = Convergence.run(p, x, Fixtures.csv("mlp_erf_3.nngp.11.csv"), wrong, WIDTHS, 4, null);
        assertTrue(r.nngpConverges());
        assertFalse(r.ntkConverges(), "NTK slope " + r.ntkSlope());
        assertTrue(r.verdict().startsWith("MISMATCH"), r.verdict());
    }

    @Test
    void slopeAndErrorsByHand() {
        assertEquals(-0.5, Convergence.slope(new double[] {1, 4, 16}, new double[] {2, 1, 0.5}), 1e-14);
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{1, 2}, {2, 5}}), b = new DMatrixRMaj(new double[][] {{1, 2}, {2, 4}});
        assertEquals(1 / 5.0, Convergence.relativeError(a, b), 1e-15);
        Convergence.Point pt = new Convergence.Point(8, new double[] {1, 3}, new double[] {2, 2});
        assertEquals(2, pt.nngpMean(), 0);
        assertEquals(Math.sqrt(2), pt.nngpSpread(), 1e-15);
        assertEquals(0, pt.ntkSpread(), 0);
    }
}
