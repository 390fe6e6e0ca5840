package tp.finite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tp.lang.Def;
import tp.lang.Frontend;
import tp.lang.Program;
import tp.lang.Var;

/**
 * The executor on Netsor+ programs (moments, layer norm, attention, the standard
 * parametrization) at tiny widths, against two references that share no code with its batched
 * forward and backward passes:
 * <ul>
 *   <li>{@link NaiveJacobian}: scalar forward-mode dual numbers per data point, each moment the
 *       plain average of its body's dual numbers (exact derivatives): NTK = J J^T to 1e-10;</li>
 *   <li>finite differences of the outputs (a 5-point stencil on each raw parameter): the NTK to
 *       1e-8, as issue 11 asks.</li>
 * </ul>
 * The empirical NNGP is J_r D J_r^T over the readout parameters, D their variance at the draw
 * (in the standard parametrization the raw parameter is W itself, so D is s^2 / fan-in, not 1).
 */
class NetsorPlusFiniteTest {

    static Program program(String name) {
        return Frontend.load(Path.of("programs", name + ".tp"));
    }

    @ParameterizedTest(name = "{0} at width {1}")
    @CsvSource({
        "ln_mlp, 3", "ln_mlp, 5", "relu_mlp_std, 3", "relu_mlp_std, 4", "attn_softmax, 3", "attn_relu, 3",
        "attn_multihead, 2", "transformer, 3", "ln_after_relu, 4", "cnn_ln_channels, 3", "cnn_ln_all, 3",
    })
    void kernelsEqualJacobianProducts(String name, int width) {
        Program p = program(name);
        FiniteNetwork net = FiniteNetwork.sample(p, width, 5 + width);
        DMatrixRMaj x1 = Fixtures.data(4, p.inputWidth(), 1, 0.8), x2 = Fixtures.data(3, p.inputWidth(), 2, 1.1);
        NaiveJacobian naive = new NaiveJacobian(net);

        DMatrixRMaj out = net.outputs(x1);
        for (int i = 0; i < x1.numRows; i++) {
            double[] f = naive.outputs(row(x1, i));
            for (int r = 0; r < f.length; r++) {
                assertTrue(Math.abs(f[r] - out.get(i, r)) <= 1e-12 * Math.max(1, Math.abs(f[r])), "output " + i + "," + r);
            }
        }
        List<Var> trainable = net.trainableParameters();
        DMatrixRMaj j1 = naive.jacobian(x1, trainable, 0), j2 = naive.jacobian(x2, trainable, 0);
        EmpiricalKernelTest.assertClose(NaiveJacobian.gram(j1, j1), net.ntk(x1, null), name + " NTK(x1, x1)");
        EmpiricalKernelTest.assertClose(NaiveJacobian.gram(j1, j2), net.ntk(x1, x2), name + " NTK(x1, x2)");

        List<Var> readout = net.readoutParameters();
        DMatrixRMaj r1 = weighted(naive.jacobian(x1, readout, 0), net, readout);
        DMatrixRMaj r2 = weighted(naive.jacobian(x2, readout, 0), net, readout);
        EmpiricalKernelTest.assertClose(NaiveJacobian.gram(r1, r2), net.nngp(x1, x2), name + " NNGP(x1, x2)");
        DMatrixRMaj[] both = net.nngpAndNtk(x1, x2);
        EmpiricalKernelTest.assertClose(NaiveJacobian.gram(r1, r2), both[0], name + " NNGP of nngpAndNtk");
        EmpiricalKernelTest.assertClose(NaiveJacobian.gram(j1, j2), both[1], name + " NTK of nngpAndNtk");
    }

    @ParameterizedTest(name = "{0} at width {1}")
    @CsvSource({
        "ln_mlp, 3", "relu_mlp_std, 3", "attn_softmax, 2", "attn_relu, 2", "attn_multihead, 2", "transformer, 2",
        "ln_after_relu, 3", "cnn_ln_channels, 2", "cnn_ln_all, 2",
    })
    void ntkEqualsFiniteDifferences(String name, int width) {
        Program p = program(name);
        FiniteNetwork net = FiniteNetwork.sample(p, width, 17 + width);
        DMatrixRMaj x = Fixtures.data(3, p.inputWidth(), 3, 0.9);
        List<Var> trainable = net.trainableParameters();
        DMatrixRMaj j = finiteDifferences(net, x, trainable);
        DMatrixRMaj expected = NaiveJacobian.gram(j, j), actual = net.ntk(x, null);
        double err = Fixtures.relMaxDiff(actual, expected);
        assertTrue(err < 1e-8, name + ": NTK vs finite differences, relative max difference " + err);
    }

    /**
     * One training step changes every trainable raw parameter by -lr dL/dp (L = 0.5 mean of the
     * squared errors), the gradient from dual numbers: through the moments, and with respect to W
     * itself for the standard parametrization.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ln_mlp", "relu_mlp_std", "transformer", "attn_multihead"})
    void stepAppliesTheExactGradient(String name) {
        Program p = program(name);
        FiniteNetwork net = FiniteNetwork.sample(p, 3, 8);
        DMatrixRMaj x = Fixtures.data(4, p.inputWidth(), 4, 1.0), y = Fixtures.data(4, 1, 5, 1.0);
        NaiveJacobian naive = new NaiveJacobian(net);
        List<Var> trainable = net.trainableParameters();
        DMatrixRMaj f = net.outputs(x), j = naive.jacobian(x, trainable, 0);
        int n = x.numRows;
        double[] grad = new double[j.numCols];
        for (int i = 0; i < n; i++) {
            double e = f.get(i, 0) - y.get(i, 0);
            for (int c = 0; c < j.numCols; c++) grad[c] += j.get(i, c) * e / n;
        }
        List<double[]> before = new java.util.ArrayList<>();
        for (Var v : trainable) before.add(net.parameters().raw(v).data.clone());
        double lr = 0.05;
        net.step(x, y, lr);
        int col = 0;
        for (int i = 0; i < trainable.size(); i++) {
            double[] now = net.parameters().raw(trainable.get(i)).data, old = before.get(i);
            for (int q = 0; q < now.length; q++, col++) {
                double want = old[q] - lr * grad[col];
                assertTrue(Math.abs(want - now[q]) <= 1e-12 * Math.max(1, Math.abs(want)), name + " " + trainable.get(i).name() + "[" + q + "]");
            }
        }
    }

    /**
     * d f_1(x_i) / d raw scalar by the 5-point stencil (f(-2h) - 8 f(-h) + 8 f(h) - f(2h)) / 12h,
     * h = 1e-4 times the scalar's size (at least 1e-4): truncation error O(h^4), rounding 1e-12.
     */
    static DMatrixRMaj finiteDifferences(FiniteNetwork net, DMatrixRMaj x, List<Var> params) {
        int total = 0;
        for (Var v : params) total += net.parameters().raw(v).data.length;
        DMatrixRMaj j = new DMatrixRMaj(x.numRows, total);
        int col = 0;
        for (Var v : params) {
            double[] raw = net.parameters().raw(v).data;
            for (int q = 0; q < raw.length; q++, col++) {
                double keep = raw[q], h = 1e-4 * Math.max(1, Math.abs(keep));
                double[] steps = {-2, -1, 1, 2}, weights = {1, -8, 8, -1};
                for (int s = 0; s < 4; s++) {
                    raw[q] = keep + steps[s] * h;
                    DMatrixRMaj out = net.outputs(x);
                    for (int i = 0; i < x.numRows; i++) j.add(i, col, weights[s] * out.get(i, 0) / (12 * h));
                }
                raw[q] = keep;
            }
        }
        return j;
    }

    /** Jacobian columns scaled by each readout parameter's standard deviation at the draw. */
    private static DMatrixRMaj weighted(DMatrixRMaj j, FiniteNetwork net, List<Var> readout) {
        DMatrixRMaj w = j.copy();
        int col = 0;
        for (Var v : readout) {
            int size = net.parameters().raw(v).data.length;
            double sd;
            if (v.def() instanceof Def.MatIn m) sd = m.standard() ? m.sigma() / Math.sqrt(v.cols().at(net.width())) : 1;
            else sd = ((Def.VecIn) v.def()).standard() ? ((Def.VecIn) v.def()).sigma() : 1;
            for (int c = col; c < col + size; c++) for (int i = 0; i < w.numRows; i++) w.set(i, c, sd * w.get(i, c));
            col += size;
        }
        return w;
    }

    private static double[] row(DMatrixRMaj x, int i) {
        double[] r = new double[x.numCols];
        for (int c = 0; c < r.length; c++) r[c] = x.get(i, c);
        return r;
    }
}
