package tp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tp.UserError;

/** Digits CSV reading, subsets, scaling, target encoding and the export tool on tiny files. */
class DatasetsTest {
    @TempDir Path dir;

    /** A digits-like gz CSV: row r has pixel j = (r + j) % 17 and label r % 10. */
    private Path digitsFile(int rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 64; j++) sb.append((r + j) % 17).append(',');
            sb.append(r % 10).append('\n');
        }
        Path p = dir.resolve("digits.csv.gz");
        Files.write(p, IdxTest.gzip(sb.toString().getBytes(StandardCharsets.US_ASCII)));
        return p;
    }

    /** A fake MNIST directory from IdxTest's 3 images of 2 x 2, used as both train and test. */
    private Path mnistDir() throws IOException {
        Path m = Files.createDirectories(dir.resolve("cache/mnist"));
        Files.write(m.resolve("train-images-idx3-ubyte"), IdxTest.IMAGES);
        Files.write(m.resolve("train-labels-idx1-ubyte.gz"), IdxTest.gzip(IdxTest.LABELS));
        Files.write(m.resolve("t10k-images.idx3-ubyte"), IdxTest.IMAGES);
        Files.write(m.resolve("t10k-labels-idx1-ubyte"), IdxTest.LABELS);
        return m;
    }

    @Test
    void digitsReaderParsesPixelsAndLabels() throws IOException {
        Digits.Labeled d = Digits.read(digitsFile(3));
        assertEquals(3, d.pixels().numRows);
        assertEquals(64, d.pixels().numCols);
        assertEquals((2 + 63) % 17, d.pixels().get(2, 63));
        assertArrayEquals(new int[] {0, 1, 2}, d.labels());
    }

    @Test
    void digitsReaderReportsBadRows() throws IOException {
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, "0,".repeat(64) + "3\n" + "0,".repeat(63) + "3\n");
        UserError e = assertThrows(UserError.class, () -> Digits.read(p));
        assertEquals(p + ":2", e.where());
        Files.writeString(p, "0,".repeat(64) + "12\n");
        assertThrows(UserError.class, () -> Digits.read(p));
    }

    @Test
    void digitsSplitTakesTestFromTheLast500Rows() throws IOException {
        Path f = digitsFile(510);
        Datasets.Split s = Datasets.digits(f, 4, 2, Datasets.Scaling.UNIT_INTERVAL, Datasets.Encoding.ONE_HOT);
        assertArrayEquals(new int[] {0, 1, 2, 3}, s.trainLabels());
        assertArrayEquals(new int[] {0, 1}, s.testLabels()); // rows 10 and 11 (0-based)
        assertEquals((11 + 5) % 17 / 16.0, s.testX().get(1, 5), 0);
        assertEquals(1, s.trainY().get(3, 3));
        assertEquals(0, s.trainY().get(3, 4));
        UserError tooMany = assertThrows(UserError.class,
                () -> Datasets.digits(f, 11, 2, Datasets.Scaling.UNIT_INTERVAL, Datasets.Encoding.ONE_HOT));
        assertTrue(tooMany.bareMessage().contains("only 10 available"), tooMany.getMessage());
    }

    @Test
    void mnistFirstItemsScaledAndEncoded() throws IOException {
        Path m = mnistDir();
        Datasets.Split s = Datasets.mnist(m, 2, 3, Datasets.Scaling.UNIT_INTERVAL, Datasets.Encoding.CENTERED);
        assertEquals(2, s.trainX().numRows);
        assertEquals(128 / 255.0, s.trainX().get(0, 2), 0);
        assertArrayEquals(new int[] {7, 2}, s.trainLabels());
        assertEquals(0.9, s.trainY().get(0, 7), 0);
        assertEquals(-0.1, s.trainY().get(0, 0), 0);
        assertEquals(10, s.testY().numCols);
        assertThrows(UserError.class,
                () -> Datasets.mnist(m, 4, 1, Datasets.Scaling.UNIT_INTERVAL, Datasets.Encoding.ONE_HOT));
    }

    @Test
    void standardizationUsesTrainStatistics() throws IOException {
        // train = first image (0, 255, 128, 1)/255: mean 384/1020, population variance by hand
        Datasets.Split s = Datasets.mnist(mnistDir(), 1, 2, Datasets.Scaling.STANDARDIZED, Datasets.Encoding.ONE_HOT);
        double[] x = {0, 1, 128 / 255.0, 1 / 255.0};
        double mean = (x[0] + x[1] + x[2] + x[3]) / 4, var = 0;
        for (double v : x) var += (v - mean) * (v - mean) / 4;
        assertEquals((128 / 255.0 - mean) / Math.sqrt(var), s.trainX().get(0, 2), 1e-15);
        assertEquals((20 / 255.0 - mean) / Math.sqrt(var), s.testX().get(1, 1), 1e-15);
    }

    @Test
    void unitNormPutsEachImageOnTheSphere() throws IOException {
        Datasets.Split s = Datasets.mnist(mnistDir(), 3, 1, Datasets.Scaling.UNIT_NORM, Datasets.Encoding.ONE_HOT);
        // image 3 = (200, 0, 0, 7)/255: norm sqrt(200^2 + 7^2)/255
        assertEquals(200 / Math.sqrt(200 * 200 + 49), s.trainX().get(2, 0), 1e-15);
    }

    @Test
    void accuracyCountsArgmaxHits() {
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{0.1, 0.8, 0.1}, {0.5, 0.2, 0.3}, {0, 0, 1}});
        assertEquals(2 / 3.0, Datasets.accuracy(p, new int[] {1, 0, 0}), 0);
    }

    @Test
    void exportWritesReadableCsv() throws IOException {
        mnistDir();
        Path out = dir.resolve("out");
        DatasetTool.run(new String[] {"export", "--cache", dir.resolve("cache").toString(), "--out", out.toString(),
                "--train", "3", "--test", "2", "--scaling", "unit-interval", "--targets", "one-hot"});
        DMatrixRMaj x = DatasetTool.readCsv(out.resolve("train_x.csv"));
        assertEquals(3, x.numRows);
        assertEquals(4, x.numCols);
        assertEquals(30 / 255.0, x.get(1, 2), 0); // exact round trip
        assertEquals(1, DatasetTool.readCsv(out.resolve("test_y.csv")).get(1, 2));
        assertEquals(List.of("7", "2"), Files.readAllLines(out.resolve("test_labels.csv")));
    }
}
