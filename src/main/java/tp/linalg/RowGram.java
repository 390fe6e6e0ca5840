package tp.linalg;

/**
 * Dot products of the rows of two matrices, computed in fixed {@link #BLOCK} x {@link #BLOCK}
 * blocks with the same arithmetic for every entry wherever it sits in a block, so that an
 * N1 x N2 Gram matrix cut into blocks in any way, or in separate calls, has the same bits:
 * what a kernel computed tile by tile, resumed, or on several machines relies on. Rows past the
 * end of a matrix count as zeros. Thread-safe; close it to free its copies of the matrices.
 */
public interface RowGram extends AutoCloseable {
    int BLOCK = 64;

    /**
     * {@code c[cOff + i * ldc + j] = sum_t A[ra + i][ca + t] * B[rb + j][cb + t]} for
     * {@code i, j < BLOCK} and {@code t < k}.
     */
    void block(int ra, int ca, int rb, int cb, int k, double[] c, int cOff, int ldc);

    @Override
    void close();

    /** Zero-padded copy of a row-major {@code rows x cols} matrix with {@link #BLOCK} spare rows. */
    static double[] padded(double[] x, int rows, int cols) {
        double[] p = new double[(rows + BLOCK) * cols];
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
        public void block(int ra, int ca, int rb, int cb, int k, double[] c, int cOff, int ldc) {
            for (int i = 0; i < BLOCK; i++) {
                int ao = (ra + i) * cols + ca;
                for (int j = 0; j < BLOCK; j++) {
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
