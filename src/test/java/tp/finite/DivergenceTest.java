package tp.finite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.UserError;
import tp.io.MatrixWriter;
import tp.lang.Frontend;
import tp.lang.Program;

/**
 * Issue 13 item 3: training whose loss explodes is stopped with an error that names the largest
 * stable learning rate, 2 N k / lambda_max of the empirical NTK, instead of printing 1e175.
 */
class DivergenceTest {
    @TempDir Path dir;

    /** 20 points in 4-D, targets sin of the first coordinate (the setting). */
    private static final DMatrixRMaj X = Fixtures.data(20, 4, 11, 1);
    private static final DMatrixRMaj Y = new DMatrixRMaj(20, 1);

    static {
        for (int i = 0; i < 20; i++) Y.set(i, 0, Math.sin(X.get(i, 0)));
    }

    /**
     * A network linear in its trained parameters (random relu features, W frozen; readout V and
     * bias b trained): the loss is quadratic, its NTK is the constant 1/n h(x).h(x') + 0.3^2
     * (computed here from the sampled W), and gradient descent diverges exactly when lr exceeds
     * 2N/lambda_max (each step multiplies the top residual component by 1 - lr lambda_max / N).
     */
    @Test
    void theStableLearningRateIsTheEdgeOfStabilityOfALinearModel() {
        Program p = Frontend.parse("linear.tp", """
                input x : 4
                MatIn W : n x 4 sigma 1.5 frozen
                MatMul g := W x
                Nonlin h := relu(g)
                MatIn V : 1 x n sigma 1
                MatMul z := V h
                VecIn b : 1 sigma 0.3
                LinComb f := z + b
                Output f
                """);
        int n = 30;
        DMatrixRMaj w = FiniteNetwork.sample(p, n, 0).parameters().raw(p.var("W"));
        DMatrixRMaj h = new DMatrixRMaj(20, n);
        for (int i = 0; i < 20; i++) {
            for (int r = 0; r < n; r++) {
                double g = 0;
                for (int c = 0; c < 4; c++) g += 1.5 / 2 * w.get(r, c) * X.get(i, c);
                h.set(i, r, Math.max(g, 0));
            }
        }
        DMatrixRMaj theta = new DMatrixRMaj(20, 20);
        CommonOps_DDRM.multTransB(1.0 / n, h, h, theta);
        CommonOps_DDRM.add(theta, 0.09, theta);
        double edge = 2 * 20 / ejmlLargest(theta);
        assertEquals(edge, Training.stableLearningRate(FiniteNetwork.sample(p, n, 0), X, 1), 1e-12 * edge);

        // just below the edge: converges; just above: the loss grows 1.1^2 per step and is stopped
        double below = FiniteNetwork.sample(p, n, 0).train(X, Y, 0.95 * edge, 400, null);
        assertTrue(below < 1, "converged: " + below);
        Training.Diverged d = assertThrows(Training.Diverged.class,
                () -> FiniteNetwork.sample(p, n, 0).train(X, Y, 1.05 * edge, 400, null));
        assertInstanceOf(UserError.class, d);
        assertEquals(edge, d.stableLearningRate(), 1e-12 * edge);
        assertTrue(d.step() > 50 && d.step() < 400, "geometric growth 1.21 per step needs ~70 steps to pass 1e6: " + d.step());
        assertTrue(d.getMessage().contains("smaller learning rate") && d.getMessage().contains(String.format("%.3g", edge)),
                d.getMessage());
    }

    /** The power iteration used beyond 512 points agrees with the full decomposition. */
    @Test
    void largestEigenvalueAgreesWithPowerIteration() {
        DMatrixRMaj a = Fixtures.data(600, 5, 2, 1);
        DMatrixRMaj k = new DMatrixRMaj(600, 600);
        CommonOps_DDRM.multTransB(a, a, k);
        double max = ejmlLargest(k);
        assertEquals(max, Training.largestEigenvalue(k), 1e-5 * max);
    }

    private static double ejmlLargest(DMatrixRMaj a) {
        var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(a.numRows, false, true);
        assertTrue(eig.decompose(a.copy()));
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < a.numRows; i++) max = Math.max(max, eig.getEigenvalue(i).real);
        return max;
    }

    /** The run: mlp_relu_2 at width 256 with lr 1e4 used to print losses of 1e281 and exit 0. */
    @Test
    void anExplodingReluNetworkIsStoppedAtOnce() {
        Program p = Fixtures.program("mlp_relu_2");
        FiniteNetwork net = FiniteNetwork.sample(p, 256, 0);
        double stable = Training.stableLearningRate(net, X, 1);
        Training.Diverged d = assertThrows(Training.Diverged.class, () -> net.train(X, Y, 1e4, 50, null));
        assertTrue(d.step() <= 3, "step " + d.step());
        assertEquals(stable, d.stableLearningRate(), 1e-12 * stable, "computed on the network as sampled");
        // and a learning rate below the bound trains without complaint
        double loss = FiniteNetwork.sample(p, 256, 0).train(X, Y, 0.5 * stable, 30, null);
        assertTrue(loss < FiniteNetwork.sample(p, 256, 0).loss(X, Y), "the loss fell: " + loss);
    }

    @Test
    void theCommandExitsWithStatus2AndNoPredictions() {
        Path x = dir.resolve("x.csv"), y = dir.resolve("y.csv");
        MatrixWriter.write(X, x);
        MatrixWriter.write(Y, y);
        CliTest.Run r = CliTest.tp("train", Fixtures.resource("mlp_relu_2.tp").toString(), "--train", x.toString(),
                "--targets", y.toString(), "--width", "256", "--lr", "1e4", "--steps", "50");
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("tp: error: training diverged at step "), r.err());
        assertTrue(r.err().contains("--lr") && r.err().contains("2Nk/lambda_max"), r.err());
    }
}
