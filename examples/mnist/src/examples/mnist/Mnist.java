package examples.mnist;

import examples.common.Mats;
import examples.common.Tp;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import tp.data.Datasets;

/**
 * "Convolutional Neural Tangent Kernel" (Cappelletti), Tables 1 and 2, on 500 train and 500 test
 * MNIST images with one-hot targets and the squared loss: test (and train) accuracy of
 * infinite-width NTK and NNGP regression ({@code tp predict}) for a 3-hidden-layer MLP, the paper's
 * CNN at its real size ({@code cnn}: 28 x 28, 5x5, 5x5, 20x20 readout) and a small CNN ({@code cnn14}),
 * against the same networks at finite width trained by full-batch gradient descent ({@code tp train}:
 * the MLP and the small CNN by default; the real-size CNN with {@code --cnn28-widths}). Every number
 * comes from a {@code tp} command, echoed as it runs.
 *
 * <p>Usage (repository root): {@code examples/run.sh mnist [--train 500] [--test 500] [--steps 1000]
 * [--lr 300] [--mlp-widths 100,500] [--cnn-widths 16,32] [--cnn28-widths ""] [--seeds 3]
 * [--arch mlp,cnn,cnn14] [--out DIR]
 * [--png FILE]}.
 */
public final class Mnist {
    /** What to run; the defaults are the documented run (examples/README.md). */
    public record Settings(int nTrain, int nTest, int steps, double lr, int[] mlpWidths, int[] cnnWidths, int[] cnn28Widths,
                           int seeds, List<String> archs, Path cache, Path out, Path png) {
        public static Settings defaults() {
            return new Settings(500, 500, 1000, 300, new int[] {100, 500}, new int[] {16, 32}, new int[0], 3,
                    List.of("mlp", "cnn", "cnn14"),
                    Path.of("examples/data/cache"), Path.of("examples/mnist/out"), Path.of("examples/mnist/mnist.png"));
        }
    }

    /** One line of the table: accuracies (mean and spread over seeds for networks) and wall time. */
    public record Line(String arch, String method, double testAcc, double testSd, double trainAcc, int runs,
                       double agree, double seconds) {}

    private Mnist() {}

    public static List<Line> run(Settings s, PrintStream log) throws Exception {
        Files.createDirectories(s.out());
        MnistData d = MnistData.load(s.cache(), s.nTrain(), s.nTest());
        log.println("data: " + d.source());
        Path trainY = Mats.write(s.out().resolve("train_y.csv"), d.trainY());
        Tp tp = new Tp(log);
        List<Line> lines = new ArrayList<>();
        for (String arch : s.archs()) {
            // the MLP and the real-size CNN read the 784 standardized pixels; the small CNN the 14 x 14 pooled ones
            boolean pixels = arch.equals("mlp") || (arch.equals("cnn") && d.isMnist());
            Path prog = program(arch, d.isMnist(), s.out());
            DMatrixRMaj xTrain = pixels ? d.mlpTrain() : d.cnnTrain(), xTest = pixels ? d.mlpTest() : d.cnnTest();
            Path train = Mats.write(s.out().resolve(arch + "_train_x.csv"), xTrain);
            // predictions on the test points, then on the train points (train accuracy from the same run)
            Path points = Mats.write(s.out().resolve(arch + "_points_x.csv"), Mats.stack(xTest, xTrain));
            String[] common = {"--train", train.toString(), "--targets", trainY.toString(), "--test", points.toString()};

            lines.add(kernel(tp, d, arch, "NTK, t = inf (kernel regression)", s.out().resolve(arch + "_ntk_inf.csv"),
                    concat(new String[] {"predict", prog.toString()}, common, new String[] {"--kind", "ntk"})));
            lines.add(kernel(tp, d, arch, "NTK, t = " + s.steps() + " steps of lr " + fmt(s.lr()),
                    s.out().resolve(arch + "_ntk_t.csv"), concat(new String[] {"predict", prog.toString()}, common,
                            new String[] {"--kind", "ntk", "--time", Integer.toString(s.steps()), "--lr", fmt(s.lr())})));
            lines.add(kernel(tp, d, arch, "NNGP, t = inf (GP posterior mean)", s.out().resolve(arch + "_nngp_inf.csv"),
                    concat(new String[] {"predict", prog.toString()}, common, new String[] {"--kind", "nngp"})));

            int[] widths = arch.equals("mlp") ? s.mlpWidths() : arch.equals("cnn") && d.isMnist() ? s.cnn28Widths() : s.cnnWidths();
            for (int width : widths) {
                lines.addAll(networks(tp, d, arch, prog, common, width, s));
            }
        }
        log.printf(Locale.ROOT, "tp commands: %.1f s in all%n", tp.totalSeconds());
        return lines;
    }

    /** The program file for an architecture; for the 8x8 digits fallback a 64-input copy of the MLP. */
    static Path program(String arch, boolean mnist, Path out) throws Exception {
        Path dir = Path.of("examples/mnist");
        // without MNIST (the 8 x 8 digits fallback) both CNNs are the 8 x 8 one
        if (arch.equals("cnn")) return dir.resolve(mnist ? "cnn28.tp" : "cnn8.tp");
        if (arch.equals("cnn14")) return dir.resolve(mnist ? "cnn14.tp" : "cnn8.tp");
        if (!arch.equals("mlp")) throw new IllegalArgumentException("unknown architecture " + arch + " (mlp, cnn, cnn14)");
        if (mnist) return dir.resolve("mlp3.tp");
        String text = Files.readString(dir.resolve("mlp3.tp")).replace("let D = 784", "let D = 64");
        return Files.writeString(out.resolve("mlp3_digits.tp"), text);
    }

    private static Line kernel(Tp tp, MnistData d, String arch, String method, Path out, String[] args) {
        double t0 = tp.totalSeconds();
        tp.run(concat(args, new String[] {"--out", out.toString()}));
        DMatrixRMaj p = Mats.read(out);
        int m = d.testLabels().length;
        return new Line(arch, method, Datasets.accuracy(Mats.rows(p, 0, m), d.testLabels()), 0,
                Datasets.accuracy(Mats.rows(p, m, p.numRows), d.trainLabels()), 1, Double.NaN, tp.totalSeconds() - t0);
    }

    /**
     * Seeds 0..S-1 at one width: each trained network; its NTK linearization, i.e. the prediction of
     * infinite-width theory for that very network (its own initial outputs f_0 plus the NTK gradient
     * flow of the residual y - f_0(X), LANGUAGE.md's predict on residual targets); the fraction of
     * points where the two pick the same class; and the ensemble mean of the networks' outputs.
     */
    private static List<Line> networks(Tp tp, MnistData d, String arch, Path prog, String[] common, int width,
                                       Settings s) {
        int m = d.testLabels().length, n = d.trainLabels().length, k = Datasets.CLASSES, seeds = s.seeds();
        List<DMatrixRMaj> before = new ArrayList<>(), after = new ArrayList<>();
        double t0 = tp.totalSeconds();
        for (int seed = 0; seed < seeds; seed++) {
            Path out = s.out().resolve(arch + "_net_w" + width + "_s" + seed + ".csv");
            tp.run(concat(new String[] {"train", prog.toString()}, common, new String[] {"--width", Integer.toString(width),
                    "--lr", fmt(s.lr()), "--steps", Integer.toString(s.steps()), "--seed", Integer.toString(seed), "--out",
                    out.toString()}));
            DMatrixRMaj both = Mats.read(out);
            before.add(Mats.block(both, 0, m + n, 0, k));
            after.add(Mats.block(both, 0, m + n, k, 2 * k));
        }
        double netSeconds = tp.totalSeconds() - t0;

        // Residual targets y - f_0(X) of every seed side by side: one tp predict serves them all. Its rate
        // is lr/(N * columns), so S seeds' k columns each need --lr S * lr for the rate lr/(N k) of training.
        DMatrixRMaj resid = new DMatrixRMaj(n, k * seeds);
        for (int seed = 0; seed < seeds; seed++) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) resid.set(i, seed * k + c, d.trainY().get(i, c) - before.get(seed).get(m + i, c));
            }
        }
        Path residFile = Mats.write(s.out().resolve(arch + "_resid_w" + width + ".csv"), resid);
        Path linFile = s.out().resolve(arch + "_lin_w" + width + ".csv");
        double t1 = tp.totalSeconds();
        tp.run("predict", prog.toString(), "--train", common[1], "--targets", residFile.toString(), "--test", common[5],
                "--kind", "ntk", "--time", Integer.toString(s.steps()), "--lr", fmt(s.lr() * seeds), "--out",
                linFile.toString());
        DMatrixRMaj flow = Mats.read(linFile);
        double linSeconds = tp.totalSeconds() - t1;

        double[] netTest = new double[seeds], netTrain = new double[seeds], linTest = new double[seeds],
                linTrain = new double[seeds], agree = new double[seeds];
        DMatrixRMaj sum = new DMatrixRMaj(m + n, k);
        for (int seed = 0; seed < seeds; seed++) {
            DMatrixRMaj net = after.get(seed), lin = Mats.block(flow, 0, m + n, seed * k, seed * k + k);
            org.ejml.dense.row.CommonOps_DDRM.addEquals(lin, before.get(seed));
            org.ejml.dense.row.CommonOps_DDRM.addEquals(sum, net);
            netTest[seed] = Datasets.accuracy(Mats.rows(net, 0, m), d.testLabels());
            netTrain[seed] = Datasets.accuracy(Mats.rows(net, m, m + n), d.trainLabels());
            linTest[seed] = Datasets.accuracy(Mats.rows(lin, 0, m), d.testLabels());
            linTrain[seed] = Datasets.accuracy(Mats.rows(lin, m, m + n), d.trainLabels());
            agree[seed] = Datasets.accuracy(Mats.rows(lin, 0, m), argmax(Mats.rows(net, 0, m)));
        }
        String how = " (" + s.steps() + " steps of lr " + fmt(s.lr()) + ")";
        List<Line> r = new ArrayList<>();
        r.add(new Line(arch, "network, width " + width + how, mean(netTest), sd(netTest), mean(netTrain), seeds,
                mean(agree), netSeconds));
        r.add(new Line(arch, "  its NTK linearization, f_0 + NTK flow", mean(linTest), sd(linTest), mean(linTrain), seeds,
                Double.NaN, linSeconds));
        if (seeds > 1) {
            r.add(new Line(arch, "  mean output of the " + seeds + " width-" + width + " networks",
                    Datasets.accuracy(Mats.rows(sum, 0, m), d.testLabels()), 0,
                    Datasets.accuracy(Mats.rows(sum, m, m + n), d.trainLabels()), 1, Double.NaN, 0));
        }
        return r;
    }

    private static int[] argmax(DMatrixRMaj p) {
        int[] r = new int[p.numRows];
        for (int i = 0; i < p.numRows; i++) {
            for (int c = 1; c < p.numCols; c++) if (p.get(i, c) > p.get(i, r[i])) r[i] = c;
        }
        return r;
    }

    public static void printTable(List<Line> lines, Settings s, PrintStream out) {
        out.printf(Locale.ROOT, "%n%-4s %-46s %15s %7s %7s %8s%n", "", "method", "test accuracy", "train", "agree",
                "wall s");
        for (Line l : lines) {
            String test = l.runs() > 1 ? String.format(Locale.ROOT, "%.3f +- %.3f", l.testAcc(), l.testSd())
                    : String.format(Locale.ROOT, "%.3f", l.testAcc());
            out.printf(Locale.ROOT, "%-4s %-46s %15s %7.3f %7s %8s%n", l.arch(), l.method(), test, l.trainAcc(),
                    Double.isNaN(l.agree()) ? "" : String.format(Locale.ROOT, "%.3f", l.agree()),
                    l.seconds() > 0 ? String.format(Locale.ROOT, "%.1f", l.seconds()) : "");
        }
        out.println("(networks: mean +- standard deviation over seeds 0.." + (s.seeds() - 1) + "; agree: fraction of test"
                + " images where a network and its NTK linearization pick the same class)");
        out.println("(paper, Adam on cross-entropy, NTK_inf estimated from width-200 networks: MLP 0.844, NTK_inf 0.73;"
                + " CNN (28x28, 5x5, 5x5, 20x20) 0.894, CNTK_inf 0.802)");
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double sd(double[] v) {
        if (v.length < 2) return 0;
        double m = mean(v), ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        return Math.sqrt(ss / (v.length - 1));
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    private static int[] ints(String v) {
        return v.isEmpty() ? new int[0] : Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    public static void main(String[] args) throws Exception {
        Settings d = Settings.defaults();
        int nTrain = d.nTrain(), nTest = d.nTest(), steps = d.steps(), seeds = d.seeds();
        double lr = d.lr();
        int[] mlpW = d.mlpWidths(), cnnW = d.cnnWidths(), cnn28W = d.cnn28Widths();
        List<String> archs = d.archs();
        Path cache = d.cache(), out = d.out(), png = d.png();
        if (args.length % 2 != 0) throw new IllegalArgumentException("options come in pairs: --name value");
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--train" -> nTrain = Integer.parseInt(v);
                case "--test" -> nTest = Integer.parseInt(v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--lr" -> lr = Double.parseDouble(v);
                case "--mlp-widths" -> mlpW = ints(v);
                case "--cnn-widths" -> cnnW = ints(v);
                case "--cnn28-widths" -> cnn28W = ints(v);
                case "--seeds" -> seeds = Integer.parseInt(v);
                case "--arch" -> archs = List.of(v.split(","));
                case "--cache" -> cache = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--png" -> png = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Settings s = new Settings(nTrain, nTest, steps, lr, mlpW, cnnW, cnn28W, seeds, archs, cache, out, png);
        long t0 = System.nanoTime();
        List<Line> lines = run(s, System.out);
        printTable(lines, s, System.out);
        MnistPlot.save(lines, s.nTrain() + " train / " + s.nTest() + " test images", s.png());
        System.out.printf(Locale.ROOT, "wrote %s (%.1f s in all)%n", s.png(), (System.nanoTime() - t0) * 1e-9);
    }
}
