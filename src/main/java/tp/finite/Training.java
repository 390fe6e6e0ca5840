package tp.finite;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import tp.UserError;

/**
 * Full-batch gradient descent with a watch on the loss: a run whose loss grows by orders of
 * magnitude is stopped and reported ({@link Diverged}) instead of producing huge or
 * non-finite predictions.
 *
 * <p><b>When is it divergence?</b> The reference scale is {@code R = max(L_0, 0.5 mean(y^2))}:
 * the loss at the start, or the loss of predicting 0, whichever is larger (the targets bound
 * what a sensible run reaches). Gradient descent near the edge of stability may raise the loss
 * for a few steps before it falls (the "catapult" phase, by a factor of tens to hundreds); a
 * loss above {@link #GROWTH} times R, or a non-finite value anywhere after the first step, is
 * divergence.
 *
 * <p><b>The stable learning rate.</b> For the loss {@code 0.5 mean((f - y)^2)} over N points and
 * k outputs, gradient descent on the linearized network is stable iff
 * {@code lr < 2 N k / lambda_max}, lambda_max the largest eigenvalue of the empirical NTK on the
 * train points (of the first output; the other outputs' blocks are alike at large width). When
 * the network still has its sampled parameters and N is at most {@link #CHEAP_POINTS}, the
 * report computes that bound at initialization (one more gradient pass and an N x N
 * eigenvalue).
 */
public final class Training {
    /** The loss may grow to this multiple of its reference scale before the run counts as diverged. */
    public static final double GROWTH = 1e6;
    /** Up to this many train points the divergence report computes the stable learning rate. */
    public static final int CHEAP_POINTS = 4096;

    private Training() {}

    /** Receives the loss before each step (step 0 is the initial loss). */
    public interface Listener {
        void step(int step, double loss);
    }

    /** The run diverged; a {@link UserError} (exit status 2 in the CLI). */
    public static final class Diverged extends UserError {
        private final int step;
        private final double loss;
        private final double stableLearningRate;

        Diverged(int step, double loss, double stableLearningRate, String message) {
            super(null, message);
            this.step = step;
            this.loss = loss;
            this.stableLearningRate = stableLearningRate;
        }

        /** The step whose loss (computed before its update) gave the divergence away. */
        public int step() { return step; }

        /** That loss (may be infinite or NaN). */
        public double loss() { return loss; }

        /** {@code 2 N k / lambda_max} of the empirical NTK at initialization, or NaN when not computed. */
        public double stableLearningRate() { return stableLearningRate; }
    }

    /**
     * Runs {@code steps} steps of gradient descent on {@code net} (changing its parameters) and
     * returns the loss after the last one. Throws {@link Diverged} when the loss explodes; the
     * network's parameters are then meaningless.
     */
    public static double run(FiniteNetwork net, DMatrixRMaj x, DMatrixRMaj y, double lr, int steps, Listener listener) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new UserError(null, "the learning rate must be a positive number, got " + lr);
        if (steps < 0) throw new UserError(null, "the number of steps must not be negative, got " + steps);
        boolean fresh = net.isUntrained();
        double targetScale = 0;
        for (double v : y.data) targetScale += v * v;
        targetScale = 0.5 * targetScale / Math.max(1, y.data.length);
        double initial = Double.NaN, reference = Double.NaN;
        for (int s = 0; s <= steps; s++) {
            double loss;
            try {
                loss = s < steps ? net.step(x, y, lr) : net.loss(x, y);
            } catch (FiniteValues.NonFinite e) {
                if (s == 0) throw e; // the untrained network itself: not a matter of the learning rate
                String at = e.where() == null ? "" : " (" + e.where() + ")";
                throw diverged(net, fresh, x, y, lr, s, Double.NaN, initial, e.bareMessage() + at);
            }
            if (s == 0) {
                initial = loss;
                reference = Math.max(Math.max(loss, targetScale), Double.MIN_NORMAL);
            }
            if (!(loss <= GROWTH * reference)) {
                throw diverged(net, fresh, x, y, lr, s, loss, initial, null);
            }
            if (listener != null) listener.step(s, loss);
        }
        return net.loss(x, y);
    }

    private static Diverged diverged(FiniteNetwork net, boolean fresh, DMatrixRMaj x, DMatrixRMaj y, double lr,
                                     int step, double loss, double initial, String cause) {
        double stable = fresh && x.numRows <= CHEAP_POINTS ? stableLearningRate(net.resampled(), x, y.numCols) : Double.NaN;
        StringBuilder m = new StringBuilder("training diverged at step " + step + ": ");
        if (cause != null) m.append(cause);
        else m.append(String.format("the loss grew from %.4g to %.4g", initial, loss));
        m.append("; try a smaller learning rate (--lr, now ").append(lr).append(')');
        if (!Double.isNaN(stable)) {
            m.append(String.format(": gradient descent is stable below about 2Nk/lambda_max = %.3g"
                    + " (lambda_max the largest eigenvalue of the empirical NTK at initialization on the %d train points)",
                    stable, x.numRows));
        }
        return new Diverged(step, loss, stable, m.toString());
    }

    /**
     * {@code 2 N k / lambda_max}, lambda_max the largest eigenvalue of {@code net}'s empirical NTK
     * on the rows of {@code x} (the edge of stability of gradient descent on the linearized
     * network with this file's loss convention); NaN when the kernel is not finite or zero.
     */
    public static double stableLearningRate(FiniteNetwork net, DMatrixRMaj x, int outputs) {
        DMatrixRMaj theta;
        try {
            theta = net.ntk(x, null);
        } catch (UserError e) {
            return Double.NaN;
        }
        double max = largestEigenvalue(theta);
        return max > 0 && Double.isFinite(max) ? 2.0 * x.numRows * outputs / max : Double.NaN;
    }

    /**
     * The largest eigenvalue of a symmetric positive semi-definite matrix: a full decomposition
     * up to 512 rows, power iteration from the all-ones vector beyond (a kernel's leading
     * eigenvector is close to it; relative accuracy 1e-6 or 1000 products).
     */
    static double largestEigenvalue(DMatrixRMaj a) {
        int n = a.numRows;
        if (n <= 512) {
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
            if (!eig.decompose(a.copy())) return Double.NaN;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) max = Math.max(max, eig.getEigenvalue(i).real);
            return max;
        }
        double[] v = new double[n], w = new double[n];
        java.util.Arrays.fill(v, 1 / Math.sqrt(n));
        double rayleigh = 0;
        for (int it = 0; it < 1000; it++) {
            double dot = 0, norm = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0, o = i * n; j < n; j++) s += a.data[o + j] * v[j];
                w[i] = s;
                dot += s * v[i];
                norm += s * s;
            }
            norm = Math.sqrt(norm);
            if (!(norm > 0)) return dot;
            for (int i = 0; i < n; i++) v[i] = w[i] / norm;
            boolean done = Math.abs(dot - rayleigh) <= 1e-6 * Math.abs(dot);
            rayleigh = dot;
            if (done) break;
        }
        return rayleigh;
    }
}
