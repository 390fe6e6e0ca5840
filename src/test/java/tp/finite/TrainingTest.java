package tp.finite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tp.lang.Program;
import tp.lang.Var;

/** Gradient descent: exact gradients, the NTK as the first-order step, and wide-network training against NTK dynamics. */
class TrainingTest {

    /** One step changes every trainable raw parameter by -lr * dL/dp (L = 0.5 mean over all N x k entries), frozen ones not at all. */
    @Test
    void stepAppliesTheExactGradient() {
        Program p = Fixtures.program("features");
        FiniteNetwork net = FiniteNetwork.sample(p, 4, 3);
        DMatrixRMaj x = Fixtures.data(5, p.inputWidth(), 4, 1.0), y = Fixtures.data(5, 2, 5, 1.0);
        NaiveJacobian naive = new NaiveJacobian(net);
        List<Var> trainable = net.trainableParameters();
        DMatrixRMaj f = net.outputs(x);
        int n = x.numRows, k = 2;
        double[] expected = new double[naive.jacobian(x, trainable, 0).numCols];
        double loss = 0;
        for (int r = 0; r < k; r++) {
            DMatrixRMaj j = naive.jacobian(x, trainable, r);
            for (int i = 0; i < n; i++) {
                double e = f.get(i, r) - y.get(i, r);
                loss += 0.5 * e * e / (n * k);
                for (int c = 0; c < j.numCols; c++) expected[c] += j.get(i, c) * e / (n * k);
            }
        }
        List<double[]> before = new ArrayList<>();
        for (Var v : p.parameters()) before.add(net.parameters().raw(v).data.clone());
        double lr = 0.3;
        assertEquals(loss, net.step(x, y, lr), 1e-14 * Math.max(1, loss));
        int col = 0;
        for (int i = 0; i < p.parameters().size(); i++) {
            Var v = p.parameters().get(i);
            double[] now = net.parameters().raw(v).data, old = before.get(i);
            if (!v.isTrainable()) {
                assertArrayEquals(old, now, 0.0, v.name() + " is frozen");
                continue;
            }
            for (int q = 0; q < now.length; q++, col++) {
                double want = old[q] - lr * expected[col];
                assertEquals(want, now[q], 1e-12 * Math.max(1, Math.abs(want)), v.name() + "[" + q + "]");
            }
        }
    }

    /** f_after - f_before = -lr/N Theta_emp (f - y) + O(lr^2): the residual shrinks 4x when lr halves. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"mlp_erf_3", "resnet", "rnn_relu", "gru", "cnn1d_flatten"})
    void smallStepMovesOutputsByTheEmpiricalNtk(String name) {
        Program p = Fixtures.program(name);
        DMatrixRMaj x = Fixtures.data(5, p.inputWidth(), 6, 1.0), y = Fixtures.data(5, 1, 7, 1.0);
        double[] residual = new double[3];
        double lr = 0.002; // small enough that no ReLU changes side at width 16
        for (int t = 0; t < 3; t++, lr /= 2) {
            FiniteNetwork net = FiniteNetwork.sample(p, 16, 21);
            DMatrixRMaj f0 = net.outputs(x);
            DMatrixRMaj theta = net.ntk(x, null);
            DMatrixRMaj e = f0.copy();
            CommonOps_DDRM.subtractEquals(e, y);
            DMatrixRMaj predicted = new DMatrixRMaj(5, 1);
            CommonOps_DDRM.mult(-lr / x.numRows, theta, e, predicted);
            net.step(x, y, lr);
            DMatrixRMaj moved = net.outputs(x);
            CommonOps_DDRM.subtractEquals(moved, f0);
            DMatrixRMaj diff = moved.copy();
            CommonOps_DDRM.subtractEquals(diff, predicted);
            residual[t] = CommonOps_DDRM.elementMaxAbs(diff);
            assertTrue(residual[t] < 0.05 * CommonOps_DDRM.elementMaxAbs(predicted), "first order dominates at lr " + lr);
        }
        for (int t = 0; t < 2; t++) {
            double ratio = residual[t] / residual[t + 1];
            assertTrue(ratio > 3.8 && ratio < 4.2, "second order: residual ratio " + ratio + " for halved lr");
        }
    }

    /**
     * "The Neural Tangent Kernel" (Orrhede), width 10^4, four 1-D points: after gradient descent
     * for time t = lr * steps the network matches the linearized (NTK) dynamics of its own
     * training, f_t(x) = f_0(x) - Theta(x, X) Theta^-1 (I - exp(-Theta t / N)) (f_0(X) - y)
     * (eq. 24-26, written with the network's own f_0 and empirical Theta at initialization).
     */
    @Test
    void wideNetworkFollowsItsNtkDynamics() {
        Program p = Fixtures.program("relu_1hidden");
        DMatrixRMaj xs = new DMatrixRMaj(new double[][] {{0.1}, {0.35}, {0.6}, {0.9}});
        DMatrixRMaj ys = new DMatrixRMaj(new double[][] {{0.5}, {-0.3}, {0.4}, {1.0}});
        DMatrixRMaj test = new DMatrixRMaj(11, 1);
        for (int i = 0; i <= 10; i++) test.set(i, 0, -0.25 + 0.15 * i);
        FiniteNetwork net = FiniteNetwork.sample(p, 10000, 1);
        DMatrixRMaj theta = net.ntk(xs, null), cross = net.ntk(test, xs);
        DMatrixRMaj f0 = net.outputs(xs), g0 = net.outputs(test);
        // lr * lambda_max / N is about 0.2, so gradient descent stays close to gradient flow
        double lr = 0.1;
        int steps = 1000;
        for (int s = 0; s < steps; s++) net.step(xs, ys, lr);
        double t = lr * steps;

        // (I - exp(-Theta t/N)) via the eigendecomposition of the symmetric Theta
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(4, true, true);
        assertTrue(eig.decompose(theta.copy()));
        DMatrixRMaj decay = new DMatrixRMaj(4, 4), thetaInvDecay = new DMatrixRMaj(4, 4);
        for (int a = 0; a < 4; a++) {
            double lam = eig.getEigenvalue(a).real;
            DMatrixRMaj v = eig.getEigenVector(a);
            double d = 1 - Math.exp(-lam * t / 4);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    decay.add(i, j, d * v.get(i) * v.get(j));
                    thetaInvDecay.add(i, j, d / lam * v.get(i) * v.get(j));
                }
            }
        }
        DMatrixRMaj e0 = f0.copy();
        CommonOps_DDRM.subtractEquals(e0, ys);
        DMatrixRMaj w = new DMatrixRMaj(4, 1);
        CommonOps_DDRM.mult(thetaInvDecay, e0, w);
        DMatrixRMaj predicted = g0.copy();
        CommonOps_DDRM.multAdd(-1, cross, w, predicted);
        DMatrixRMaj trained = net.outputs(test);
        // errors relative to how far training moved the function (about 1.6 here); measured: 2.3% at most
        DMatrixRMaj moved = predicted.copy();
        CommonOps_DDRM.subtractEquals(moved, g0);
        double scale = CommonOps_DDRM.elementMaxAbs(moved);
        for (int i = 0; i < test.numRows; i++) {
            double err = Math.abs(trained.get(i) - predicted.get(i)) / scale;
            assertTrue(err < 0.03, "x = " + test.get(i) + ": trained " + trained.get(i) + " vs NTK " + predicted.get(i));
        }
        // the training points themselves (where the linear dynamics are exact in the kernel limit)
        DMatrixRMaj atTrain = net.outputs(xs);
        DMatrixRMaj expect = ys.copy();
        DMatrixRMaj rest = new DMatrixRMaj(4, 1);
        DMatrixRMaj keep = CommonOps_DDRM.identity(4);
        CommonOps_DDRM.subtractEquals(keep, decay);
        CommonOps_DDRM.mult(keep, e0, rest);
        CommonOps_DDRM.addEquals(expect, rest);
        for (int i = 0; i < 4; i++) assertEquals(expect.get(i), atTrain.get(i), 0.03 * scale);
    }
}
