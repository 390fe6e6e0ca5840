package tp.finite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tp.lang.Def;
import tp.lang.Program;
import tp.lang.Var;

/**
 * The structured empirical NTK and NNGP against J J^T with J computed parameter by parameter in
 * forward mode by an independent scalar implementation ({@link NaiveJacobian}), at tiny widths.
 */
class EmpiricalKernelTest {

    @ParameterizedTest(name = "{0} at width {1}")
    @CsvSource({
        "mlp_relu_2, 3", "mlp_relu_2, 4", "mlp_relu_2, 5", "mlp_relu_2, 6", "mlp_relu_2, 7", "mlp_relu_2, 8",
        "mlp_erf_3, 5", "resnet, 3", "resnet, 8", "rnn_relu, 3", "rnn_relu, 6", "cnn1d_flatten, 3", "cnn1d_flatten, 5",
        "gru, 4", "gru, 7", "features, 3", "features, 5",
    })
    void kernelsEqualJacobianProducts(String name, int width) {
        Program p = Fixtures.program(name);
        FiniteNetwork net = FiniteNetwork.sample(p, width, 11 + width);
        DMatrixRMaj x1 = Fixtures.data(5, p.inputWidth(), 1, 0.8), x2 = Fixtures.data(3, p.inputWidth(), 2, 1.1);
        NaiveJacobian naive = new NaiveJacobian(net);

        DMatrixRMaj out = net.outputs(x1);
        for (int i = 0; i < x1.numRows; i++) {
            double[] row = new double[x1.numCols];
            for (int c = 0; c < row.length; c++) row[c] = x1.get(i, c);
            double[] f = naive.outputs(row);
            for (int r = 0; r < f.length; r++) {
                assertTrue(Math.abs(f[r] - out.get(i, r)) <= 1e-12 * Math.max(1, Math.abs(f[r])), "output " + i + "," + r);
            }
        }

        List<Var> trainable = p.parameters().stream().filter(Var::isTrainable).toList();
        List<Var> readout = p.parameters().stream()
                .filter(v -> v.dim().isFinite() && !(v.def() instanceof Def.VecIn b && b.initZero())).toList();
        DMatrixRMaj j1 = naive.jacobian(x1, trainable, 0), j2 = naive.jacobian(x2, trainable, 0);
        assertClose(NaiveJacobian.gram(j1, j1), net.ntk(x1, null), "NTK(x1, x1)");
        assertClose(NaiveJacobian.gram(j1, j2), net.ntk(x1, x2), "NTK(x1, x2)");
        DMatrixRMaj r1 = naive.jacobian(x1, readout, 0), r2 = naive.jacobian(x2, readout, 0);
        assertClose(NaiveJacobian.gram(r1, r1), net.nngp(x1, null), "NNGP(x1, x1)");
        assertClose(NaiveJacobian.gram(r1, r2), net.nngp(x1, x2), "NNGP(x1, x2)");
    }

    static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
        double err = Fixtures.relMaxDiff(actual, expected);
        assertTrue(err < 1e-10, what + ": relative max difference " + err);
    }
}
