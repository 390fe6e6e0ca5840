package tp.infinite.gauss;

/**
 * Expectations of products of exp, sin and cos of Gaussians, from the characteristic function
 * E[exp(s . z)] = exp(s . m + s^T S s / 2), valid for complex s. As with {@link ErfKernels}, an
 * affine argument f(a u + c) is absorbed by the caller into the mean and covariance. The
 * derivatives the NTK needs stay in the family (sin' = cos, cos' = -sin, exp' = exp).
 * Two-argument forms take (u, v) with means (m1, m2) and covariance [[q11, q12], [q12, q22]].
 */
public final class ExpTrigKernels {
    private ExpTrigKernels() {
    }

    /**
     * E[exp((alpha + i beta) . z)] for z ~ N(mean, cov), returned as {real, imaginary}: any
     * product of exp, sin, cos of linear forms of z expands into a few of these.
     */
    public static double[] complexExp(double[] alpha, double[] beta, double[] mean, double[][] cov) {
        double[] polar = complexExpPolar(alpha, beta, mean, cov);
        return new double[] {polar[0] * Math.cos(polar[1]), polar[0] * Math.sin(polar[1])};
    }

    /**
     * The same expectation in polar form {modulus, argument}:
     * {@code exp(alpha.m + (alpha^T S alpha - beta^T S beta)/2)} and {@code beta.m + alpha^T S beta}.
     */
    public static double[] complexExpPolar(double[] alpha, double[] beta, double[] mean, double[][] cov) {
        int k = mean.length;
        double am = 0, bm = 0, aa = 0, bb = 0, ab = 0;
        for (int i = 0; i < k; i++) {
            am += alpha[i] * mean[i];
            bm += beta[i] * mean[i];
            for (int j = 0; j < k; j++) {
                aa += alpha[i] * cov[i][j] * alpha[j];
                bb += beta[i] * cov[i][j] * beta[j];
                ab += alpha[i] * cov[i][j] * beta[j];
            }
        }
        return new double[] {Math.exp(am + 0.5 * (aa - bb)), bm + ab};
    }

    /** E[cos u], u ~ N(m, q). */
    public static double cosMean(double m, double q) {
        return Math.cos(m) * Math.exp(-0.5 * q);
    }

    /** E[sin u], u ~ N(m, q). */
    public static double sinMean(double m, double q) {
        return Math.sin(m) * Math.exp(-0.5 * q);
    }

    /** E[exp u], u ~ N(m, q). */
    public static double expMean(double m, double q) {
        return Math.exp(m + 0.5 * q);
    }

    /** E[cos u cos v] = (E cos(u + v) + E cos(u - v)) / 2. */
    public static double cosCos(double m1, double m2, double q11, double q12, double q22) {
        return 0.5 * (cosMean(m1 + m2, sumVar(q11, q12, q22)) + cosMean(m1 - m2, diffVar(q11, q12, q22)));
    }

    /** E[sin u sin v] = (E cos(u - v) - E cos(u + v)) / 2. */
    public static double sinSin(double m1, double m2, double q11, double q12, double q22) {
        return 0.5 * (cosMean(m1 - m2, diffVar(q11, q12, q22)) - cosMean(m1 + m2, sumVar(q11, q12, q22)));
    }

    /** E[sin u cos v] = (E sin(u + v) + E sin(u - v)) / 2. */
    public static double sinCos(double m1, double m2, double q11, double q12, double q22) {
        return 0.5 * (sinMean(m1 + m2, sumVar(q11, q12, q22)) + sinMean(m1 - m2, diffVar(q11, q12, q22)));
    }

    /** E[exp u exp v] = exp(m1 + m2 + (q11 + 2 q12 + q22) / 2). */
    public static double expExp(double m1, double m2, double q11, double q12, double q22) {
        return expMean(m1 + m2, sumVar(q11, q12, q22));
    }

    /** E[exp u cos v] = exp(m1 + (q11 - q22)/2) cos(m2 + q12). */
    public static double expCos(double m1, double m2, double q11, double q12, double q22) {
        return Math.exp(m1 + 0.5 * (q11 - q22)) * Math.cos(m2 + q12);
    }

    /** E[exp u sin v] = exp(m1 + (q11 - q22)/2) sin(m2 + q12). */
    public static double expSin(double m1, double m2, double q11, double q12, double q22) {
        return Math.exp(m1 + 0.5 * (q11 - q22)) * Math.sin(m2 + q12);
    }

    private static double sumVar(double q11, double q12, double q22) {
        return Math.max(q11 + 2 * q12 + q22, 0);
    }

    /** Var(u - v), grouped so that u = v gives exactly 0. */
    private static double diffVar(double q11, double q12, double q22) {
        return Math.max((q11 - q12) + (q22 - q12), 0);
    }
}
