package tp.infinite;

import tp.linalg.RowGram;

/**
 * Dot products of two input column ranges: per point in the diagonal pass, per pair of the
 * tile in the cross pass (one matrix product per tile for long ranges, so no N x N Gram
 * matrix is ever held). A point's dot product with itself is always the plain sequential sum
 * ({@link #dot}), in both passes, so a kernel's diagonal sees the same number as the per-point
 * variances and an entry does not depend on the tiling.
 */
final class GramOp extends Op {
    /** Ranges up to this length are products of input entries inlined into sums instead. */
    static final int INLINE = 4;
    /** Ranges from this length go through BLAS (in {@link RowGram} blocks). */
    static final int BLAS_MIN = 32;

    final int offA;
    final int offB;
    final int size;

    GramOp(int out, int offA, int offB, int size, String what) {
        super(new int[] {out}, new Src[0], what);
        this.offA = offA;
        this.offB = offB;
        this.size = size;
    }

    @Override
    double nanosPerElement() {
        return size >= BLAS_MIN ? 0.04 * size : 0.6 * size;
    }

    boolean usesBlas() {
        return size >= BLAS_MIN;
    }

    static double dot(double[] a, int ao, double[] b, int bo, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) s += a[ao + j] * b[bo + j];
        return s;
    }

    @Override
    void run(Tile t, Workspace ws) {
        double[] out = t.slots[outs[0]];
        int ld = t.xld;
        if (!t.cross) {
            for (int r = 0; r < t.rows; r++) {
                int i = (t.r0 + r) * ld;
                out[t.base + r] = dot(t.xRow, i + offA, t.xRow, i + offB, size);
            }
            return;
        }
        if (size >= BLAS_MIN) {
            // blocks of one product each: an entry's bits depend neither on the tiling nor on the block size
            double[] blk = t.gramBlock;
            int b = RowGram.blockFor(t.rows, t.cols);
            for (int i = 0; i < t.rows; i += b) {
                for (int j = 0; j < t.cols; j += b) {
                    if (t.upper && t.c0 + j + b <= t.r0 + i) continue; // below the diagonal
                    t.rowGram.block(t.r0 + i, offA, t.c0 + j, offB, size, b, blk, 0, b);
                    int ni = Math.min(b, t.rows - i), nj = Math.min(b, t.cols - j);
                    for (int r = 0; r < ni; r++) System.arraycopy(blk, r * b, out, t.base + (i + r) * t.cols + j, nj);
                }
            }
        } else {
            for (int r = 0; r < t.rows; r++) {
                int o = t.base + r * t.cols, ro = (t.r0 + r) * ld + offA;
                for (int c = t.first(r); c < t.cols; c++) out[o + c] = dot(t.xRow, ro, t.xCol, (t.c0 + c) * ld + offB, size);
            }
        }
        if (t.upper) { // a point with itself: the canonical sum
            for (int r = 0; r < t.rows; r++) {
                int c = t.r0 + r - t.c0;
                if (c < 0 || c >= t.cols) continue;
                int i = (t.r0 + r) * ld;
                out[t.base + r * t.cols + c] = dot(t.xRow, i + offA, t.xRow, i + offB, size);
            }
        }
    }
}
