package tp.finite;

import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;

/**
 * Products of a big parameter matrix with a thin batch matrix (few data points), the common case
 * of {@code tp check} and of tiny data sets. They are bound by reading the big matrix once, so
 * the loops below stream it row by row (no copy to native memory, which costs as much as the
 * product itself here) and split its rows between the cores.
 */
final class ThinProducts {
    private ThinProducts() {}

    /** Batch sizes up to this use these loops. */
    static final int MAX_COLS = 8;

    /** Rows per parallel task: big enough that a task costs more than its scheduling. */
    private static final int ROWS_PER_TASK = 64;

    /** c = beta c + alpha w h (w r x k, h k x N, c r x N), beta 0 or 1. */
    static void mult(double alpha, DMatrixRMaj w, DMatrixRMaj h, double beta, DMatrixRMaj c) {
        int r = w.numRows, k = w.numCols, nb = h.numCols;
        double[] ht = transpose(h);
        double[] wd = w.data, cd = c.data;
        forRows(r, (lo, hi) -> {
            double[] s = new double[nb];
            for (int i = lo; i < hi; i++) {
                int wo = i * k;
                int j = 0;
                // four columns at a time: four independent sums per read of the row of w
                for (; j + 3 < nb; j += 4) {
                    int h0 = j * k, h1 = h0 + k, h2 = h1 + k, h3 = h2 + k;
                    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                    for (int q = 0; q < k; q++) {
                        double a = wd[wo + q];
                        s0 += a * ht[h0 + q];
                        s1 += a * ht[h1 + q];
                        s2 += a * ht[h2 + q];
                        s3 += a * ht[h3 + q];
                    }
                    s[j] = s0; s[j + 1] = s1; s[j + 2] = s2; s[j + 3] = s3;
                }
                for (; j < nb; j++) {
                    int h0 = j * k;
                    double s0 = 0, s1 = 0;
                    int q = 0;
                    for (; q + 1 < k; q += 2) {
                        s0 += wd[wo + q] * ht[h0 + q];
                        s1 += wd[wo + q + 1] * ht[h0 + q + 1];
                    }
                    if (q < k) s0 += wd[wo + q] * ht[h0 + q];
                    s[j] = s0 + s1;
                }
                for (j = 0; j < nb; j++) cd[i * nb + j] = beta == 0 ? alpha * s[j] : cd[i * nb + j] + alpha * s[j];
            }
        });
    }

    /** c = beta c + alpha w^T g (w r x k, g r x N, c k x N), beta 0 or 1. */
    static void multTransA(double alpha, DMatrixRMaj w, DMatrixRMaj g, double beta, DMatrixRMaj c) {
        int r = w.numRows, k = w.numCols, nb = g.numCols;
        double[] wd = w.data, gd = g.data;
        // accumulate c^T (N x k) over column blocks of w, so each task owns its slice of c
        double[] ct = new double[nb * k];
        int blocks = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors() * 4, k / 256));
        int width = (k + blocks - 1) / blocks;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int lo = b * width, hi = Math.min(k, lo + width);
            for (int i = 0; i < r; i++) {
                int wo = i * k;
                for (int j = 0; j < nb; j++) {
                    double a = gd[i * nb + j];
                    if (a == 0) continue;
                    int co = j * k;
                    for (int q = lo; q < hi; q++) ct[co + q] += a * wd[wo + q];
                }
            }
        });
        double[] cd = c.data;
        for (int q = 0; q < k; q++) {
            for (int j = 0; j < nb; j++) {
                double v = alpha * ct[j * k + q];
                cd[q * nb + j] = beta == 0 ? v : cd[q * nb + j] + v;
            }
        }
    }

    private static double[] transpose(DMatrixRMaj h) {
        int k = h.numRows, nb = h.numCols;
        double[] t = new double[k * nb];
        for (int q = 0; q < k; q++) for (int j = 0; j < nb; j++) t[j * k + q] = h.data[q * nb + j];
        return t;
    }

    private interface Range {
        void run(int lo, int hi);
    }

    private static void forRows(int rows, Range body) {
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        if (tasks <= 1) {
            body.run(0, rows);
            return;
        }
        IntStream.range(0, tasks).parallel().forEach(t -> body.run(t * ROWS_PER_TASK, Math.min(rows, (t + 1) * ROWS_PER_TASK)));
    }
}
