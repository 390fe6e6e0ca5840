package tp.infinite.gauss;

/**
 * Exact moments E[prod_i z_i^{p_i}] of a Gaussian vector z ~ N(mean, cov) (Isserlis/Wick with
 * means), by the Stein recursion
 * E[z_j g(z)] = mean_j E[g(z)] + sum_l cov_jl E[d g / d z_l]
 * applied to monomials, tabulated over all multi-indices below p (prod (p_i + 1) entries). Any
 * polynomial activation's kernels are sums of these. No covariance factorisation is needed, so a
 * singular or indefinite-by-rounding cov is fine.
 */
public final class Isserlis {
    private Isserlis() {
    }

    /** E[prod_i z_i^{powers[i]}]. */
    public static double moment(int[] powers, double[] mean, double[][] cov) {
        int k = powers.length;
        if (mean.length != k || cov.length != k) {
            throw new IllegalArgumentException("powers, mean and covariance dimensions differ");
        }
        int[] stride = new int[k];
        int size = 1;
        for (int i = 0; i < k; i++) {
            if (powers[i] < 0) {
                throw new IllegalArgumentException("negative power");
            }
            stride[i] = size;
            size = Math.multiplyExact(size, powers[i] + 1);
        }
        // table[code] = E[z^q], code = sum q_i stride_i; lowering a digit lowers the code
        double[] table = new double[size];
        int[] q = new int[k];
        table[0] = 1;
        for (int code = 1; code < size; code++) {
            // q = digits of code
            int rest = code;
            for (int i = k - 1; i >= 0; i--) {
                q[i] = rest / stride[i];
                rest -= q[i] * stride[i];
            }
            int j = 0;
            while (q[j] == 0) {
                j++;
            }
            int lower = code - stride[j]; // q - e_j
            double s = mean[j] * table[lower];
            for (int l = 0; l < k; l++) {
                int ql = l == j ? q[l] - 1 : q[l];
                if (ql > 0 && cov[j][l] != 0) {
                    s += cov[j][l] * ql * table[lower - stride[l]];
                }
            }
            table[code] = s;
        }
        return table[size - 1];
    }

    /** E[z_{idx[0]} z_{idx[1]} ... ] for a list of (possibly repeated) coordinate indices. */
    public static double product(int[] idx, double[] mean, double[][] cov) {
        int[] powers = new int[mean.length];
        for (int i : idx) {
            powers[i]++;
        }
        return moment(powers, mean, cov);
    }
}
