package tp.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.ejml.data.DMatrixRMaj;

import tp.UserError;

/**
 * Command-line helper for the example scripts (not part of the {@code tp} command):
 * <pre>
 * java -cp target/tp.jar tp.data.DatasetTool export --cache DIR --out DIR [--train 500] [--test 500]
 *      [--scaling standardized|unit-interval|unit-norm] [--targets centered|one-hot]
 * java -cp target/tp.jar tp.data.DatasetTool accuracy PREDICTIONS.csv LABELS.csv
 * </pre>
 * {@code export} writes train_x.csv, train_y.csv, train_labels.csv, test_x.csv, test_y.csv and
 * test_labels.csv (no header, every number as Java's shortest round-trip decimal) from
 * {@link Datasets#fromCache}; {@code accuracy} prints the fraction of rows whose largest column
 * is the label (a CSV header row, if any, is skipped).
 */
public final class DatasetTool {
    private DatasetTool() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (UserError e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    static void run(String[] args) {
        if (args.length == 0) throw usage();
        switch (args[0]) {
            case "export" -> export(args);
            case "accuracy" -> {
                if (args.length != 3) throw usage();
                DMatrixRMaj pred = readCsv(Path.of(args[1]));
                DMatrixRMaj lab = readCsv(Path.of(args[2]));
                int[] labels = new int[lab.numRows];
                for (int i = 0; i < labels.length; i++) labels[i] = (int) lab.get(i, 0);
                System.out.printf(Locale.ROOT, "%.4f%n", Datasets.accuracy(pred, labels));
            }
            default -> throw usage();
        }
    }

    private static void export(String[] args) {
        Path cache = null, out = null;
        int nTrain = 500, nTest = 500;
        Datasets.Scaling scaling = Datasets.Scaling.STANDARDIZED;
        Datasets.Encoding enc = Datasets.Encoding.CENTERED;
        for (int i = 1; i < args.length; i++) {
            String opt = args[i];
            if (i + 1 >= args.length) throw new UserError(null, opt + " needs a value");
            String v = args[++i];
            switch (opt) {
                case "--cache" -> cache = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--train" -> nTrain = integer(opt, v);
                case "--test" -> nTest = integer(opt, v);
                case "--scaling" -> scaling = switch (v) {
                    case "standardized" -> Datasets.Scaling.STANDARDIZED;
                    case "unit-interval" -> Datasets.Scaling.UNIT_INTERVAL;
                    case "unit-norm" -> Datasets.Scaling.UNIT_NORM;
                    default -> throw new UserError(null, "--scaling: standardized, unit-interval or unit-norm, not " + v);
                };
                case "--targets" -> enc = switch (v) {
                    case "centered" -> Datasets.Encoding.CENTERED;
                    case "one-hot" -> Datasets.Encoding.ONE_HOT;
                    default -> throw new UserError(null, "--targets: centered or one-hot, not " + v);
                };
                default -> throw usage();
            }
        }
        if (cache == null || out == null) throw usage();
        Datasets.Split s = Datasets.fromCache(cache, nTrain, nTest, scaling, enc);
        try {
            Files.createDirectories(out);
            writeCsv(out.resolve("train_x.csv"), s.trainX());
            writeCsv(out.resolve("train_y.csv"), s.trainY());
            writeLabels(out.resolve("train_labels.csv"), s.trainLabels());
            writeCsv(out.resolve("test_x.csv"), s.testX());
            writeCsv(out.resolve("test_y.csv"), s.testY());
            writeLabels(out.resolve("test_labels.csv"), s.testLabels());
        } catch (IOException e) {
            throw new UserError(out.toString(), "cannot write: " + e.getMessage());
        }
        System.out.println(s.source());
        System.out.println("wrote " + out + "/{train,test}_{x,y,labels}.csv");
    }

    private static int integer(String opt, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UserError(null, opt + " must be a whole number, not " + v);
        }
    }

    private static UserError usage() {
        return new UserError(null, "usage: DatasetTool export --cache DIR --out DIR [--train N] [--test M]"
                + " [--scaling standardized|unit-interval|unit-norm] [--targets centered|one-hot]"
                + " | DatasetTool accuracy PREDICTIONS.csv LABELS.csv");
    }

    /** The project's CSV writer (17 significant digits, refuses NaN/Inf). */
    public static void writeCsv(Path file, DMatrixRMaj m) {
        tp.io.MatrixWriter.write(m, file);
    }

    static void writeLabels(Path file, int[] labels) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int l : labels) sb.append(l).append('\n');
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        tp.io.AtomicFile.write(file, out -> out.write(bytes));
    }

    /** The project's data reader (CSV with optional header, or .npy). */
    static DMatrixRMaj readCsv(Path file) {
        return tp.io.DataReader.read(file);
    }
}
