package tp.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;

import tp.UserError;

/**
 * Train/test subsets of handwritten-digit data, ready for {@code tp predict}/{@code tp train}.
 *
 * <p>Sources (as {@code examples/data/fetch-mnist.sh} leaves them in its cache directory):
 * <ul>
 *   <li>MNIST: the four IDX files in {@code DIR/mnist/} (names as LeCun's, optionally
 *       {@code .gz}); train = the first n of the 60000 train images, test = the first m of
 *       the 10000 test images; 28 x 28 = 784 pixels, raw 0..255.</li>
 *   <li>scikit-learn digits, {@code DIR/digits.csv.gz}: 1797 images of 8 x 8 = 64 pixels,
 *       raw 0..16, with no official split: test = the last {@link #DIGITS_TEST} rows,
 *       train = the rows before (first n of those, first m of the test rows).</li>
 * </ul>
 *
 * <p>Inputs: pixels are first divided by their largest possible value (255 or 16), giving [0,1];
 * then {@link Scaling} applies. Targets: one column per class 0..9 with {@link Encoding#on}
 * in the label's column and {@link Encoding#off} elsewhere.
 */
public final class Datasets {
    public static final int CLASSES = 10;
    /** Rows of the scikit-learn digits kept for testing (the last ones). */
    public static final int DIGITS_TEST = 500;

    private Datasets() {}

    /** What is done to the [0,1] pixels. */
    public enum Scaling {
        /** Left in [0,1]. */
        UNIT_INTERVAL,
        /**
         * {@code (x - mu) / sigma} with one mu and one sigma: the mean and (population) standard
         * deviation of all pixels of the train subset, applied to train and test alike (for
         * MNIST close to the well-known 0.1307 and 0.3081).
         */
        STANDARDIZED,
        /** Each image divided by its Euclidean norm, so every input lies on the unit sphere. */
        UNIT_NORM
    }

    /** Target values for the label's class ({@code on}) and for the others ({@code off}). */
    public record Encoding(double on, double off) {
        /** Plain one-hot: 1 and 0. */
        public static final Encoding ONE_HOT = new Encoding(1, 0);
        /** Zero-mean over the 10 classes: 0.9 and -0.1 (as in Lee et al. 2018, NNGP). */
        public static final Encoding CENTERED = new Encoding(0.9, -0.1);
    }

    /**
     * A prepared split: inputs (points x pixels), targets (points x 10), labels (0..9), and a
     * one-line description of where it came from.
     */
    public record Split(DMatrixRMaj trainX, DMatrixRMaj trainY, int[] trainLabels,
                        DMatrixRMaj testX, DMatrixRMaj testY, int[] testLabels, String source) {}

    /** MNIST when {@code cacheDir/mnist/} has the four files, else {@code cacheDir/digits.csv.gz}. */
    public static Split fromCache(Path cacheDir, int nTrain, int nTest, Scaling scaling, Encoding enc) {
        Path mnist = cacheDir.resolve("mnist");
        if (mnistFile(mnist, "train-images-idx3-ubyte") != null && mnistFile(mnist, "t10k-labels-idx1-ubyte") != null) {
            return mnist(mnist, nTrain, nTest, scaling, enc);
        }
        Path digits = cacheDir.resolve("digits.csv.gz");
        if (Files.isRegularFile(digits)) return digits(digits, nTrain, nTest, scaling, enc);
        throw new UserError(cacheDir.toString(), "neither mnist/ nor digits.csv.gz is here:"
                + " run examples/data/fetch-mnist.sh first");
    }

    /** The first nTrain train and first nTest test images of MNIST in {@code dir}. */
    public static Split mnist(Path dir, int nTrain, int nTest, Scaling scaling, Encoding enc) {
        checkCounts(nTrain, nTest);
        DMatrixRMaj trainX = Idx.readImages(require(dir, "train-images-idx3-ubyte"), nTrain);
        int[] trainL = Idx.readLabels(require(dir, "train-labels-idx1-ubyte"), nTrain);
        DMatrixRMaj testX = Idx.readImages(require(dir, "t10k-images-idx3-ubyte"), nTest);
        int[] testL = Idx.readLabels(require(dir, "t10k-labels-idx1-ubyte"), nTest);
        checkAvailable(dir + " (train)", trainX.numRows, trainL.length, nTrain);
        checkAvailable(dir + " (test)", testX.numRows, testL.length, nTest);
        return prepare(trainX, trainL, testX, testL, 255, scaling, enc,
                "MNIST " + dir + ": first " + nTrain + " train, first " + nTest + " test images, 784 pixels");
    }

    /** Train from the rows before the last {@link #DIGITS_TEST}, test from those last rows. */
    public static Split digits(Path file, int nTrain, int nTest, Scaling scaling, Encoding enc) {
        checkCounts(nTrain, nTest);
        Digits.Labeled all = Digits.read(file);
        int rows = all.labels().length;
        int firstTest = rows - DIGITS_TEST;
        if (firstTest < 1) {
            throw new UserError(file.toString(), "only " + rows + " rows: more than " + DIGITS_TEST + " needed");
        }
        checkAvailable(file + " (train: rows 1.." + firstTest + ")", firstTest, firstTest, nTrain);
        checkAvailable(file + " (test: the last " + DIGITS_TEST + " rows)", DIGITS_TEST, DIGITS_TEST, nTest);
        DMatrixRMaj px = all.pixels();
        DMatrixRMaj trainX = rows(px, 0, nTrain), testX = rows(px, firstTest, nTest);
        int[] trainL = Arrays.copyOfRange(all.labels(), 0, nTrain);
        int[] testL = Arrays.copyOfRange(all.labels(), firstTest, firstTest + nTest);
        return prepare(trainX, trainL, testX, testL, Digits.MAX_PIXEL, scaling, enc,
                "scikit-learn digits " + file + ": first " + nTrain + " train rows, " + nTest
                        + " test rows from row " + (firstTest + 1) + ", 64 pixels");
    }

    /** Rows of {@code labels} encoded, points x classes. */
    public static DMatrixRMaj oneHot(int[] labels, int classes, Encoding enc) {
        DMatrixRMaj y = new DMatrixRMaj(labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new UserError(null, "label " + labels[i] + " of point " + (i + 1) + " is not in 0.." + (classes - 1));
            }
            for (int c = 0; c < classes; c++) y.set(i, c, c == labels[i] ? enc.on() : enc.off());
        }
        return y;
    }

    /**
     * Fraction of rows whose largest entry is in the column of the label (ties: the first
     * largest column).
     */
    public static double accuracy(DMatrixRMaj predictions, int[] labels) {
        if (predictions.numRows != labels.length) {
            throw new UserError(null, predictions.numRows + " predictions but " + labels.length + " labels");
        }
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < predictions.numCols; c++) {
                if (predictions.get(i, c) > predictions.get(i, best)) best = c;
            }
            if (best == labels[i]) right++;
        }
        return labels.length == 0 ? Double.NaN : (double) right / labels.length;
    }

    /** Applies {@code scaling} in place to [0,1] pixels; statistics come from {@code train} only. */
    public static void scale(DMatrixRMaj train, DMatrixRMaj test, Scaling scaling) {
        switch (scaling) {
            case UNIT_INTERVAL -> { }
            case STANDARDIZED -> {
                double mean = Arrays.stream(train.data, 0, train.getNumElements()).average().orElse(0);
                double ss = 0;
                for (int i = 0; i < train.getNumElements(); i++) ss += (train.data[i] - mean) * (train.data[i] - mean);
                double sd = Math.sqrt(ss / train.getNumElements());
                double inv = sd > 0 ? 1 / sd : 1;
                for (DMatrixRMaj m : new DMatrixRMaj[] {train, test}) {
                    for (int i = 0; i < m.getNumElements(); i++) m.data[i] = (m.data[i] - mean) * inv;
                }
            }
            case UNIT_NORM -> {
                for (DMatrixRMaj m : new DMatrixRMaj[] {train, test}) {
                    for (int r = 0; r < m.numRows; r++) {
                        double ss = 0;
                        for (int c = 0; c < m.numCols; c++) ss += m.get(r, c) * m.get(r, c);
                        if (ss == 0) continue; // a blank image stays at the origin
                        double inv = 1 / Math.sqrt(ss);
                        for (int c = 0; c < m.numCols; c++) m.set(r, c, m.get(r, c) * inv);
                    }
                }
            }
        }
    }

    private static Split prepare(DMatrixRMaj trainX, int[] trainL, DMatrixRMaj testX, int[] testL, double maxPixel,
                                 Scaling scaling, Encoding enc, String source) {
        for (DMatrixRMaj m : new DMatrixRMaj[] {trainX, testX}) {
            for (int i = 0; i < m.getNumElements(); i++) m.data[i] /= maxPixel;
        }
        scale(trainX, testX, scaling);
        return new Split(trainX, oneHot(trainL, CLASSES, enc), trainL, testX, oneHot(testL, CLASSES, enc), testL,
                source + ", " + scaling.name().toLowerCase() + ", targets " + enc.on() + "/" + enc.off());
    }

    private static DMatrixRMaj rows(DMatrixRMaj a, int from, int count) {
        DMatrixRMaj r = new DMatrixRMaj(count, a.numCols);
        System.arraycopy(a.data, from * a.numCols, r.data, 0, count * a.numCols);
        return r;
    }

    private static void checkCounts(int nTrain, int nTest) {
        if (nTrain < 1 || nTest < 1) {
            throw new UserError(null, "the numbers of train and test points must be at least 1, got "
                    + nTrain + " and " + nTest);
        }
    }

    private static void checkAvailable(String what, int images, int labels, int wanted) {
        if (images != labels) {
            throw new UserError(what, images + " images but " + labels + " labels");
        }
        if (images < wanted) {
            throw new UserError(what, wanted + " points asked for, only " + images + " available");
        }
    }

    private static Path require(Path dir, String base) {
        Path p = mnistFile(dir, base);
        if (p == null) throw new UserError(dir.toString(), "missing " + base + " (or " + base + ".gz)");
        return p;
    }

    /** {@code base}, {@code base.gz}, or the variant with a dot before idx ("train-images.idx3-ubyte"). */
    static Path mnistFile(Path dir, String base) {
        String dotted = base.replace("-idx", ".idx");
        for (String n : new String[] {base, base + ".gz", dotted, dotted + ".gz"}) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }
}
