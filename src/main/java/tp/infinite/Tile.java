package tp.infinite;

/**
 * A rectangle of elements (pairs of data points) that every op of a pass fills in turn. Element
 * (r, c) lives at {@code slots[k][base + r * cols + c]}. In the cross pass a tile is a block of
 * rows of the N1 x N2 kernel (per-thread buffers, base 0); in a diagonal pass it is a run of
 * points (cols = 1) stored straight into the per-point arrays. With {@code upper} set (a
 * symmetric kernel) only columns c &gt;= global row index are computed.
 */
final class Tile {
    double[][] slots;
    int base;
    int rows;
    int cols;
    /** Global index of row 0 (the data point of the row side). */
    int r0;
    boolean upper;
    /** Cross pass: per-point diagonal slot values of the row set and of the column set. */
    double[][] diagRow;
    double[][] diagCol;
    /** Cross pass: the Gram matrices (row-major N1 x N2, leading dimension gramLd); diagonal pass: per-point vectors. */
    double[][] gram;
    int gramLd;
    boolean cross;

    int first(int r) {
        return upper ? r0 + r : 0;
    }

    /** Resolved read access to a {@link Src}: element (r, c) is {@code arr[off + r * rs + c * cs]}. */
    static final class In {
        final double[] arr;
        final int off;
        final int rs;
        final int cs;

        In(double[] arr, int off, int rs, int cs) {
            this.arr = arr;
            this.off = off;
            this.rs = rs;
            this.cs = cs;
        }

        double at(int r, int c) {
            return arr[off + r * rs + c * cs];
        }
    }

    In in(Src s) {
        switch (s.kind()) {
            case Src.CONST:
                return new In(new double[] {s.value()}, 0, 0, 0);
            case Src.SLOT:
                return new In(slots[s.index()], base, cols, 1);
            case Src.ROW:
                return new In(diagRow[s.index()], r0, 1, 0);
            case Src.COL:
                return new In(diagCol[s.index()], 0, 0, 1);
            default: // GRAM
                return cross ? new In(gram[s.index()], r0 * gramLd, gramLd, 1) : new In(gram[s.index()], base, 1, 0);
        }
    }
}
