package tp.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import tp.UserError;

/** Predictions on one or two train points against formulas worked out by hand. */
class PredictorClosedFormTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static DMatrixRMaj m(int rows, int cols, double... v) {
        return new DMatrixRMaj(rows, cols, true, v);
    }

    @Test
    void oneTrainPointMeanAndNngpVariance() {
        // K = [a], test-train [b1; b2], loss 0.5 (f - y)^2, so f(t) = (b/a)(1 - e^{-lr t a}) y and
        // var = kss - (b^2/a)(1 - e)^2... worked out: kss + (b/a)^2 (1-e)^2 a - 2 (b/a)(1-e) b
        //     = kss - (b^2/a)(1 - e^2).
        double a = 2, b1 = 0.5, b2 = -1, y = 0.7, lr = 0.3, t = 1.7;
        double e = Math.exp(-lr * t * a);
        KernelBlocks k = new KernelBlocks(m(1, 1, a), m(2, 1, b1, b2), m(2, 1, 3, 1.5));
        Prediction p = Predictor.predictNngp(k, m(1, 1, y), t, lr, 0, true);
        assertEquals(b1 / a * (1 - e) * y, p.mean().get(0, 0), 1e-15);
        assertEquals(b2 / a * (1 - e) * y, p.mean().get(1, 0), 1e-15);
        assertEquals(3 - b1 * b1 / a * (1 - e * e), p.variance().get(0, 0), 1e-15);
        assertEquals(1.5 - b2 * b2 / a * (1 - e * e), p.variance().get(1, 0), 1e-15);
    }

    @Test
    void oneTrainPointNtkVariance() {
        // Θ = [th], Θ* = [p], K = [kk], K* = [q]: var = kss + (p/th)^2 (1-e)^2 kk - 2 (p/th)(1-e) q.
        double th = 3, p = 1.2, kk = 0.8, q = 0.4, kss = 0.9, y = -1.3, lr = 0.5, t = 0.6;
        double e = Math.exp(-lr * t * th);
        KernelBlocks ntk = new KernelBlocks(m(1, 1, th), m(1, 1, p));
        KernelBlocks nngp = new KernelBlocks(m(1, 1, kk), m(1, 1, q), m(1, 1, kss));
        Prediction pr = Predictor.predictNtk(ntk, nngp, m(1, 1, y), t, lr, 0, true);
        double r = p / th * (1 - e);
        assertEquals(r * y, pr.mean().get(0, 0), 1e-15);
        assertEquals(kss + r * r * kk - 2 * r * q, pr.variance().get(0, 0), 1e-15);

        Prediction inf = Predictor.predictNtk(ntk, nngp, m(1, 1, y), INF, lr, 0, true);
        double r0 = p / th;
        assertEquals(r0 * y, inf.mean().get(0, 0), 1e-15);
        assertEquals(kss + r0 * r0 * kk - 2 * r0 * q, inf.variance().get(0, 0), 1e-15);
    }

    /** K = [[2,1],[1,2]] = V diag(3,1) V^T, V = [[1,1],[1,-1]]/sqrt2; two outputs, so a = lr t / (2*2). */
    @Test
    void twoTrainPointsTwoOutputsAtFiniteTime() {
        double lr = 0.5, t = 2, c = lr * t / 4;
        double e3 = Math.exp(-3 * c), e1 = Math.exp(-c);
        // I - e^{-cK} = I - 0.5 [[e3+e1, e3-e1], [e3-e1, e3+e1]]
        double d = 1 - 0.5 * (e3 + e1), o = -0.5 * (e3 - e1);
        // K^{-1} = (1/3) [[2,-1],[-1,2]]; M = K^{-1}(I - e^{-cK})
        double m00 = (2 * d - o) / 3, m01 = (2 * o - d) / 3, m10 = (-d + 2 * o) / 3, m11 = (-o + 2 * d) / 3;
        double[][] y = {{1, -2}, {0.5, 3}};
        double[] kst = {1, 0.2};
        double[] w0 = {m00 * y[0][0] + m01 * y[1][0], m10 * y[0][0] + m11 * y[1][0]};
        double[] w1 = {m00 * y[0][1] + m01 * y[1][1], m10 * y[0][1] + m11 * y[1][1]};
        KernelBlocks k = new KernelBlocks(m(2, 2, 2, 1, 1, 2), m(1, 2, kst), m(1, 1, 1.5));
        Prediction p = Predictor.predictNngp(k, m(2, 2, 1, -2, 0.5, 3), t, lr, 0, true);
        assertEquals(kst[0] * w0[0] + kst[1] * w0[1], p.mean().get(0, 0), 1e-14);
        assertEquals(kst[0] * w1[0] + kst[1] * w1[1], p.mean().get(0, 1), 1e-14);
        // var = kss + kst M K M^T kst^T - 2 kst M kst^T, with M symmetric.
        double[] mk = {m00 * kst[0] + m01 * kst[1], m10 * kst[0] + m11 * kst[1]}; // M kst^T
        double quad = mk[0] * (2 * mk[0] + mk[1]) + mk[1] * (mk[0] + 2 * mk[1]);
        double cross = kst[0] * mk[0] + kst[1] * mk[1];
        assertEquals(1.5 + quad - 2 * cross, p.variance().get(0, 0), 1e-14);
    }

    @Test
    void infiniteTimeIsKernelRegressionAndGpPosterior() {
        // K^{-1} = (1/3)[[2,-1],[-1,2]], k* = (1, 0.2): k* K^{-1} = (1.8, -0.6)/3 = (0.6, -0.2).
        KernelBlocks k = new KernelBlocks(m(2, 2, 2, 1, 1, 2), m(1, 2, 1, 0.2), m(1, 1, 1.5));
        DMatrixRMaj y = m(2, 1, 1, 0.5);
        Prediction p = Predictor.predictNngp(k, y, INF, 1, 0, true);
        assertEquals(0.6 * 1 - 0.2 * 0.5, p.mean().get(0, 0), 1e-15);
        assertEquals(1.5 - (0.6 * 1 - 0.2 * 0.2), p.variance().get(0, 0), 1e-15);
        DMatrixRMaj reg = Predictor.kernelRegression(k.trainTrain(), k.testTrain(), y, 0);
        assertEquals(0.5, reg.get(0, 0), 1e-15);
        // Long but finite training converges to it (slowest rate: lr t / N * lambda_min = 1e3 * 1 / 2).
        Prediction late = Predictor.predictNngp(k, y, 1e3, 1, 0, true);
        assertEquals(p.mean().get(0, 0), late.mean().get(0, 0), 1e-13);
        assertEquals(p.variance().get(0, 0), late.variance().get(0, 0), 1e-13);
    }

    @Test
    void timeZeroGivesZeroMeanAndPriorVariance() {
        KernelBlocks k = new KernelBlocks(m(2, 2, 2, 1, 1, 2), m(2, 2, 1, 0.2, 0.3, 0.4), m(2, 2, 1.5, 0.1, 0.1, 2.5));
        KernelBlocks th = new KernelBlocks(m(2, 2, 5, 2, 2, 4), m(2, 2, 2, 1, 1, 1));
        DMatrixRMaj y = m(2, 1, 1, 0.5);
        for (Prediction p : new Prediction[] {
                Predictor.predictNngp(k, y, 0, 1, 0, true), Predictor.predictNtk(th, k, y, 0, 1, 0, true)}) {
            assertEquals(0, p.mean().get(0, 0), 0);
            assertEquals(0, p.mean().get(1, 0), 0);
            assertEquals(1.5, p.variance().get(0, 0), 1e-15);
            assertEquals(2.5, p.variance().get(1, 0), 1e-15);
        }
    }

    @Test
    void singularTrainKernelIsAUserErrorAtInfiniteTime() {
        DMatrixRMaj dup = m(3, 3, 1, .5, 1, .5, 1, .5, 1, .5, 1); // points 1 and 3 coincide
        UserError e = assertThrows(UserError.class,
                () -> Predictor.kernelRegression(dup, m(1, 3, 1, 0, 0), m(3, 1, 1, 2, 3), 0));
        assertNull(e.where());
        assertTrue(e.bareMessage().startsWith("the train kernel is singular (rcond ~ "), e.getMessage());
        assertTrue(e.bareMessage().endsWith(
                "duplicate or linearly dependent train points? add --reg R, e.g. --reg 1e-6"), e.getMessage());
        // nearly singular: Cholesky succeeds with a tiny pivot, the condition estimate refuses it
        DMatrixRMaj near = m(2, 2, 1, 1, 1, 1 + 1e-14);
        assertThrows(UserError.class, () -> Predictor.kernelRegression(near, m(1, 2, 1, 0), m(2, 1, 1, 2), 0));
        // with regularization the same kernels are fine
        Predictor.kernelRegression(near, m(1, 2, 1, 0), m(2, 1, 1, 2), 1e-6);
    }

    @Test
    void regAddsMeanDiagonalTimesR() {
        // K = [[1,1],[1,1]] + 0.5 * 1 * I = [[1.5,1],[1,1.5]], inverse 0.8 [[1.5,-1],[-1,1.5]].
        DMatrixRMaj r = Predictor.kernelRegression(m(2, 2, 1, 1, 1, 1), m(1, 2, 1, 0), m(2, 1, 1, 2), 0.5);
        assertEquals(0.8 * (1.5 * 1 - 1 * 2), r.get(0, 0), 1e-15);
        // the mean diagonal, not the first entry: diag (1, 3) has mean 2, so + 0.5 * 2 = 1
        DMatrixRMaj r2 = Predictor.kernelRegression(m(2, 2, 1, 0, 0, 3), m(1, 2, 1, 1), m(2, 1, 2, 8), 0.5);
        assertEquals(2 / 2.0 + 8 / 4.0, r2.get(0, 0), 1e-15);
    }

    @Test
    void singularKernelIsFineAtFiniteTime() {
        // K = [[1,1],[1,1]]: eigenvalues 2 on (1,1)/sqrt2 and 0 on (1,-1)/sqrt2; a = lr t / N. A test
        // point of a real (positive semi-definite) joint kernel sees both copies alike: K*X = (c, c).
        double lr = 0.7, t = 3, a = lr * t / 2, y1 = 0.4, y2 = -1.1;
        double g2 = (1 - Math.exp(-2 * a)) / 2;
        KernelBlocks k = new KernelBlocks(m(2, 2, 1, 1, 1, 1), m(2, 2, 1, 1, 0.6, 0.6), m(2, 1, 1, 0.5));
        Prediction p = Predictor.predictNngp(k, m(2, 1, y1, y2), t, lr, 0, true);
        // only the eigenvalue-2 direction moves: mean = (K*X v)(v^T Y) g(2) = c (y1 + y2) g2
        assertEquals(g2 * (y1 + y2), p.mean().get(0, 0), 1e-15);
        assertEquals(0.6 * g2 * (y1 + y2), p.mean().get(1, 0), 1e-15);
        // var = kss - sum_j P_j^2 (1 - e^{-2 a λ_j}) / λ_j with P = K*X V: P^2 = 2 c^2 on λ = 2, 0 on λ = 0
        assertEquals(1 - 2 * (1 - Math.exp(-4 * a)) / 2, p.variance().get(0, 0), 1e-15);
        assertEquals(0.5 - 0.72 * (1 - Math.exp(-4 * a)) / 2, p.variance().get(1, 0), 1e-15);
    }

    /**
     * Issue 13 item 6: three copies of one train point, Θ = θ J (J all ones) with θ =
     * 12.36220703125 (an NTK value whose eigendecomposition leaves null eigenvalues of order
     * 1e-15 instead of 0), test row s (1, 1, 1). Gradient flow moves only the (1,1,1) direction:
     * mean(t) = s (y1 + y2 + y3) (1 - e^{-3θa}) / (3θ), bounded in t; it drifted to thousands at
     * t = 1e20 when the noise eigenvalues counted as 1e-15 instead of 0.
     */
    @Test
    void duplicatedTrainPointsStayStableAtAnyTime() {
        double th = 12.36220703125, s = 2.1806290816974565, kap = 3.25, ks = 1.1, kss = 0.9, lr = 1;
        double[] y = {0.1, -0.4, 0.9};
        double ysum = y[0] + y[1] + y[2];
        KernelBlocks ntk = new KernelBlocks(m(3, 3, th, th, th, th, th, th, th, th, th), m(1, 3, s, s, s), m(1, 1, 7));
        KernelBlocks nngp = new KernelBlocks(m(3, 3, kap, kap, kap, kap, kap, kap, kap, kap, kap), m(1, 3, ks, ks, ks),
                m(1, 1, kss));
        for (double t : new double[] {1, 1e12, 1e15, 1e20, 1e300}) {
            double a = lr * t / 3, f = -Math.expm1(-3 * th * a) / (3 * th);
            Prediction p = Predictor.predictNtk(ntk, nngp, m(3, 1, y[0], y[1], y[2]), t, lr, 0, true);
            assertEquals(s * ysum * f, p.mean().get(0, 0), 1e-15, "t = " + t);
            // var = K** + (A K A^T) - 2 A KX* with A = s f (1,1,1): K** + 9 s^2 f^2 kap - 6 s f ks
            double var = kss + 9 * s * s * f * f * kap - 6 * s * f * ks;
            assertEquals(var, p.variance().get(0, 0), 1e-14, "t = " + t);
            Prediction q = Predictor.predictNngp(nngp, m(3, 1, y[0], y[1], y[2]), t, lr, 0, true);
            double g = -Math.expm1(-3 * kap * a) / (3 * kap);
            assertEquals(ks * ysum * g, q.mean().get(0, 0), 1e-15, "t = " + t);
            assertEquals(kss - 3 * ks * ks * g * (1 + Math.exp(-3 * kap * a)), q.variance().get(0, 0), 1e-14, "t = " + t);
        }
    }

    @Test
    void flowFactorIsStableNearZero() {
        assertEquals(2.5, FlowSpectrum.flowFactor(0, 2.5), 0);
        // (1 - e^{-x})/λ with x = 1e-20: the naive 1 - exp gives 0
        assertEquals(1e-10 * (1 - 0.5e-20), FlowSpectrum.flowFactor(1e-10, 1e-10), 1e-25);
        assertEquals(1.0 / 7, FlowSpectrum.flowFactor(7, 1e6), 1e-17);
        assertEquals(0, FlowSpectrum.flowFactor(3, 0), 0);
    }

    @Test
    void badSettingsAndShapesAreUserErrors() {
        KernelBlocks k = new KernelBlocks(m(1, 1, 1), m(1, 1, 1));
        assertThrows(UserError.class, () -> Predictor.predictNngp(k, m(1, 1, 1), -1, 1, 0, false));
        assertThrows(UserError.class, () -> Predictor.predictNngp(k, m(1, 1, 1), 1, 0, 0, false));
        assertThrows(UserError.class, () -> Predictor.predictNngp(k, m(1, 1, 1), 1, 1, -1, false));
        UserError rows = assertThrows(UserError.class, () -> Predictor.predictNngp(k, m(2, 1, 1, 2), 1, 1, 0, false));
        assertTrue(rows.bareMessage().contains("2 rows but there are 1 train points"));
        assertThrows(UserError.class,
                () -> Predictor.predictNngp(new KernelBlocks(m(1, 1, Double.NaN), m(1, 1, 1)), m(1, 1, 1), 1, 1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new KernelBlocks(m(1, 2, 1, 1), m(1, 2, 1, 1)));
    }
}
