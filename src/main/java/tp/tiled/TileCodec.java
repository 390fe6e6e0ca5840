package tp.tiled;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.ejml.data.DMatrixRMaj;
import tp.io.Npy;

/**
 * One tile on disk: a NumPy {@code .npy} file (version 1.0, little-endian float64, C order, shape
 * (rows, cols)), so {@code numpy.load} reads any tile directly. Its CRC-32C (over the whole
 * file) is what the manifest records and what reading verifies.
 */
public final class TileCodec {
    private TileCodec() {}

    /** Writes the tile and returns its CRC-32C. */
    public static long write(OutputStream out, double[] data, int rows, int cols) throws IOException {
        CrcOut c = new CrcOut(out);
        Npy.write(c, DMatrixRMaj.wrap(rows, cols, data));
        c.flush();
        return c.crc.getValue();
    }

    /** The bytes of a tile as they would be written (for checksums of tiles computed elsewhere). */
    public static long checksum(double[] data, int rows, int cols) {
        try {
            return write(OutputStream.nullOutputStream(), data, rows, cols);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static String crcText(long crc) {
        return String.format("crc32c:%08x", crc);
    }

    /**
     * Reads a tile of the expected shape into {@code into} (length rows * cols) and returns the
     * CRC-32C of the bytes read; throws {@link IOException} naming {@code where} if the file is
     * not such a tile (wrong header, wrong shape, truncated).
     */
    public static long read(InputStream in, int rows, int cols, double[] into, String where) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] head = readFully(in, 10, where);
        crc.update(head);
        if (head[0] != (byte) 0x93 || head[1] != 'N' || head[6] != 1) throw new IOException(where + ": not a version 1 .npy tile");
        int hl = (head[8] & 0xff) | (head[9] & 0xff) << 8;
        byte[] hb = readFully(in, hl, where);
        crc.update(hb);
        String h = new String(hb, StandardCharsets.ISO_8859_1);
        String shape = "'shape': (" + rows + ", " + cols + ")";
        if (!h.contains("'descr': '<f8'") || !h.contains("'fortran_order': False") || !h.contains(shape)) {
            throw new IOException(where + ": expected a little-endian float64 tile of " + shape + ", header is " + h.trim());
        }
        long n = (long) rows * cols;
        byte[] buf = new byte[1 << 20];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        long done = 0;
        while (done < n) {
            int want = (int) Math.min(buf.length / 8, n - done) * 8;
            int got = 0;
            while (got < want) {
                int r = in.read(buf, got, want - got);
                if (r < 0) throw new IOException(where + ": truncated (" + (done + got / 8) + " of " + n + " values)");
                got += r;
            }
            crc.update(buf, 0, want);
            bb.clear();
            bb.asDoubleBuffer().get(into, (int) done, want / 8);
            done += want / 8;
        }
        if (in.read() >= 0) throw new IOException(where + ": longer than a tile of " + shape);
        return crc.getValue();
    }

    private static byte[] readFully(InputStream in, int n, String where) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new IOException(where + ": truncated header");
        return b;
    }

    private static final class CrcOut extends OutputStream {
        final OutputStream out;
        final CRC32C crc = new CRC32C();

        CrcOut(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            crc.update(b);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            crc.update(b, off, len);
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
