package tp.infinite;

/**
 * A rectangle of elements (pairs of data points) that every op of a pass fills in turn. Element
 * (r, c) lives at {@code slots[k][base + r * cols + c]}. In the cross pass a tile is a block of
 * the N1 x N2 kernel, rows {@code r0..r0+rows-1} by columns {@code c0..c0+cols-1} (per-thread
 * buffers, base 0; several slots may share one buffer when their lifetimes do not overlap); in
 * a diagonal pass it is a run of points ({@code cols = 1}) stored straight into the per-point
 * arrays. With {@code upper} set (a symmetric kernel) only elements with global column &gt;=
 * global row are computed.
 */
final class Tile {
    double[][] slots;
    int base;
    int rows;
    int cols;
    /** Global index of row 0 (a point of the row set) and of column 0 (of the column set). */
    int r0;
    int c0;
    boolean upper;
    /** Cross pass: per-point diagonal slot values of the row set and of the column set. */
    double[][] diagRow;
    double[][] diagCol;
    /** Input rows (row-major, xld columns): of the row and column sets; the diagonal pass's points are xRow. */
    double[] xRow;
    double[] xCol;
    int xld;
    /** The same inputs transposed (column j of the rows at j * nRow), for contiguous reads along a tile. */
    double[] xRowT;
    double[] xColT;
    int nRow;
    int nCol;
    boolean cross;
    /** Cross pass: row dot products of the two input sets (for long input ranges), and a block of scratch. */
    tp.linalg.RowGram rowGram;
    double[] gramBlock = new double[tp.linalg.RowGram.MAX_BLOCK * tp.linalg.RowGram.MAX_BLOCK];
    /** Shared by every tile of one run: data an op derives once per run (e.g. packed coefficients). */
    java.util.concurrent.ConcurrentHashMap<Object, Object> cache = new java.util.concurrent.ConcurrentHashMap<>();

    /** The first column computed in row r. */
    int first(int r) {
        return upper ? Math.max(0, r0 + r - c0) : 0;
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
                return new In(diagCol[s.index()], c0, 0, 1);
            case Src.IN_ROW:
                return new In(xRowT, s.index() * nRow + r0, 1, 0);
            case Src.IN_COL:
                return new In(xColT, s.index() * nCol + c0, 0, 1);
            default:
                throw new IllegalStateException("source kind " + s.kind());
        }
    }
}
