package tp.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The predictor against an explicit ensemble of linear models trained by simulated gradient flow.
 *
 * <p>Model, for each of the k outputs c: {@code f_c(x) = φ(x)·w_c + ψ(x)·v_c} with w_c, v_c ~ N(0, I)
 * at initialization; only w is trained. Then the initial outputs are a GP with NNGP
 * {@code K = ΦΦ^T + ΨΨ^T} and the tangent kernel is {@code Θ = ΦΦ^T}; with ψ = 0 only the
 * "readout" is trained and Θ = K. The flow {@code dw_c/dt = -lr/(N k) Φ_X^T (f_c(X) - y_c)} is
 * integrated by RK4 in parameter space (no eigendecomposition, no kernel inverse), which gives the
 * exact mean and variance over initializations; a Monte-Carlo draw of initializations checks
 * them once more, loosely.
 */
class PredictorEnsembleTest {
    private static final int N = 4, M = 3, P = 6, Q = 5, K_OUT = 2;

    private final Random rng = new Random(20240611);
    private final DMatrixRMaj phi = gaussian(N + M, P, 0.6);
    private final DMatrixRMaj psi = gaussian(N + M, Q, 0.5);
    private final DMatrixRMaj y = gaussian(N, K_OUT, 1.0);

    private DMatrixRMaj gaussian(int r, int c, double scale) {
        DMatrixRMaj a = new DMatrixRMaj(r, c);
        for (int i = 0; i < a.getNumElements(); i++) a.data[i] = scale * rng.nextGaussian();
        return a;
    }

    private static DMatrixRMaj gram(DMatrixRMaj f, int r0, int r1, int c0, int c1) {
        DMatrixRMaj a = CommonOps_DDRM.extract(f, r0, r1, 0, f.numCols);
        DMatrixRMaj b = CommonOps_DDRM.extract(f, c0, c1, 0, f.numCols);
        DMatrixRMaj g = new DMatrixRMaj(r1 - r0, c1 - c0);
        CommonOps_DDRM.multTransB(a, b, g);
        return g;
    }

    private static KernelBlocks blocks(DMatrixRMaj... features) {
        DMatrixRMaj tt = new DMatrixRMaj(N, N), st = new DMatrixRMaj(M, N), ss = new DMatrixRMaj(M, M);
        for (DMatrixRMaj f : features) {
            CommonOps_DDRM.addEquals(tt, gram(f, 0, N, 0, N));
            CommonOps_DDRM.addEquals(st, gram(f, N, N + M, 0, N));
            CommonOps_DDRM.addEquals(ss, gram(f, N, N + M, N, N + M));
        }
        return new KernelBlocks(tt, st, ss);
    }

    /**
     * Propagator of output c: state s = (w, v, 1), ds/dt = L s; returns for each test point the
     * row {@code [φ*, ψ*, 0] U(t)}, so that f_c(x*_i) = row_i · s0.
     */
    private DMatrixRMaj testRows(boolean withPsi, int c, double time, double lr) {
        int q = withPsi ? Q : 0, d = P + q + 1;
        double r = lr / (N * K_OUT);
        DMatrixRMaj l = new DMatrixRMaj(d, d);
        for (int a = 0; a < P; a++) {
            for (int i = 0; i < N; i++) {
                double pa = phi.get(i, a);
                for (int b = 0; b < P; b++) l.add(a, b, -r * pa * phi.get(i, b));
                for (int b = 0; b < q; b++) l.add(a, P + b, -r * pa * psi.get(i, b));
                l.add(a, d - 1, r * pa * y.get(i, c));
            }
        }
        // RK4 steps small against the fastest rate, so the simulation is accurate to ~1e-12
        int steps = (int) Math.max(4000, Math.ceil(time * org.ejml.dense.row.NormOps_DDRM.normF(l) / 0.02));
        double h = time / steps;
        // one RK4 step of a linear ODE: I + hL + (hL)^2/2 + (hL)^3/6 + (hL)^4/24
        DMatrixRMaj hl = l.copy();
        CommonOps_DDRM.scale(h, hl);
        DMatrixRMaj step = CommonOps_DDRM.identity(d), term = CommonOps_DDRM.identity(d), tmp = new DMatrixRMaj(d, d);
        for (int p = 1; p <= 4; p++) {
            CommonOps_DDRM.mult(term, hl, tmp);
            CommonOps_DDRM.scale(1.0 / p, tmp, term);
            CommonOps_DDRM.addEquals(step, term);
        }
        DMatrixRMaj rows = new DMatrixRMaj(M, d);
        for (int i = 0; i < M; i++) {
            for (int a = 0; a < P; a++) rows.set(i, a, phi.get(N + i, a));
            for (int b = 0; b < q; b++) rows.set(i, P + b, psi.get(N + i, b));
        }
        for (int s = 0; s < steps; s++) {
            DMatrixRMaj next = new DMatrixRMaj(M, d);
            CommonOps_DDRM.mult(rows, step, next);
            rows = next;
        }
        return rows;
    }

    private void compare(boolean withPsi, double time, double lr) {
        KernelBlocks theta = blocks(phi);
        KernelBlocks nngp = withPsi ? blocks(phi, psi) : theta;
        Prediction p = withPsi
                ? Predictor.predictNtk(theta, nngp, y, time, lr, 0, true)
                : Predictor.predictNngp(nngp, y, time, lr, 0, true);
        for (int c = 0; c < K_OUT; c++) {
            DMatrixRMaj rows = testRows(withPsi, c, time, lr);
            int d = rows.numCols;
            for (int i = 0; i < M; i++) {
                double var = 0;
                for (int a = 0; a < d - 1; a++) var += rows.get(i, a) * rows.get(i, a);
                assertEquals(rows.get(i, d - 1), p.mean().get(i, c), 1e-9, "mean, test " + i + ", output " + c);
                assertEquals(var, p.variance().get(i, 0), 1e-9, "variance, test " + i);
            }
        }
    }

    @Test
    void readoutOnlyFlowMatchesSimulatedEnsemble() {
        compare(false, 3.0, 1.0);
        compare(false, 40.0, 0.5);
    }

    @Test
    void fullFlowWithFrozenPartMatchesSimulatedEnsemble() {
        compare(true, 3.0, 1.0);
        compare(true, 40.0, 0.5);
    }

    /** With N < P, Θ on the train points is invertible: long training reaches the t = ∞ answers. */
    @Test
    void infiniteTimeIsTheLimitOfTheSimulation() {
        for (boolean withPsi : new boolean[] {false, true}) {
            KernelBlocks theta = blocks(phi);
            KernelBlocks nngp = withPsi ? blocks(phi, psi) : theta;
            Prediction inf = withPsi
                    ? Predictor.predictNtk(theta, nngp, y, Double.POSITIVE_INFINITY, 1, 0, true)
                    : Predictor.predictNngp(nngp, y, Double.POSITIVE_INFINITY, 1, 0, true);
            double lambdaMin = minEigenvalue(theta.trainTrain());
            double time = 40 * N * K_OUT / lambdaMin; // e^{-40}: converged to 1e-17
            DMatrixRMaj rows = testRows(withPsi, 0, time, 1);
            int d = rows.numCols;
            for (int i = 0; i < M; i++) {
                double var = 0;
                for (int a = 0; a < d - 1; a++) var += rows.get(i, a) * rows.get(i, a);
                assertEquals(rows.get(i, d - 1), inf.mean().get(i, 0), 1e-7);
                assertEquals(var, inf.variance().get(i, 0), 1e-7);
            }
        }
    }

    /** Sampled initializations, pushed through the simulated flow: mean and variance within 5 sigma. */
    @Test
    void monteCarloEnsembleAgrees() {
        for (boolean withPsi : new boolean[] {false, true}) {
            KernelBlocks theta = blocks(phi);
            KernelBlocks nngp = withPsi ? blocks(phi, psi) : theta;
            double time = 5, lr = 1;
            Prediction p = withPsi
                    ? Predictor.predictNtk(theta, nngp, y, time, lr, 0, true)
                    : Predictor.predictNngp(nngp, y, time, lr, 0, true);
            DMatrixRMaj rows = testRows(withPsi, 1, time, lr);
            int d = rows.numCols, samples = 40000;
            Random draw = new Random(7);
            double[] sum = new double[M], sumSq = new double[M];
            double[] s0 = new double[d];
            for (int s = 0; s < samples; s++) {
                for (int a = 0; a < d - 1; a++) s0[a] = draw.nextGaussian();
                s0[d - 1] = 1;
                for (int i = 0; i < M; i++) {
                    double f = 0;
                    for (int a = 0; a < d; a++) f += rows.get(i, a) * s0[a];
                    sum[i] += f;
                    sumSq[i] += f * f;
                }
            }
            for (int i = 0; i < M; i++) {
                double mean = sum[i] / samples;
                double var = sumSq[i] / samples - mean * mean;
                double sd = Math.sqrt(p.variance().get(i, 0));
                assertEquals(p.mean().get(i, 1), mean, 5 * sd / Math.sqrt(samples));
                assertEquals(p.variance().get(i, 0), var, 5 * sd * sd * Math.sqrt(2.0 / samples));
            }
        }
    }

    private static double minEigenvalue(DMatrixRMaj a) {
        var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(a.numRows, false, true);
        eig.decompose(a.copy());
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < a.numRows; i++) min = Math.min(min, eig.getEigenvalue(i).real);
        return min;
    }
}
