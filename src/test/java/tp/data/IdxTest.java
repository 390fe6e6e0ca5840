package tp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tp.UserError;

/** IDX files written byte by byte in the test. */
class IdxTest {
    @TempDir Path dir;

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    /** 3 images of 2 x 2: header 00 00 08 03, sizes 3, 2, 2 (big-endian), 12 pixel bytes. */
    static final byte[] IMAGES = bytes(0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2,
            0, 255, 128, 1, /* image 2 */ 10, 20, 30, 40, /* image 3 */ 200, 0, 0, 7);
    /** 3 labels: header 00 00 08 01, size 3, then 7 2 1. */
    static final byte[] LABELS = bytes(0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1);

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] b) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    @Test
    void readsUnsignedByteImagesAndLabels() throws IOException {
        DMatrixRMaj img = Idx.readImages(write("img", IMAGES), 100);
        assertEquals(3, img.numRows);
        assertEquals(4, img.numCols);
        assertArrayEquals(new double[] {0, 255, 128, 1}, java.util.Arrays.copyOf(img.data, 4));
        assertEquals(7, img.get(2, 3));
        assertArrayEquals(new int[] {7, 2, 1}, Idx.readLabels(write("lab", LABELS), 100));
    }

    @Test
    void gzipIsRecognizedByContentNotName() throws IOException {
        DMatrixRMaj img = Idx.readImages(write("img.bin", gzip(IMAGES)), 100);
        assertEquals(40, img.get(1, 3));
        assertArrayEquals(new int[] {7, 2}, Idx.readLabels(write("labels.gz", gzip(LABELS)), 2));
    }

    @Test
    void readsOnlyTheFirstItemsAskedFor() throws IOException {
        Idx.Array a = Idx.read(write("img", IMAGES), 2);
        assertArrayEquals(new int[] {3, 2, 2}, a.dims());
        assertEquals(2, a.count());
        assertEquals(8, a.values().length);
        assertEquals(10, a.values()[4]);
    }

    @Test
    void otherElementTypesAreBigEndian() throws IOException {
        // int32 (0x0C), 2 values: 1 and -2
        Idx.Array ints = Idx.read(write("i", bytes(0, 0, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe)), 9);
        assertArrayEquals(new double[] {1, -2}, ints.values());
        // signed byte (0x09): 0xff is -1; short (0x0B): 0x0102 is 258
        assertArrayEquals(new double[] {-1}, Idx.read(write("b", bytes(0, 0, 9, 1, 0, 0, 0, 1, 0xff)), 9).values());
        assertArrayEquals(new double[] {258}, Idx.read(write("s", bytes(0, 0, 0x0B, 1, 0, 0, 0, 1, 1, 2)), 9).values());
        // float 1.5 = 0x3FC00000, double -0.25 = 0xBFD0000000000000
        assertArrayEquals(new double[] {1.5}, Idx.read(write("f", bytes(0, 0, 0x0D, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0)), 9).values());
        assertArrayEquals(new double[] {-0.25},
                Idx.read(write("d", bytes(0, 0, 0x0E, 1, 0, 0, 0, 1, 0xbf, 0xd0, 0, 0, 0, 0, 0, 0)), 9).values());
    }

    @Test
    void malformedFilesAreUserErrors() throws IOException {
        Path notIdx = write("x.csv", "1,2,3\n".getBytes());
        UserError e = assertThrows(UserError.class, () -> Idx.read(notIdx, 10));
        assertEquals(notIdx.toString(), e.where());
        assertTrue(e.bareMessage().startsWith("not an IDX file"), e.bareMessage());
        byte[] cut = java.util.Arrays.copyOf(IMAGES, IMAGES.length - 3);
        UserError t = assertThrows(UserError.class, () -> Idx.read(write("cut", cut), 10));
        assertTrue(t.bareMessage().contains("truncated") && t.bareMessage().contains("item 3"), t.bareMessage());
        // the first two items are complete, so reading only those is fine
        assertEquals(2, Idx.read(dir.resolve("cut"), 2).count());
        assertThrows(UserError.class, () -> Idx.read(write("t", bytes(0, 0, 7, 1, 0, 0, 0, 1, 1)), 1));
        assertThrows(UserError.class, () -> Idx.readLabels(write("img2", IMAGES), 3));
        assertThrows(UserError.class, () -> Idx.read(dir.resolve("absent"), 3));
    }
}
