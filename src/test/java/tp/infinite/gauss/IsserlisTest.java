package tp.infinite.gauss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Isserlis} against the textbook formulas, implemented naively here. */
class IsserlisTest {
    static double doubleFactorial(int n) {
        double r = 1;
        for (int i = n; i > 1; i -= 2) {
            r *= i;
        }
        return r;
    }

    /** E[Z^n], Z ~ N(0, 1). */
    static double standardMoment(int n) {
        return n % 2 == 1 ? 0 : doubleFactorial(n - 1);
    }

    @Test
    void oneDimensionalBinomialExpansion() {
        double m = -0.7, s = 1.3;
        for (int n = 0; n <= 12; n++) {
            double ref = 0;
            for (int k = 0; k <= n; k++) {
                ref += binomial(n, k) * Math.pow(m, n - k) * Math.pow(s, k) * standardMoment(k);
            }
            double got = Isserlis.moment(new int[] {n}, new double[] {m}, new double[][] {{s * s}});
            assertEquals(ref, got, 1e-13 * Math.abs(ref) + 1e-15, "n=" + n);
        }
    }

    static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }

    /** Sum over perfect matchings of prod cov (zero mean), by brute recursion. */
    static double matchings(List<Integer> idx, double[][] cov) {
        if (idx.isEmpty()) {
            return 1;
        }
        if (idx.size() % 2 == 1) {
            return 0;
        }
        int first = idx.get(0);
        double s = 0;
        for (int j = 1; j < idx.size(); j++) {
            List<Integer> rest = new ArrayList<>(idx);
            int partner = rest.remove(j);
            rest.remove(0);
            s += cov[first][partner] * matchings(rest, cov);
        }
        return s;
    }

    /** E[prod (m_i + y_i)] = sum over subsets S of prod_{i not in S} m_i * E[prod_{i in S} y_i]. */
    static double withMeans(int[] idx, double[] mean, double[][] cov) {
        int n = idx.length;
        double s = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            List<Integer> in = new ArrayList<>();
            double p = 1;
            for (int i = 0; i < n; i++) {
                if ((mask >> i & 1) == 1) {
                    in.add(idx[i]);
                } else {
                    p *= mean[idx[i]];
                }
            }
            s += p * matchings(in, cov);
        }
        return s;
    }

    static final double[][] COV3 = {{1.2, 0.4, -0.3}, {0.4, 0.9, 0.25}, {-0.3, 0.25, 2.0}};
    static final double[] MEAN3 = {0.5, -1.1, 0.3};

    @Test
    void multivariateAgainstMatchingsAndSubsets() {
        int[][] products = {{0, 1}, {0, 0, 1, 2}, {0, 1, 1, 2, 2, 2}, {2, 2, 2, 2, 2, 2, 2, 2}, {0, 0, 0, 1, 1, 2, 2},
            {0, 1, 2, 0, 1, 2, 0, 1}, {1}, {}};
        for (int[] p : products) {
            double zeroMean = matchings(toList(p), COV3);
            assertEquals(zeroMean, Isserlis.product(p, new double[3], COV3), 1e-12 * Math.abs(zeroMean) + 1e-14);
            double ref = withMeans(p, MEAN3, COV3);
            assertEquals(ref, Isserlis.product(p, MEAN3, COV3), 1e-12 * Math.abs(ref) + 1e-14,
                    java.util.Arrays.toString(p));
        }
    }

    @Test
    void singularCovarianceIsFine() {
        // u = v: E[u^2 v^2] = E[u^4] = 3 q^2
        double[][] cov = {{2, 2}, {2, 2}};
        assertEquals(12.0, Isserlis.moment(new int[] {2, 2}, new double[2], cov), 1e-14);
        assertEquals(0.0, Isserlis.moment(new int[] {3, 2}, new double[2], cov));
    }

    static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int x : a) {
            l.add(x);
        }
        return l;
    }
}
