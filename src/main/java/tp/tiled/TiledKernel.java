package tp.tiled;

import java.io.IOException;
import java.io.InputStream;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;

/**
 * Read access to a finished tiled kernel: any block (bi, bj) of a kind, the mirror of a stored
 * tile for a symmetric kernel's lower blocks. Every tile read is checked against the CRC-32C in
 * the manifest, so a damaged or swapped file is an error, never wrong numbers.
 */
public final class TiledKernel {
    private final TileStorage st;
    private final Manifest m;

    private TiledKernel(TileStorage st, Manifest m) {
        this.st = st;
        this.m = m;
    }

    /** Opens a complete tiled kernel; a {@link UserError} if there is none or it is unfinished. */
    public static TiledKernel open(TileStorage st) {
        Manifest m = Manifest.read(st);
        if (m == null) throw new UserError(st.where(""), "no tiled kernel here (no " + Manifest.FILE + ")");
        if (!m.complete()) {
            throw new UserError(st.where(""), "the tiled kernel is unfinished (" + m.tiles().size() + " tile files of "
                    + m.layout.tiles().size() * m.kinds.size() + "); rerun the tp kernel command that made it to finish it");
        }
        return new TiledKernel(st, m);
    }

    public Manifest manifest() {
        return m;
    }

    public TileLayout layout() {
        return m.layout;
    }

    public TileStorage storage() {
        return st;
    }

    public boolean has(String kind) {
        return m.kinds.contains(kind);
    }

    /** Block (bi, bj) of {@code kind}, row-major rowsOf(bi) x colsOf(bj) (for a symmetric kernel any bi, bj). */
    public double[] block(String kind, int bi, int bj) {
        TileLayout l = m.layout;
        if (l.symmetric() && bi > bj) {
            double[] t = block(kind, bj, bi);
            return transpose(t, l.rowsOf(bj), l.colsOf(bi));
        }
        return readTile(st, m, TileLayout.name(kind, bi, bj), l.rowsOf(bi), l.colsOf(bj));
    }

    /** The whole kernel of a kind in memory (small kernels, tests). */
    public DMatrixRMaj toMatrix(String kind) {
        TileLayout l = m.layout;
        DMatrixRMaj a = new DMatrixRMaj(l.rows(), l.cols());
        for (int bi = 0; bi < l.rowBlocks(); bi++) {
            for (int bj = 0; bj < l.colBlocks(); bj++) {
                double[] b = block(kind, bi, bj);
                int r = l.rowsOf(bi), c = l.colsOf(bj);
                for (int i = 0; i < r; i++) System.arraycopy(b, i * c, a.data, (bi * l.tile() + i) * l.cols() + bj * l.tile(), c);
            }
        }
        return a;
    }

    /** Reads and verifies one listed tile file. */
    static double[] readTile(TileStorage st, Manifest m, String name, int rows, int cols) {
        String want = m.checksum(name);
        if (want == null) throw new UserError(st.where(name), "not listed in " + Manifest.FILE);
        double[] d = new double[rows * cols];
        long crc;
        try (InputStream in = st.open(name)) {
            crc = TileCodec.read(in, rows, cols, d, st.where(name));
        } catch (IOException e) {
            throw new UserError(st.where(name), "cannot read the tile: " + e.getMessage());
        }
        if (!TileCodec.crcText(crc).equals(want)) {
            throw new UserError(st.where(name), "damaged: checksum " + TileCodec.crcText(crc) + ", the manifest says " + want);
        }
        return d;
    }

    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
        return t;
    }
}
