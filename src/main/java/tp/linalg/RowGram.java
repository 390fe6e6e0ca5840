package tp.linalg;

/**
 * Dot products of the rows of two matrices, computed in square blocks of 64, 128 or 256 rows
 * with the same arithmetic for every entry wherever it sits in a block and whatever the block's
 * size, so that an N1 x N2 Gram matrix cut into blocks in any way, or in separate calls, has the
 * same bits: what a kernel computed tile by tile, resumed, or on several machines relies on
 * (OpenBLAS's gemm sums each entry over k in the same order for these shapes; RowGramTest checks
 * it on the machine at hand). Rows past the end of a matrix count as zeros. Thread-safe; close it
 * to free its copies of the matrices.
 */
public interface RowGram extends AutoCloseable {
    /** The largest block side (and the zero rows each copy is padded with). */
    int MAX_BLOCK = 256;

    /**
     * The block side for a tile of the given sides: the smallest of 64, 128 and 256 that covers it.
     * Larger products run faster (on this machine 23, 30 and 34 GFLOP/s per core); a block larger
     * than the tile would compute entries nobody reads.
     */
    static int blockFor(int rows, int cols) {
        int m = Math.max(rows, cols);
        return m > 128 ? 256 : m > 64 ? 128 : 64;
    }

    /**
     * {@code c[cOff + i * ldc + j] = sum_t A[ra + i][ca + t] * B[rb + j][cb + t]} for
     * {@code i, j < size} and {@code t < k}; size is 64, 128 or 256.
     */
    void block(int ra, int ca, int rb, int cb, int k, int size, double[] c, int cOff, int ldc);

    @Override
    void close();

    /** Zero-padded copy of a row-major {@code rows x cols} matrix with {@link #MAX_BLOCK} spare rows. */
    static double[] padded(double[] x, int rows, int cols) {
        double[] p = new double[(rows + MAX_BLOCK) * cols];
        System.arraycopy(x, 0, p, 0, rows * cols);
        return p;
    }

    /** The plain-Java version: one sequential sum per entry. */
    final class Plain implements RowGram {
        private final double[] a;
        private final double[] b;
        private final int cols;

        Plain(double[] a, int aRows, double[] b, int bRows, int cols) {
            this.a = padded(a, aRows, cols);
            this.b = a == b && aRows == bRows ? this.a : padded(b, bRows, cols);
            this.cols = cols;
        }

        @Override
        public void block(int ra, int ca, int rb, int cb, int k, int size, double[] c, int cOff, int ldc) {
            for (int i = 0; i < size; i++) {
                int ao = (ra + i) * cols + ca;
                for (int j = 0; j < size; j++) {
                    int bo = (rb + j) * cols + cb;
                    double s = 0;
                    for (int t = 0; t < k; t++) s += a[ao + t] * b[bo + t];
                    c[cOff + i * ldc + j] = s;
                }
            }
        }

        @Override
        public void close() {}
    }
}
