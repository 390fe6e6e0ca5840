package tp.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.ejml.data.DMatrixRMaj;

import tp.UserError;

/**
 * Reader for IDX files, the format MNIST is distributed in (LeCun's "idx3-ubyte"/"idx1-ubyte"),
 * plain or gzip-compressed (recognized by its magic bytes, not by the file name).
 *
 * <p>Layout, big-endian: two zero bytes, a type byte (0x08 unsigned byte, 0x09 signed byte,
 * 0x0B short, 0x0C int, 0x0D float, 0x0E double), the number of dimensions d, then d 4-byte
 * sizes, then the values in row-major order. The first dimension counts the items (images,
 * labels); a reader may stop after the first {@code maxItems} of them, so that taking 500
 * images out of 60000 reads only those.
 */
public final class Idx {
    private Idx() {}

    /**
     * An IDX array: its full declared dimensions and the values of the items read.
     *
     * @param dims   the dimensions declared in the header (dims[0] is the total item count)
     * @param count  the number of items actually read (at most dims[0])
     * @param values count x itemSize values, row-major
     */
    public record Array(int[] dims, int count, double[] values) {
        /** Values per item: the product of all dimensions but the first. */
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) s *= dims[i];
            return s;
        }
    }

    /** Reads the first {@code maxItems} items (all of them when the file has fewer). */
    public static Array read(Path file, int maxItems) {
        try (InputStream in = open(file)) {
            return read(in, file.toString(), maxItems);
        } catch (NoSuchFileException e) {
            throw new UserError(file.toString(), "no such file");
        } catch (IOException e) {
            throw new UserError(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** Images as an items x pixels matrix of raw values (0..255 for MNIST). */
    public static DMatrixRMaj readImages(Path file, int maxItems) {
        Array a = read(file, maxItems);
        if (a.dims().length < 2) {
            throw new UserError(file.toString(), "expected images (at least 2 dimensions), found "
                    + a.dims().length + " dimension(s)");
        }
        return DMatrixRMaj.wrap(a.count(), a.itemSize(), a.values());
    }

    /** Labels: a one-dimensional IDX array of whole numbers. */
    public static int[] readLabels(Path file, int maxItems) {
        Array a = read(file, maxItems);
        if (a.dims().length != 1) {
            throw new UserError(file.toString(), "expected labels (1 dimension), found "
                    + a.dims().length + " dimensions");
        }
        int[] labels = new int[a.count()];
        for (int i = 0; i < labels.length; i++) {
            double v = a.values()[i];
            if (v != Math.rint(v)) throw new UserError(file.toString(), "label " + i + " is not a whole number: " + v);
            labels[i] = (int) v;
        }
        return labels;
    }

    /** The stream of a file, gunzipped when it starts with the gzip magic bytes 1f 8b. */
    static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    static Array read(InputStream raw, String name, int maxItems) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        int[] header = new int[4];
        try {
            for (int i = 0; i < 4; i++) header[i] = in.readUnsignedByte();
        } catch (EOFException e) {
            throw new UserError(name, "not an IDX file: shorter than its 4-byte header");
        }
        if (header[0] != 0 || header[1] != 0) {
            throw new UserError(name, String.format("not an IDX file: it starts with %02x %02x, not 00 00",
                    header[0], header[1]));
        }
        int type = header[2], nd = header[3];
        int width = switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> throw new UserError(name, String.format("not an IDX file: unknown type byte 0x%02x", type));
        };
        if (nd < 1) throw new UserError(name, "IDX file with 0 dimensions");
        int[] dims = new int[nd];
        long itemSize = 1;
        try {
            for (int i = 0; i < nd; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) throw new UserError(name, "negative dimension " + dims[i] + " in the header");
                if (i > 0) itemSize *= dims[i];
            }
        } catch (EOFException e) {
            throw new UserError(name, "truncated IDX header: " + nd + " dimensions declared");
        }
        int count = Math.min(dims[0], Math.max(0, maxItems));
        long total = count * itemSize;
        if (total > Integer.MAX_VALUE - 8) throw new UserError(name, "too many values to read at once: " + total);
        double[] values = new double[(int) total];
        byte[] buf = new byte[(int) Math.min(total * width, 1 << 16)];
        long done = 0;
        while (done < total) {
            int chunk = (int) Math.min(buf.length / width, total - done);
            int got = readAtMost(in, buf, chunk * width);
            if (got < chunk * width) {
                long valuesRead = done + got / width;
                throw new UserError(name, "truncated IDX data: the header declares " + dims[0] + " items of "
                        + itemSize + " values, the file ends within item " + (valuesRead / Math.max(1, itemSize) + 1));
            }
            decode(type, buf, chunk, values, (int) done);
            done += chunk;
        }
        return new Array(dims, count, values);
    }

    /** Fills buf[0..len) as far as the stream goes; returns the number of bytes read. */
    private static int readAtMost(InputStream in, byte[] buf, int len) throws IOException {
        int got = 0;
        while (got < len) {
            int r = in.read(buf, got, len - got);
            if (r < 0) break;
            got += r;
        }
        return got;
    }

    private static void decode(int type, byte[] b, int n, double[] out, int at) {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b); // big-endian by default
        for (int i = 0; i < n; i++) {
            out[at + i] = switch (type) {
                case 0x08 -> b[i] & 0xff;
                case 0x09 -> b[i];
                case 0x0B -> bb.getShort(2 * i);
                case 0x0C -> bb.getInt(4 * i);
                case 0x0D -> bb.getFloat(4 * i);
                default -> bb.getDouble(8 * i);
            };
        }
    }
}
