package tp.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static tp.linalg.NaiveProducts.assertClose;
import static tp.linalg.NaiveProducts.random;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both Blas implementations against naive triple loops: every transpose combination, offsets and
 * padded leading dimensions, alpha/beta away from 0/1, sizes on both sides of EJML's block and
 * multithreading thresholds, aliasing, degenerate sizes and argument checks.
 */
class BlasTest {

    static Stream<Blas> impls() {
        List<Blas> l = new ArrayList<>();
        l.add(Blas.ejml());
        Blas.openBlas().ifPresent(l::add);
        return l.stream();
    }

    /** Sizes {m, n, k}: small, EJML block path (all >= 64), EJML multithreaded row-major path. */
    static final int[][] GEMM_SIZES = {{7, 5, 9}, {1, 1, 1}, {70, 66, 80}, {300, 200, 20}};

    @Test
    void nativeOpenBlasLoadsHere() {
        assumeTrue(Blas.openBlas().isPresent(), "native OpenBLAS does not load on this machine: only EJML tested");
        assertTrue(Blas.openBlas().get().name().startsWith("OpenBLAS 0.3.28"), Blas.openBlas().get().name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void gemmMatchesNaiveForEveryTransposeOffsetAndSize(Blas blas) {
        Random r = new Random(11);
        for (int[] s : GEMM_SIZES) {
            for (int t = 0; t < 4; t++) {
                for (boolean padded : new boolean[] {false, true}) {
                    for (double beta : new double[] {-1.25, 0.0, 1.0}) {
                        checkGemm(blas, r, t >= 2, t % 2 == 1, s[0], s[1], s[2], padded, 0.75, beta);
                    }
                }
            }
        }
    }

    private static void checkGemm(Blas blas, Random r, boolean ta, boolean tb, int m, int n, int k,
                                  boolean padded, double alpha, double beta) {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int aOff = padded ? 3 : 0, bOff = padded ? 5 : 0, cOff = padded ? 2 : 0;
        int lda = aCols + (padded ? 2 : 0), ldb = bCols + (padded ? 1 : 0), ldc = n + (padded ? 3 : 0);
        double[] a = random(r, aOff + aRows * lda + 4);
        double[] b = random(r, bOff + bRows * ldb + 4);
        double[] c = random(r, cOff + m * ldc + 4);
        if (beta == 0) {
            // beta 0 must not read C: poison the product's region
            for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, Double.NaN);
        }
        double[][] want = NaiveProducts.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        blas.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        assertClose(want, c, blas.name() + " gemm ta=" + ta + " tb=" + tb + " " + m + "x" + n + "x" + k
                + " padded=" + padded + " beta=" + beta);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void syrkMatchesNaiveInBothTriangles(Blas blas) {
        Random r = new Random(12);
        int[][] sizes = {{6, 9}, {1, 3}, {70, 80}, {200, 30}};
        for (int[] s : sizes) {
            for (boolean trans : new boolean[] {false, true}) {
                for (boolean padded : new boolean[] {false, true}) {
                    for (double beta : new double[] {-0.5, 0.0}) {
                        checkSyrk(blas, r, trans, s[0], s[1], padded, 1.5, beta);
                    }
                }
            }
        }
    }

    private static void checkSyrk(Blas blas, Random r, boolean trans, int n, int k, boolean padded,
                                  double alpha, double beta) {
        int aRows = trans ? k : n, aCols = trans ? n : k;
        int aOff = padded ? 4 : 0, cOff = padded ? 1 : 0;
        int lda = aCols + (padded ? 3 : 0), ldc = n + (padded ? 2 : 0);
        double[] a = random(r, aOff + aRows * lda + 2);
        double[] c = random(r, cOff + n * ldc + 2);
        // only the upper triangle of C may be read (and with beta 0, nothing)
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j < i || beta == 0) c[cOff + i * ldc + j] = Double.NaN;
            }
        }
        double[][] want = NaiveProducts.syrk(trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
        blas.syrk(trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
        String what = blas.name() + " syrk trans=" + trans + " n=" + n + " k=" + k + " padded=" + padded + " beta=" + beta;
        assertClose(want, c, what);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(c[cOff + j * ldc + i], c[cOff + i * ldc + j], 0.0, what + ": not exactly symmetric");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void outputMayAliasAnInput(Blas blas) {
        Random r = new Random(13);
        for (int n : new int[] {6, 70}) {
            // C written over A itself: C = A B with A, B, C all n x n
            double[] x = random(r, n * n);
            double[] b = random(r, n * n);
            double[][] want = NaiveProducts.gemm(false, false, n, n, n, 1.0, x.clone(), 0, n, b, 0, n, 0.0, x, 0, n);
            blas.gemm(false, false, n, n, n, 1.0, x, 0, n, b, 0, n, 0.0, x, 0, n);
            assertClose(want, x, blas.name() + " gemm C == A, n=" + n);

            // C overlapping the tail of A (A^T A region shifted by one row) in one array
            int k = n + 3, off = n;
            double[] y = random(r, off + n * n + k * n);
            double[] yc = y.clone();
            double[][] wantS = NaiveProducts.syrk(true, n, k, 1.0, yc, off, n, 0.0, y, 0, n);
            blas.syrk(true, n, k, 1.0, y, off, n, 0.0, y, 0, n);
            assertClose(wantS, y, blas.name() + " syrk C overlapping A, n=" + n);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void concurrentCallersGetTheirOwnResults(Blas blas) throws Exception {
        // the native side lends one set of scratch buffers at a time: the others must not share it
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = 100 + t;
                jobs.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    for (int rep = 0; rep < 6; rep++) {
                        checkGemm(blas, r, rep % 2 == 0, rep % 3 == 0, 200, 190 + rep, 210, rep % 2 == 1, 0.75, 0.5);
                    }
                    return null;
                }));
            }
            for (Future<?> j : jobs) j.get();
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void degenerateProductsOnlyScaleC(Blas blas) {
        double[] c = {1, 2, 3, 4, 5, 6};
        double[] nan = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        // alpha = 0: A and B are not read, so their NaNs do not leak into C
        blas.gemm(false, false, 2, 3, 2, 0.0, nan, 0, 2, new double[] {Double.NaN, 0, 0, 0, 0, 0}, 0, 3, 2.0, c, 0, 3);
        assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, c, 0.0);
        // k = 0: C = beta C
        blas.gemm(false, false, 2, 3, 0, 1.0, new double[0], 0, 1, new double[0], 0, 3, -0.5, c, 0, 3);
        assertArrayEquals(new double[] {-1, -2, -3, -4, -5, -6}, c, 0.0);
        // m = 0: nothing happens
        blas.gemm(false, false, 0, 3, 2, 1.0, new double[0], 0, 2, new double[6], 0, 3, 0.0, c, 0, 3);
        assertArrayEquals(new double[] {-1, -2, -3, -4, -5, -6}, c, 0.0);
        // syrk with k = 0, beta 0: zeros, no NaN read from C
        double[] s = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        blas.syrk(false, 2, 0, 1.0, new double[0], 0, 1, 0.0, s, 0, 2);
        assertArrayEquals(new double[] {0, 0, 0, 0}, s, 0.0);
        // syrk alpha = 0, beta 3: upper read, lower mirrored
        double[] u = {1, 2, Double.NaN, 4};
        blas.syrk(true, 2, 2, 0.0, nan, 0, 2, 3.0, u, 0, 2);
        assertArrayEquals(new double[] {3, 6, 6, 12}, u, 0.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void badArgumentsAreRejectedBeforeAnyWork(Blas blas) {
        double[] a = new double[12], b = new double[12], c = new double[12];
        // lda smaller than the row length
        assertThrows(IllegalArgumentException.class,
                () -> blas.gemm(false, false, 3, 3, 4, 1, a, 0, 3, b, 0, 3, 0, c, 0, 3));
        // B (4x3 at offset 1) runs past the end of its array
        assertThrows(IllegalArgumentException.class,
                () -> blas.gemm(false, false, 3, 3, 4, 1, a, 0, 4, b, 1, 3, 0, c, 0, 3));
        // transposed A is stored 4x3: lda 4 would read past the end
        assertThrows(IllegalArgumentException.class,
                () -> blas.gemm(true, false, 3, 3, 4, 1, a, 0, 4, b, 0, 3, 0, c, 0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> blas.gemm(false, false, -1, 3, 4, 1, a, 0, 4, b, 0, 3, 0, c, 0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> blas.gemm(false, false, 3, 3, 4, 1, a, -1, 4, b, 0, 3, 0, c, 0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> blas.syrk(false, 4, 3, 1, a, 0, 3, 0, c, 0, 4));      // C 4x4 needs 16
        assertThrows(IllegalArgumentException.class,
                () -> blas.syrk(true, 3, 4, 1, a, 0, 2, 0, c, 0, 3));       // lda < n
        assertArrayEquals(new double[12], c, 0.0);
    }
}
