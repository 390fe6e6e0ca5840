package tp.lang.sugar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import tp.api.TensorProgram;

/**
 * The NNGP of the new programs (2-D CNNs, RNNs) against the textbook recursions written out
 * here independently: the arc-cosine formula for relu (Cho and Saul 2009) over the positions
 * of a convolution (Novak et al. 2019), and the arcsine formula for erf (Williams 1997) over the
 * time steps of an RNN with shared weights. This checks that each file means the network its
 * header describes (index arithmetic, column order, sigmas, readouts).
 */
class NewProgramsKernelTest {
    private static DMatrixRMaj randomRows(int rows, int cols, long seed) {
        Random r = new Random(seed);
        DMatrixRMaj x = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < x.data.length; i++) x.data[i] = r.nextGaussian();
        return x;
    }

    /** E[relu(u) relu(v)] for (u, v) centred Gaussian with variances v1, v2 and covariance c. */
    private static double relu2(double v1, double v2, double c) {
        double s = Math.sqrt(v1 * v2), cos = Math.max(-1, Math.min(1, c / s)), t = Math.acos(cos);
        return s / (2 * Math.PI) * (Math.sin(t) + (Math.PI - t) * cos);
    }

    /** E[erf(u) erf(v)], same notation. */
    private static double erf2(double v1, double v2, double c) {
        return 2 / Math.PI * Math.asin(2 * c / Math.sqrt((1 + 2 * v1) * (1 + 2 * v2)));
    }

    private static void assertClose(double expected, double actual, double tol, String what) {
        assertTrue(Math.abs(actual - expected) <= tol * Math.abs(expected), what + ": " + actual + " vs " + expected);
    }

    // ---- 2-D CNN: 8x8x1 images, two VALID 3x3 convolutions, relu, W_std 1.5, b_std 0.1 ---------

    /** Pre-activation covariances of the second convolution between every position of a and of b. */
    private static double[][] conv2(DMatrixRMaj x, int a, int b) {
        double w2 = 1.5 * 1.5 / 9, b2 = 0.01;
        double[][] g1ab = new double[36][36], g1aa = new double[36][36], g1bb = new double[36][36];
        for (int p = 0; p < 36; p++) {
            for (int q = 0; q < 36; q++) {
                double ab = 0, aa = 0, bb = 0;
                for (int da = 0; da < 3; da++) {
                    for (int db = 0; db < 3; db++) {
                        int pa = (p / 6 + da) * 8 + p % 6 + db, qa = (q / 6 + da) * 8 + q % 6 + db;
                        ab += x.get(a, pa) * x.get(b, qa);
                        aa += x.get(a, pa) * x.get(a, qa);
                        bb += x.get(b, pa) * x.get(b, qa);
                    }
                }
                g1ab[p][q] = w2 * ab + b2;
                g1aa[p][q] = w2 * aa + b2;
                g1bb[p][q] = w2 * bb + b2;
            }
        }
        double[][] out = new double[16][16];
        for (int p = 0; p < 16; p++) {
            for (int q = 0; q < 16; q++) {
                double s = 0;
                for (int da = 0; da < 3; da++) {
                    for (int db = 0; db < 3; db++) {
                        int pp = (p / 4 + da) * 6 + p % 4 + db, qq = (q / 4 + da) * 6 + q % 4 + db;
                        s += relu2(g1aa[pp][pp], g1bb[qq][qq], g1ab[pp][qq]);
                    }
                }
                out[p][q] = w2 * s + b2;
            }
        }
        return out;
    }

    @Test
    void cnn2dFlattenAndGlobalAveragePooling() {
        DMatrixRMaj x = randomRows(3, 64, 11);
        DMatrixRMaj flat = TensorProgram.load(Path.of("programs/cnn2d_flatten.tp")).nngp(x, null);
        DMatrixRMaj gap = TensorProgram.load(Path.of("programs/cnn2d_gap.tp")).nngp(x, null);
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double[][] ab = conv2(x, a, b), aa = conv2(x, a, a), bb = conv2(x, b, b);
                double f = 0, g = 0;
                for (int p = 0; p < 16; p++) {
                    f += relu2(aa[p][p], bb[p][p], ab[p][p]);
                    for (int q = 0; q < 16; q++) g += relu2(aa[p][p], bb[q][q], ab[p][q]);
                }
                assertClose(1.5 * 1.5 / 16 * f + 0.01, flat.get(a, b), 1e-9, "flatten " + a + "," + b);
                assertClose(1.5 * 1.5 / 256 * g + 0.01, gap.get(a, b), 1e-9, "gap " + a + "," + b);
            }
        }
    }

    // ---- RNN: 8 steps of 2 features, erf, W_std 1.2, U_std 1, b_std 0.1, V_std 1 -------------

    /** Covariance of g_t(a) and g_s(b) for all steps t, s (W shared over time, h[-1] = 0). */
    private static double[][] rnn(DMatrixRMaj x, int a, int b) {
        double w2 = 1.44, u2 = 1.0 / 2, b2 = 0.01;
        double[] va = variances(x, a), vb = variances(x, b);
        double[][] c = new double[8][8];
        for (int t = 0; t < 8; t++) {
            for (int s = 0; s < 8; s++) {
                double in = x.get(a, 2 * t) * x.get(b, 2 * s) + x.get(a, 2 * t + 1) * x.get(b, 2 * s + 1);
                double rec = t > 0 && s > 0 ? w2 * erf2(va[t - 1], vb[s - 1], c[t - 1][s - 1]) : 0;
                c[t][s] = rec + u2 * in + b2;
            }
        }
        return c;
    }

    /** Variance of g_t(a) for every step: the same-time recursion. */
    private static double[] variances(DMatrixRMaj x, int a) {
        double[] v = new double[8];
        for (int t = 0; t < 8; t++) {
            double in = x.get(a, 2 * t) * x.get(a, 2 * t) + x.get(a, 2 * t + 1) * x.get(a, 2 * t + 1);
            v[t] = (t > 0 ? 1.44 * erf2(v[t - 1], v[t - 1], v[t - 1]) : 0) + in / 2 + 0.01;
        }
        return v;
    }

    @Test
    void rnnLastStateAndAveragePooling() {
        DMatrixRMaj x = randomRows(3, 16, 12);
        DMatrixRMaj last = TensorProgram.load(Path.of("programs/rnn_last.tp")).nngp(x, null);
        DMatrixRMaj avg = TensorProgram.load(Path.of("programs/rnn_avg.tp")).nngp(x, null);
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double[][] ab = rnn(x, a, b), aa = rnn(x, a, a), bb = rnn(x, b, b);
                double mean = 0;
                for (int t = 0; t < 8; t++) for (int s = 0; s < 8; s++) mean += erf2(aa[t][t], bb[s][s], ab[t][s]);
                assertClose(erf2(aa[7][7], bb[7][7], ab[7][7]) + 0.01, last.get(a, b), 1e-12, "last " + a + "," + b);
                assertClose(mean / 64 + 0.01, avg.get(a, b), 1e-12, "avg " + a + "," + b);
            }
        }
    }
}
