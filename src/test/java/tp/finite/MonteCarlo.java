package tp.finite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import tp.lang.Program;

/**
 * The empirical NNGP and NTK of a program averaged over seeds 0..S-1 at one width, with the
 * standard error of each entry, and the test that a reference kernel lies within the
 * Monte-Carlo error: {@code ||mean - ref||_F <= 4 sqrt(sum_ij se_ij^2) + bias ||ref||_F}, where
 * {@code bias} allows for the O(1/n) difference between a width-n network's expected kernel and
 * the limit.
 */
final class MonteCarlo {
    final DMatrixRMaj[] mean = new DMatrixRMaj[2], se = new DMatrixRMaj[2];
    final int width, seeds;

    MonteCarlo(Program p, DMatrixRMaj x1, DMatrixRMaj x2, int width, int seeds) {
        this.width = width;
        this.seeds = seeds;
        DMatrixRMaj[] sum = new DMatrixRMaj[2], sq = new DMatrixRMaj[2];
        for (int s = 0; s < seeds; s++) {
            DMatrixRMaj[] k = FiniteNetwork.sample(p, width, 1000 + s).nngpAndNtk(x1, x2);
            for (int kind = 0; kind < 2; kind++) {
                if (sum[kind] == null) {
                    sum[kind] = new DMatrixRMaj(k[kind].numRows, k[kind].numCols);
                    sq[kind] = new DMatrixRMaj(k[kind].numRows, k[kind].numCols);
                }
                for (int i = 0; i < k[kind].data.length; i++) {
                    double v = k[kind].data[i];
                    sum[kind].data[i] += v;
                    sq[kind].data[i] += v * v;
                }
            }
        }
        for (int kind = 0; kind < 2; kind++) {
            mean[kind] = sum[kind].copy();
            se[kind] = sum[kind].copy();
            for (int i = 0; i < mean[kind].data.length; i++) {
                double m = sum[kind].data[i] / seeds;
                double var = Math.max(0, (sq[kind].data[i] - seeds * m * m) / (seeds - 1));
                mean[kind].data[i] = m;
                se[kind].data[i] = Math.sqrt(var / seeds);
            }
        }
    }

    /** Asserts that {@code ref} is within the Monte-Carlo error of the mean NNGP (kind 0) or NTK (kind 1). */
    void assertAgrees(int kind, DMatrixRMaj ref, double bias, String what) {
        DMatrixRMaj m = mean[kind], s = se[kind];
        double d2 = 0, e2 = 0, r2 = 0;
        for (int i = 0; i < m.data.length; i++) {
            double d = m.data[i] - ref.data[i];
            d2 += d * d;
            e2 += s.data[i] * s.data[i];
            r2 += ref.data[i] * ref.data[i];
        }
        double dist = Math.sqrt(d2), allowed = 3 * Math.sqrt(e2) + bias * Math.sqrt(r2);
        String msg = String.format("%s (%s, width %d, %d seeds): ||mean - ref||_F = %.3g, allowed %.3g (3 x MC error %.3g"
                + " + %.2g x ||ref||_F %.3g)", what, kind == 0 ? "NNGP" : "NTK", width, seeds, dist, allowed, 3 * Math.sqrt(e2),
                bias, Math.sqrt(r2));
        assertTrue(dist <= allowed, msg);
        // and the test can tell: the Monte-Carlo error is small next to the kernel
        assertTrue(Math.sqrt(e2) < 0.1 * Math.sqrt(r2), "Monte-Carlo error too large to test anything: " + msg);
    }
}
