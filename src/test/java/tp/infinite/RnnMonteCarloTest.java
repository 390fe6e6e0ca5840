package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A simple RNN whose recurrent matrix W (and input matrix U, bias b) is shared over 3 time
 * steps, read out at steps 2 and 3 by one shared readout V (so the NTK has cross terms between
 * time steps for W, U and b), against a Monte-Carlo simulation written here: a plain-Java
 * forward and exact backward pass of the finite network at width n over several seeds; the
 * empirical NNGP is (1/n) (h2 + h3).(h2' + h3') (the covariance over a fresh readout), the
 * empirical NTK the exact sum over all parameters of products of gradients. Tolerance: 4.5
 * standard errors of the seed mean plus the O(1/n) finite-width bias allowance. Slow (seconds
 * per seed at width 4000); {@link RnnHandDerivationTest} is the precise default-run check.
 */
class RnnMonteCarloTest {
    static final String PROGRAM = String.join("\n",
            "input x1 : 2", "input x2 : 2", "input x3 : 2",
            "MatIn U : n x 2",
            "MatIn W : n x n sigma 0.9",
            "VecIn b : n sigma 0.2",
            "MatMul a1 := U x1", "LinComb g1 := a1 + b", "Nonlin h1 := tanh(g1)",
            "MatMul w1 := W h1", "MatMul a2 := U x2", "LinComb g2 := w1 + a2 + b", "Nonlin h2 := relu(g2)",
            "MatMul w2 := W h2", "MatMul a3 := U x3", "LinComb g3 := w2 + a3 + b", "Nonlin h3 := relu(g3)",
            "MatIn V : 1 x n",
            "MatMul f2 := V h2", "MatMul f3 := V h3", "LinComb f := f2 + f3",
            "Output f", "");
    static final double[][] SEQ = {{0.8, -0.3, 1.1, 0.4, -0.6, 0.9}, {-0.5, 1.2, 0.3, -0.9, 1.0, 0.2}, {0.8, -0.3, -1.1, -0.4, 0.6, 0.7}};

    @Tag("slow")
    @Test
    void matchesMonteCarloAtModerateWidth() {
        compare(1200, 12, 0.01);
    }

    @Tag("slow")
    @Test
    void matchesMonteCarloAtLargeWidth() {
        compare(4000, 24, 0.003);
    }

    private static void compare(int n, int seeds, double biasAllowance) {
        Kernels k = new InfiniteWidth(Fixtures.parse(PROGRAM)).both(new DMatrixRMaj(SEQ), null);
        int p = SEQ.length;
        double[][][] nngp = new double[seeds][p][p], ntk = new double[seeds][p][p];
        for (int s = 0; s < seeds; s++) simulate(n, 1000 + s, nngp[s], ntk[s]);
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                check(k.nngp().get(i, j), nngp, i, j, biasAllowance, "NNGP");
                check(k.ntk().get(i, j), ntk, i, j, biasAllowance, "NTK");
            }
        }
    }

    private static void check(double exact, double[][][] mc, int i, int j, double allowance, String what) {
        int s = mc.length;
        double mean = 0, sq = 0;
        for (double[][] m : mc) mean += m[i][j] / s;
        for (double[][] m : mc) sq += (m[i][j] - mean) * (m[i][j] - mean);
        double se = Math.sqrt(sq / (s - 1) / s);
        double tol = 4.5 * se + allowance * Math.abs(exact);
        assertTrue(Math.abs(mean - exact) <= tol, what + "(" + i + "," + j + "): engine " + exact + ", Monte Carlo "
                + mean + " +- " + se);
    }

    /** One network at width n: empirical NNGP and NTK between all sequences. */
    static void simulate(int n, long seed, double[][] nngp, double[][] ntk) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] u = new double[2 * n], w = new double[n * n], beta = new double[n], v = new double[n];
        for (int i = 0; i < u.length; i++) u[i] = gauss.sample();
        for (int i = 0; i < w.length; i++) w[i] = gauss.sample();
        for (int i = 0; i < n; i++) beta[i] = gauss.sample();
        for (int i = 0; i < n; i++) v[i] = gauss.sample();
        double sw = 0.9 / Math.sqrt(n), su = 1 / Math.sqrt(2), sv = 1 / Math.sqrt(n);
        int p = SEQ.length;
        double[][][] h = new double[p][4][], dg = new double[p][4][];
        for (int q = 0; q < p; q++) {
            double[] x = SEQ[q];
            double[][] g = new double[4][n];
            for (int t = 1; t <= 3; t++) {
                h[q][t] = new double[n];
                for (int i = 0; i < n; i++) {
                    double a = su * (u[2 * i] * x[2 * t - 2] + u[2 * i + 1] * x[2 * t - 1]) + 0.2 * beta[i];
                    if (t > 1) a += sw * dotRow(w, i, h[q][t - 1], n);
                    g[t][i] = a;
                    h[q][t][i] = t == 1 ? Math.tanh(a) : Math.max(a, 0);
                }
            }
            // backward: df/dh3 = sv v; df/dh2 = sv v + W^T dg3; df/dh1 = W^T dg2
            double[][] d = new double[4][n];
            for (int i = 0; i < n; i++) d[3][i] = g[3][i] > 0 ? sv * v[i] : 0;
            double[] back = transposeTimes(w, d[3], n, sw);
            for (int i = 0; i < n; i++) d[2][i] = g[2][i] > 0 ? sv * v[i] + back[i] : 0;
            back = transposeTimes(w, d[2], n, sw);
            for (int i = 0; i < n; i++) d[1][i] = back[i] * (1 - h[q][1][i] * h[q][1][i]);
            dg[q] = d;
        }
        for (int a = 0; a < p; a++) {
            for (int c = 0; c < p; c++) {
                double[] ya = sum(h[a][2], h[a][3]), yc = sum(h[c][2], h[c][3]);
                double vv = dot(ya, yc) / n; // (dV . dV') and the empirical NNGP (readout variance 1)
                nngp[a][c] = vv;
                double ww = 0; // W at steps 2 (input h1) and 3 (input h2)
                for (int t = 2; t <= 3; t++) {
                    for (int s = 2; s <= 3; s++) ww += dot(dg[a][t], dg[c][s]) * dot(h[a][t - 1], h[c][s - 1]);
                }
                ww *= sw * sw;
                double uu = 0, bb = 0;
                for (int t = 1; t <= 3; t++) {
                    for (int s = 1; s <= 3; s++) {
                        double gg = dot(dg[a][t], dg[c][s]);
                        double xx = SEQ[a][2 * t - 2] * SEQ[c][2 * s - 2] + SEQ[a][2 * t - 1] * SEQ[c][2 * s - 1];
                        uu += su * su * gg * xx;
                        bb += 0.04 * gg;
                    }
                }
                ntk[a][c] = vv + ww + uu + bb;
            }
        }
    }

    private static double dotRow(double[] w, int row, double[] x, int n) {
        double s = 0;
        int o = row * n;
        for (int j = 0; j < n; j++) s += w[o + j] * x[j];
        return s;
    }

    private static double[] transposeTimes(double[] w, double[] y, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double yi = scale * y[i];
            if (yi == 0) continue;
            int o = i * n;
            for (int j = 0; j < n; j++) out[j] += w[o + j] * yi;
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) s[i] = a[i] + b[i];
        return s;
    }
}
