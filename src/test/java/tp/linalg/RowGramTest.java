package tp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The property tiled and distributed kernels rely on ({@link RowGram}): an entry of the row Gram
 * matrix has the same bits whichever block (64, 128 or 256 rows), and wherever in it, computes
 * it; and the entries are the dot products (plain sequential sums, to rounding).
 */
class RowGramTest {
    private static final int ROWS = 300;

    private static double[] random(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextDouble(-1, 1);
        return x;
    }

    /** The full ROWS x ROWS Gram of columns ca.. and cb.. (length k) from blocks of one size placed at offset 'shift'. */
    private static double[] gram(RowGram g, int ca, int cb, int k, int size, int shift) {
        double[] out = new double[ROWS * ROWS], blk = new double[size * size];
        for (int i0 = -shift; i0 < ROWS; i0 += size) {
            for (int j0 = -shift; j0 < ROWS; j0 += size) {
                int ri = Math.max(0, i0), rj = Math.max(0, j0);
                g.block(ri, ca, rj, cb, k, size, blk, 0, size);
                for (int i = 0; i < size && ri + i < ROWS && ri + i < i0 + size; i++) {
                    for (int j = 0; j < size && rj + j < ROWS && rj + j < j0 + size; j++) out[(ri + i) * ROWS + rj + j] = blk[i * size + j];
                }
            }
        }
        return out;
    }

    @Test
    void openBlasEntriesDoNotDependOnTheBlockOrWhereItSits() {
        Optional<Blas> blas = Blas.openBlas();
        assumeTrue(blas.isPresent(), "OpenBLAS is not loadable here");
        for (int cols : new int[] {32, 100, 784}) {
            double[] x = random(ROWS, cols, cols);
            try (RowGram g = blas.get().rowGram(x, ROWS, x, ROWS, cols)) {
                int k = cols - (cols > 32 ? 3 : 0), cb = cols - k;
                double[] reference = gram(g, 0, cb, k, 64, 0);
                for (int size : new int[] {64, 128, 256}) {
                    for (int shift : new int[] {0, 17}) {
                        double[] other = gram(g, 0, cb, k, size, shift);
                        for (int e = 0; e < reference.length; e++) {
                            assertEquals(reference[e], other[e], 0, "cols " + cols + ", block " + size + ", shift " + shift + ", entry " + e);
                        }
                    }
                }
                // and they are the dot products
                for (int i = 0; i < ROWS; i += 7) {
                    for (int j = 0; j < ROWS; j += 5) {
                        double s = 0, abs = 0;
                        for (int t = 0; t < k; t++) {
                            s += x[i * cols + t] * x[j * cols + cb + t];
                            abs += Math.abs(x[i * cols + t] * x[j * cols + cb + t]);
                        }
                        assertEquals(s, reference[i * ROWS + j], 4 * k * Math.ulp(abs));
                    }
                }
            }
        }
    }
}
