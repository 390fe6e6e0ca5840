package tp.tiled;

import java.util.ArrayList;
import java.util.List;
import tp.linalg.GramBlocks;

/**
 * How an N1 x N2 kernel is cut into square tiles of {@code tile} rows and columns (the last row
 * and column of tiles smaller). A symmetric kernel (x2 = x1) stores only the tiles on and above
 * the diagonal (block row &lt;= block column); tile (j, i) is the transpose of tile (i, j).
 * Tile sizes are multiples of {@link GramBlocks#BLOCK}, so that every element is computed
 * exactly as in one in-memory call (see GramBlocks).
 */
public record TileLayout(int rows, int cols, int tile, boolean symmetric) implements java.io.Serializable {
    public TileLayout {
        if (tile <= 0 || tile % GramBlocks.BLOCK != 0) {
            throw new IllegalArgumentException("tile size must be a positive multiple of " + GramBlocks.BLOCK + ", got " + tile);
        }
        if (symmetric && rows != cols) throw new IllegalArgumentException("a symmetric kernel is square");
    }

    public int rowBlocks() {
        return (rows + tile - 1) / tile;
    }

    public int colBlocks() {
        return (cols + tile - 1) / tile;
    }

    public int rowsOf(int bi) {
        return Math.min(tile, rows - bi * tile);
    }

    public int colsOf(int bj) {
        return Math.min(tile, cols - bj * tile);
    }

    /** The stored tiles in row-major order of blocks: {bi, bj}. */
    public List<int[]> tiles() {
        List<int[]> t = new ArrayList<>();
        for (int i = 0; i < rowBlocks(); i++) {
            for (int j = symmetric ? i : 0; j < colBlocks(); j++) t.add(new int[] {i, j});
        }
        return t;
    }

    /** Whether (bi, bj) is a stored tile. */
    public boolean contains(int bi, int bj) {
        return bi >= 0 && bj >= 0 && bi < rowBlocks() && bj < colBlocks() && (!symmetric || bj >= bi);
    }

    /** Kernel elements the engine computes for a tile (a diagonal tile of a symmetric kernel: its upper triangle). */
    public double work(int bi, int bj) {
        double r = rowsOf(bi), c = colsOf(bj);
        return symmetric && bi == bj ? r * (r + 1) / 2 : r * c;
    }

    /** File name of a tile of one kind, e.g. {@code ntk/tile-00002-00007.npy}. */
    public static String name(String kind, int bi, int bj) {
        return String.format("%s/tile-%05d-%05d.npy", kind, bi, bj);
    }
}
