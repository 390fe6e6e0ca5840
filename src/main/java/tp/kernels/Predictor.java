package tp.kernels;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import tp.UserError;

/**
 * Predictions of infinitely wide networks trained by gradient flow on the loss
 * {@code 0.5 * mean((f - y)^2)} (mean over all N x k target entries), averaged over random
 * initializations (Lee et al. 2019, "Wide neural networks of any depth evolve as linear models").
 *
 * <p>With Θ the kernel that drives training (the NTK, or the NNGP K when only the readout is
 * trained), K the NNGP (the covariance of the initial outputs), {@code *} the test points and
 * {@code a = lr * time / (N k)}:
 * <pre>
 *   mean(t)  = Θ*X Θ^{-1} (I - e^{-aΘ}) Y
 *   var(t)   = K** + Θ*X Θ^{-1}(I - e^{-aΘ}) K (I - e^{-aΘ}) Θ^{-1} ΘX* - 2 Θ*X Θ^{-1}(I - e^{-aΘ}) KX*
 * </pre>
 * (variance: the diagonal only). At {@code time = +infinity} the mean is kernel regression
 * {@code Θ*X Θ^{-1} Y} by Cholesky, and for the NNGP the variance is the GP posterior
 * {@code K** - K*X K^{-1} KX*}; a numerically singular Θ is then a {@link UserError} suggesting
 * {@code --reg}. At finite time the symmetric eigendecomposition of Θ is used and a singular Θ is
 * fine. At time 0 the mean is 0 and the variance the prior {@code K**}.
 *
 * <p>The rate is {@code lr/(N k)} as for neural-tangents' {@code gradient_descent_mse_ensemble}
 * (its {@code y_train.size}); a caller whose loss averages over the N points only should pass
 * {@code lr * k}.
 *
 * <p>{@code reg} adds {@code reg * mean(diag Θ)} to the diagonal of Θ before anything (Cholesky
 * and eigendecomposition alike). As in neural-tangents, for {@link #predictNtk} the NNGP train
 * block K in the variance stays unregularized (it is the covariance of the initial outputs, reg
 * only changes the dynamics); for {@link #predictNngp} K is Θ itself, so the infinite-time
 * variance is the GP posterior with noise {@code reg * mean(diag K)}.
 */
public final class Predictor {
    private Predictor() {}

    /**
     * Kernel regression {@code testTrain * (trainTrain + reg mean(diag) I)^{-1} * y} (M x k), by
     * Cholesky. Throws {@link UserError} when the (regularized) train kernel is singular.
     */
    public static DMatrixRMaj kernelRegression(DMatrixRMaj trainTrain, DMatrixRMaj testTrain, DMatrixRMaj y,
                                               double reg) {
        return predictNngp(new KernelBlocks(trainTrain, testTrain), y, Double.POSITIVE_INFINITY, 1, reg, false)
                .mean();
    }

    /**
     * {@code --kind nngp}: only the readout is trained, so the NNGP K both drives the flow and is
     * the initial covariance. {@code k.testTest()} is needed when {@code variance}.
     *
     * @param time {@code Double.POSITIVE_INFINITY} for kernel regression / the GP posterior
     */
    public static Prediction predictNngp(KernelBlocks k, DMatrixRMaj y, double time, double lr, double reg,
                                         boolean variance) {
        return predict(k, null, y, time, lr, reg, variance);
    }

    /**
     * {@code --kind ntk}: every parameter is trained. {@code nngp} (with its {@code testTest}) is
     * needed only when {@code variance}, and may be null otherwise; {@code ntk.testTest()} is
     * never read.
     */
    public static Prediction predictNtk(KernelBlocks ntk, KernelBlocks nngp, DMatrixRMaj y, double time,
                                        double lr, double reg, boolean variance) {
        if (variance && nngp == null) {
            throw new IllegalArgumentException("the NTK variance needs the NNGP blocks too");
        }
        if (nngp != null && (nngp.trainCount() != ntk.trainCount() || nngp.testCount() != ntk.testCount())) {
            throw new IllegalArgumentException("NNGP and NTK blocks are for different point sets");
        }
        return predict(ntk, variance ? nngp : null, y, time, lr, reg, variance);
    }

    /** {@code a + reg * mean(diag a) * I}, symmetrized (a copy; a is unchanged). */
    public static DMatrixRMaj regularized(DMatrixRMaj a, double reg) {
        int n = a.numRows;
        DMatrixRMaj r = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) r.set(i, j, 0.5 * (a.get(i, j) + a.get(j, i)));
        }
        if (reg != 0) {
            double shift = reg * CommonOps_DDRM.trace(a) / n;
            for (int i = 0; i < n; i++) r.add(i, i, shift);
        }
        return r;
    }

    /** @param init the NNGP blocks when they differ from {@code dyn} (NTK kind), else null */
    private static Prediction predict(KernelBlocks dyn, KernelBlocks init, DMatrixRMaj y, double time, double lr,
                                      double reg, boolean variance) {
        checkSettings(time, lr, reg);
        int n = dyn.trainCount();
        if (n == 0) throw new IllegalArgumentException("no train points");
        if (y.numRows != n) {
            throw new UserError(null, "the targets have " + y.numRows + " rows but there are " + n + " train points");
        }
        if (y.numCols < 1) throw new UserError(null, "the targets have no columns");
        checkFinite(y, "the targets");
        checkFinite(dyn.trainTrain(), "the train kernel");
        checkFinite(dyn.testTrain(), "the test-train kernel");
        KernelBlocks cov = init == null ? dyn : init;
        double[] kss = null;
        if (variance) {
            kss = cov.testTestDiagonal();
            if (init != null) {
                checkFinite(init.trainTrain(), "the train NNGP kernel");
                checkFinite(init.testTrain(), "the test-train NNGP kernel");
            }
        }
        DMatrixRMaj theta = regularized(dyn.trainTrain(), reg);
        double a = lr * time / ((double) n * y.numCols);
        if (a == Double.POSITIVE_INFINITY) { // time = inf, or so large that lr * time overflows
            return atInfinity(theta, dyn.testTrain(), init, y, kss);
        }
        return atTime(theta, dyn.testTrain(), init, y, kss, a);
    }

    private static Prediction atInfinity(DMatrixRMaj theta, DMatrixRMaj thetaStar, KernelBlocks init,
                                         DMatrixRMaj y, double[] kss) {
        SpdFactor f = SpdFactor.of(theta);
        DMatrixRMaj mean = new DMatrixRMaj(thetaStar.numRows, y.numCols);
        CommonOps_DDRM.mult(thetaStar, f.solve(y), mean);
        if (kss == null) return new Prediction(mean, null);
        int m = thetaStar.numRows, n = theta.numRows;
        DMatrixRMaj thetaStarT = CommonOps_DDRM.transpose(thetaStar, null);
        DMatrixRMaj var = new DMatrixRMaj(m, 1);
        if (init == null) {
            // GP posterior: K** - |L^{-1} k_i|^2, no subtraction of two large terms.
            DMatrixRMaj w = f.forward(thetaStarT);
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += w.get(j, i) * w.get(j, i);
                var.set(i, 0, kss[i] - s);
            }
        } else {
            DMatrixRMaj at = f.solve(thetaStarT); // (Θ*X Θ^{-1})^T, N x M
            DMatrixRMaj kat = new DMatrixRMaj(n, m);
            CommonOps_DDRM.mult(init.trainTrain(), at, kat);
            varianceWithInit(kss, CommonOps_DDRM.transpose(at, null), CommonOps_DDRM.transpose(kat, null),
                    init.testTrain(), var);
        }
        return new Prediction(mean, var);
    }

    private static Prediction atTime(DMatrixRMaj theta, DMatrixRMaj thetaStar, KernelBlocks init, DMatrixRMaj y,
                                     double[] kss, double a) {
        FlowSpectrum s = FlowSpectrum.of(theta, a);
        int m = thetaStar.numRows, n = s.n, k = y.numCols;
        DMatrixRMaj p = new DMatrixRMaj(m, n); // Θ*X V
        CommonOps_DDRM.mult(thetaStar, s.vectors, p);
        DMatrixRMaj z = new DMatrixRMaj(n, k); // diag(g) V^T Y
        CommonOps_DDRM.multTransA(s.vectors, y, z);
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < k; c++) z.set(j, c, z.get(j, c) * s.g[j]);
        }
        DMatrixRMaj mean = new DMatrixRMaj(m, k);
        CommonOps_DDRM.mult(p, z, mean);
        if (kss == null) return new Prediction(mean, null);
        DMatrixRMaj var = new DMatrixRMaj(m, 1);
        if (init == null) {
            // With K = Θ: g^2 λ - 2 g = -g (1 + e^{-aλ}), a sum of non-positive terms.
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    double pij = p.get(i, j);
                    sum += pij * pij * s.g[j] * (1 + s.decay[j]);
                }
                var.set(i, 0, kss[i] - sum);
            }
        } else {
            DMatrixRMaj q = p.copy(); // Θ*X V diag(g)
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) q.set(i, j, q.get(i, j) * s.g[j]);
            }
            DMatrixRMaj flow = new DMatrixRMaj(m, n); // A = Θ*X Θ^{-1}(I - e^{-aΘ}) = Q V^T
            CommonOps_DDRM.multTransB(q, s.vectors, flow);
            DMatrixRMaj ak = new DMatrixRMaj(m, n);
            CommonOps_DDRM.mult(flow, init.trainTrain(), ak);
            varianceWithInit(kss, flow, ak, init.testTrain(), var);
        }
        return new Prediction(mean, var);
    }

    /**
     * The variance when the initial covariance K is not the training kernel (NTK kind), at any
     * time: {@code var_i = K**_i + (A K A^T)_ii - 2 (A KX*)_ii}, given the flow operator A (M x N,
     * train targets to test means) and {@code A K} (M x N).
     */
    private static void varianceWithInit(double[] kss, DMatrixRMaj flow, DMatrixRMaj flowK, DMatrixRMaj kStar,
                                         DMatrixRMaj var) {
        int m = flow.numRows, n = flow.numCols;
        for (int i = 0; i < m; i++) {
            double quad = 0, cross = 0;
            for (int j = 0; j < n; j++) {
                quad += flowK.get(i, j) * flow.get(i, j);
                cross += flow.get(i, j) * kStar.get(i, j);
            }
            var.set(i, 0, kss[i] + quad - 2 * cross);
        }
    }

    private static void checkSettings(double time, double lr, double reg) {
        if (!(time >= 0)) throw new UserError(null, "--time must be >= 0 (or inf), got " + time);
        if (!(lr > 0) || !Double.isFinite(lr)) throw new UserError(null, "--lr must be a positive number, got " + lr);
        if (!(reg >= 0) || !Double.isFinite(reg)) throw new UserError(null, "--reg must be >= 0, got " + reg);
    }

    private static void checkFinite(DMatrixRMaj a, String what) {
        for (int i = 0; i < a.getNumElements(); i++) {
            if (!Double.isFinite(a.data[i])) {
                throw new UserError(null, what + " has a non-finite entry (" + a.data[i] + ") at row "
                        + (i / a.numCols + 1) + ", column " + (i % a.numCols + 1));
            }
        }
    }
}
