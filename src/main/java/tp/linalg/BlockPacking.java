package tp.linalg;

import org.ejml.data.DMatrixRBlock;

/**
 * Converts between strided row-major storage and EJML's {@link DMatrixRBlock} layout, folding
 * the transpose, the offset and the leading dimension into the one copy that the block
 * algorithms need anyway.
 *
 * <p>Block layout (as in {@code DMatrixRBlock.get}): blocks of {@code bl x bl} (smaller at the
 * bottom/right edges) in row-major block order; block (i0, j0) of height h and width w starts
 * at {@code i0 * cols + h * j0} and is row-major inside, row length w.
 */
final class BlockPacking {
    private BlockPacking() {}

    /**
     * op(X) as an {@code r x c} block matrix, where X is stored {@code r x c} (trans false) or
     * {@code c x r} (trans true) at {@code x[off + i * ld + j]}.
     */
    static DMatrixRBlock pack(double[] x, int off, int ld, boolean trans, int r, int c, int bl) {
        DMatrixRBlock out = new DMatrixRBlock(r, c, bl);
        double[] d = out.data;
        for (int i0 = 0; i0 < r; i0 += bl) {
            int h = Math.min(bl, r - i0);
            for (int j0 = 0; j0 < c; j0 += bl) {
                int w = Math.min(bl, c - j0);
                int start = i0 * c + h * j0;
                if (!trans) {
                    for (int i = 0; i < h; i++) {
                        System.arraycopy(x, off + (i0 + i) * ld + j0, d, start + i * w, w);
                    }
                } else {
                    // op(X)[i0+i][j0+j] = X[j0+j][i0+i]: read stored rows contiguously
                    for (int j = 0; j < w; j++) {
                        int src = off + (j0 + j) * ld + i0;
                        for (int i = 0; i < h; i++) d[start + i * w + j] = x[src + i];
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code C = alpha P + beta C} for the {@code r x c} block matrix P into strided C (beta 0:
     * C not read). With {@code upperOnly}, only elements with column >= row are touched.
     */
    static void unpack(DMatrixRBlock p, double alpha, double beta, double[] cArr, int off, int ld, boolean upperOnly) {
        int r = p.numRows, c = p.numCols, bl = p.blockLength;
        double[] d = p.data;
        for (int i0 = 0; i0 < r; i0 += bl) {
            int h = Math.min(bl, r - i0);
            for (int j0 = upperOnly ? i0 : 0; j0 < c; j0 += bl) {
                int w = Math.min(bl, c - j0);
                int start = i0 * c + h * j0;
                for (int i = 0; i < h; i++) {
                    int jFirst = upperOnly ? Math.max(0, i0 + i - j0) : 0;
                    int src = start + i * w;
                    int dst = off + (i0 + i) * ld + j0;
                    for (int j = jFirst; j < w; j++) {
                        cArr[dst + j] = beta == 0 ? alpha * d[src + j] : alpha * d[src + j] + beta * cArr[dst + j];
                    }
                }
            }
        }
    }
}
