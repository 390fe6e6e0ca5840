package tp.tiled;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tp.api.TensorProgram;
import tp.infinite.Kernels;

/**
 * Computes one tile of a kernel through the public engine call, the same way everywhere (the
 * CLI, the Spark executors, tests): a diagonal tile of a symmetric kernel is the self kernel of
 * its block of points ({@code kernels(X_I, null)}), any other tile the cross kernel
 * {@code kernels(X_I, X_J)}. With tile offsets on {@link tp.linalg.GramBlocks#BLOCK}
 * boundaries every element is bit-for-bit the element of one in-memory call on all the data.
 * (Not final: tests count which tiles are computed.)
 */
public class TileEngine {
    private final TensorProgram program;
    private final DMatrixRMaj x1;
    private final DMatrixRMaj x2;
    private final TileLayout layout;
    private final boolean nngp;
    private final boolean ntk;
    private final List<String> kinds;

    /** @param x2 null for the symmetric kernel of x1 */
    public TileEngine(TensorProgram program, DMatrixRMaj x1, DMatrixRMaj x2, TileLayout layout, List<String> kinds) {
        this.program = program;
        this.x1 = x1;
        this.x2 = x2;
        this.layout = layout;
        this.kinds = List.copyOf(kinds);
        this.nngp = kinds.contains("nngp");
        this.ntk = kinds.contains("ntk");
        if (kinds.size() != (nngp ? 1 : 0) + (ntk ? 1 : 0) || kinds.isEmpty()) {
            throw new IllegalArgumentException("kinds must be nngp and/or ntk, got " + kinds);
        }
    }

    public TileLayout layout() {
        return layout;
    }

    public List<String> kinds() {
        return kinds;
    }

    /** The tile (bi, bj) of each kind, in {@link #kinds()} order, row-major rowsOf(bi) x colsOf(bj). */
    public double[][] compute(int bi, int bj) {
        int t = layout.tile();
        DMatrixRMaj a = rows(x1, bi * t, layout.rowsOf(bi));
        DMatrixRMaj b = layout.symmetric() && bi == bj ? null
                : rows(layout.symmetric() ? x1 : x2, bj * t, layout.colsOf(bj));
        double[][] out = new double[kinds.size()][];
        if (nngp && ntk) {
            Kernels k = program.kernels(a, b);
            for (int i = 0; i < out.length; i++) out[i] = (kinds.get(i).equals("nngp") ? k.nngp() : k.ntk()).data;
        } else {
            out[0] = (nngp ? program.nngp(a, b) : program.ntk(a, b)).data;
        }
        return out;
    }

    /**
     * Bytes a tile computation holds at its peak: the engine's Gram matrices and results plus
     * the finished tile waiting to be written, about {@code 8 t^2 (grams + 2 kinds + 1)}.
     */
    public static long bytesPerTile(int tile, int grams, int kinds) {
        return 8L * tile * tile * (grams + 2L * kinds + 1);
    }

    static DMatrixRMaj rows(DMatrixRMaj x, int from, int count) {
        DMatrixRMaj r = new DMatrixRMaj(count, x.numCols);
        System.arraycopy(x.data, from * x.numCols, r.data, 0, count * x.numCols);
        return r;
    }
}
