package tp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * GramBlocks: dot products correct (against exact decimal sums), every element independent of
 * how the rows were split into calls at multiples of BLOCK (bit for bit), and a self Gram's
 * diagonal equal to the per-point loop.
 */
class GramBlocksTest {
    private static double[] data(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = 2 * r.nextDouble() - 1;
        return x;
    }

    private static double exactDot(double[] a, int ao, double[] b, int bo, int len) {
        BigDecimal s = BigDecimal.ZERO;
        for (int j = 0; j < len; j++) s = s.add(new BigDecimal(a[ao + j]).multiply(new BigDecimal(b[bo + j])));
        return s.round(MathContext.DECIMAL64).doubleValue();
    }

    @Test
    void elementsAreTheDotProducts() {
        int n1 = 300, n2 = 270, d = 50; // partial blocks on both sides
        double[] x1 = data(n1, d + 3, 1), x2 = data(n2, d + 1, 2);
        double[] g = GramBlocks.gram(x1, n1, d + 3, 2, x2, n2, d + 1, 1, d, false, 2);
        for (int i = 0; i < n1; i += 7) {
            for (int j = 0; j < n2; j += 5) {
                double want = exactDot(x1, i * (d + 3) + 2, x2, j * (d + 1) + 1, d);
                assertEquals(want, g[i * n2 + j], 1e-13 * d);
            }
        }
    }

    @Test
    void everyTilingAtBlockBoundariesGivesTheSameBits() {
        int n = 700, d = 60;
        double[] x = data(n, d, 3);
        double[] full = GramBlocks.gram(x, n, d, 0, x, n, d, 0, d, true, 2);
        int b = GramBlocks.BLOCK;
        for (int r0 = 0; r0 < n; r0 += b) {
            for (int c0 = r0; c0 < n; c0 += 2 * b) {
                int rows = Math.min(b, n - r0), cols = Math.min(2 * b, n - c0);
                double[] xr = java.util.Arrays.copyOfRange(x, r0 * d, (r0 + rows) * d);
                double[] xc = java.util.Arrays.copyOfRange(x, c0 * d, (c0 + cols) * d);
                boolean self = r0 == c0 && rows == cols;
                double[] t = self ? GramBlocks.gram(xr, rows, d, 0, xr, rows, d, 0, d, true, 1)
                        : GramBlocks.gram(xr, rows, d, 0, xc, cols, d, 0, d, false, 1);
                for (int i = 0; i < rows; i++) {
                    for (int j = self ? i : 0; j < cols; j++) {
                        if (r0 + i > c0 + j) continue;
                        if (r0 + i == c0 + j && !self) continue; // a self pair in a cross call: the gemm value, not the loop
                        assertEquals(full[(r0 + i) * n + c0 + j], t[i * cols + j], 0.0, (r0 + i) + "," + (c0 + j));
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) assertEquals(GramBlocks.dot(x, i * d, x, i * d, d), full[i * n + i], 0.0);
    }

    @Test
    void shortRowsUseTheLoopEverywhere() {
        int n = 40, d = 4;
        double[] x = data(n, d, 5);
        double[] g = GramBlocks.gram(x, n, d, 0, x, n, d, 0, d, false, 2);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertEquals(GramBlocks.dot(x, i * d, x, j * d, d), g[i * n + j], 0.0);
    }
}
