package examples.orrhede;

import examples.common.Mats;
import examples.common.Plots;
import examples.common.Tp;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tp.kernels.KernelBlocks;
import tp.kernels.Predictor;

/**
 * Reproduces "The Neural Tangent Kernel" (Orrhede), figures 2, 6, 7 and 8: the one-hidden-layer
 * ReLU network of programs/orrhede_1hidden.tp (width 10000, N(0,1) weights, biases starting at
 * zero) trained by full-batch gradient descent (lr 0.1, 3000 steps) on four 1-D points, against
 * the linearized (NTK) dynamics from the same initial outputs f_0,
 * <pre>
 *   f_t(x) = f_0(x) + Θ(x, X) Θ^{-1} (I - e^{-Θ t / N}) (y - f_0(X)),   t = lr * steps,
 * </pre>
 * with Θ the network's own empirical NTK at initialization ({@code tp empirical}) and with the
 * infinite-width NTK, the paper's eq. 21 ({@code tp kernel}, {@code tp predict}).
 *
 * <p>Every number comes from a {@code tp} command, echoed as it runs. Usage (repository root):
 * {@code examples/run.sh orrhede}, or {@code java -cp target/tp.jar:target/test-classes
 * examples.orrhede.Orrhede [--width N] [--seed S] [--steps 2,20,...] [--grid G] [--out DIR] [--png FILE]}.
 */
public final class Orrhede {
    static final String PROGRAM = "programs/orrhede_1hidden.tp";
    /** The four training points: two on each side of 0 (see README: at initialization every kink is at 0). */
    static final double[] X = {-0.9, -0.3, 0.2, 0.7};
    static final double[] Y = {-0.3, 0.5, 0.4, -0.2};
    static final double LR = 0.1;

    /** Settings; the defaults are the paper's. */
    public record Settings(int width, long seed, int[] steps, int grid, Path out, Path png) {
        public static Settings defaults() {
            return new Settings(10000, 0, new int[] {2, 20, 100, 500, 1000, 3000}, 200,
                    Path.of("examples/orrhede/out"), Path.of("examples/orrhede/orrhede.png"));
        }
    }

    /** Per training time: the three curves on the grid and how far apart they are. */
    public record Row(int steps, double loss, double[] net, double[] empirical, double[] analytic,
                      double maxNetEmpirical, double maxNetAnalytic, double maxNetAnalyticAway) {}

    /** Points closer to 0 than this are left out of the "away from the kink" column. */
    static final double KINK_ZONE = 0.1;

    public record Result(double[] grid, double[] f0, List<Row> rows, double[] kernelMachine,
                         DMatrixRMaj thetaEmpirical, DMatrixRMaj thetaAnalytic) {}

    private Orrhede() {}

    public static Result run(Settings s, PrintStream log) throws Exception {
        Files.createDirectories(s.out());
        Tp tp = new Tp(log);
        int g = s.grid(), n = X.length;
        double[] grid = new double[g]; // midpoints of g equal cells of [-1, 1]: avoids x = 0 exactly
        for (int i = 0; i < g; i++) grid[i] = -1 + (2.0 * i + 1) / g;
        Path train = Mats.write(s.out().resolve("train.csv"), Mats.column(X));
        Path targets = Mats.write(s.out().resolve("targets.csv"), Mats.column(Y));
        Path gridFile = Mats.write(s.out().resolve("grid.csv"), Mats.column(grid));
        // grid then the train points: one tp train run gives f on both
        Path points = Mats.write(s.out().resolve("points.csv"), Mats.stack(Mats.column(grid), Mats.column(X)));
        String width = Integer.toString(s.width()), seed = Long.toString(s.seed()), lr = Double.toString(LR);

        // empirical NTK of the sampled network at initialization, and the infinite-width NTK
        Path emp = s.out().resolve("ntk_empirical.csv"), inf = s.out().resolve("ntk_infinite.csv");
        tp.run("empirical", PROGRAM, "--x1", points.toString(), "--x2", train.toString(), "--kind", "ntk",
                "--width", width, "--seed", seed, "--out", emp.toString());
        tp.run("kernel", PROGRAM, "--x1", points.toString(), "--x2", train.toString(), "--kind", "ntk",
                "--out", inf.toString());
        DMatrixRMaj thetaEmp = Mats.read(emp), thetaInf = Mats.read(inf);

        // the eq. 7-8 kernel machine with the infinite-width NTK (no f_0): Θ(x,X) Θ^{-1} y
        Path machine = s.out().resolve("kernel_machine.csv");
        tp.run("predict", PROGRAM, "--train", train.toString(), "--targets", targets.toString(), "--test",
                gridFile.toString(), "--kind", "ntk", "--out", machine.toString());
        double[] kernelMachine = Mats.col(Mats.read(machine), 0);

        List<Row> rows = new ArrayList<>();
        double[] f0 = null;
        double[] f0x = null;
        for (int steps : s.steps()) {
            Path net = s.out().resolve("net_" + steps + ".csv");
            tp.run("train", PROGRAM, "--train", train.toString(), "--targets", targets.toString(), "--test",
                    points.toString(), "--width", width, "--lr", lr, "--steps", Integer.toString(steps), "--seed", seed,
                    "--out", net.toString());
            DMatrixRMaj out = Mats.read(net);
            double[] before = Mats.col(out, 0), after = Mats.col(out, 1);
            if (f0 == null) {
                f0 = Arrays.copyOf(before, g);
                f0x = Arrays.copyOfRange(before, g, g + n);
                // tp predict averages over initializations (f_0 = 0); the network's own f_0 enters through
                // linearity: f_t = f_0 + prediction trained on the residual targets y - f_0(X)
                double[] resid = new double[n];
                for (int i = 0; i < n; i++) resid[i] = Y[i] - f0x[i];
                Mats.write(s.out().resolve("residual_targets.csv"), Mats.column(resid));
            } else if (!Arrays.equals(Arrays.copyOf(before, g), f0)) {
                throw new IllegalStateException("the same seed gave a different initial network");
            }
            double loss = 0;
            for (int i = 0; i < n; i++) loss += 0.5 * (after[g + i] - Y[i]) * (after[g + i] - Y[i]) / n;

            Path pred = s.out().resolve("ntk_infinite_" + steps + ".csv");
            tp.run("predict", PROGRAM, "--train", train.toString(), "--targets",
                    s.out().resolve("residual_targets.csv").toString(), "--test", gridFile.toString(), "--kind", "ntk",
                    "--time", Integer.toString(steps), "--lr", lr, "--out", pred.toString());
            double[] analytic = Mats.col(Mats.read(pred), 0);
            double[] empirical = Mats.col(empiricalFlow(thetaEmp, g, f0x, steps), 0);
            double[] netGrid = Arrays.copyOf(after, g);
            for (int i = 0; i < g; i++) {
                analytic[i] += f0[i];
                empirical[i] += f0[i];
            }
            double away = 0;
            for (int i = 0; i < g; i++) {
                if (Math.abs(grid[i]) > KINK_ZONE) away = Math.max(away, Math.abs(netGrid[i] - analytic[i]));
            }
            rows.add(new Row(steps, loss, netGrid, empirical, analytic, maxDiff(netGrid, empirical), maxDiff(netGrid, analytic),
                    away));
        }
        Result r = new Result(grid, f0, rows, kernelMachine, Mats.rows(thetaEmp, g, g + n), Mats.rows(thetaInf, g, g + n));
        log.printf(Locale.ROOT, "tp commands: %.1f s in all%n", tp.totalSeconds());
        return r;
    }

    /** Θ(x,X) Θ^{-1}(I - e^{-Θ t/N})(y - f_0(X)) with the empirical Θ (rows: grid, then X). */
    private static DMatrixRMaj empiricalFlow(DMatrixRMaj theta, int g, double[] f0x, int steps) {
        int n = f0x.length;
        DMatrixRMaj resid = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) resid.set(i, 0, Y[i] - f0x[i]);
        KernelBlocks k = new KernelBlocks(Mats.rows(theta, g, g + n), Mats.rows(theta, 0, g));
        return Predictor.predictNtk(k, null, resid, steps, LR, 0, false).mean();
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    public static void printTable(Result r, Settings s, PrintStream out) {
        out.printf(Locale.ROOT, "%nNTK on the train points x = %s (width %d, seed %d):%n", Arrays.toString(X), s.width(), s.seed());
        for (int i = 0; i < X.length; i++) {
            StringBuilder e = new StringBuilder(), a = new StringBuilder();
            for (int j = 0; j < X.length; j++) {
                e.append(String.format(Locale.ROOT, "%8.4f", r.thetaEmpirical().get(i, j)));
                a.append(String.format(Locale.ROOT, "%8.4f", r.thetaAnalytic().get(i, j)));
            }
            out.println((i == 0 ? "  empirical" : "           ") + e + (i == 0 ? "   | eq. 21" : "   |       ") + a);
        }
        out.printf(Locale.ROOT, "%n%6s %6s %11s %13s %14s %14s %19s%n", "steps", "t", "train loss", "max|net-emp|",
                "max|net-eq21|", "max|emp-eq21|", "max|net-eq21| |x|>" + KINK_ZONE);
        for (Row row : r.rows()) {
            out.printf(Locale.ROOT, "%6d %6.1f %11.3e %13.2e %14.2e %14.2e %19.2e%n", row.steps(), LR * row.steps(),
                    row.loss(), row.maxNetEmpirical(), row.maxNetAnalytic(), maxDiff(row.empirical(), row.analytic()),
                    row.maxNetAnalyticAway());
        }
        out.printf(Locale.ROOT, "(max over %d grid points in [-1, 1]; net = the trained network, emp/eq21 = f_0 + "
                + "linearized dynamics with the empirical / infinite-width NTK)%n", r.grid().length);
    }

    public static void plot(Result r, Path png) {
        XYChart net = panel("Network (fig. 2)"), emp = panel("Empirical NTK, eq. 26 (fig. 6)");
        XYChart inf = panel("Analytic NTK eq. 21, eq. 26 (fig. 7)");
        for (XYChart c : List.of(net, emp, inf)) line(c, "init", r.grid(), r.f0(), SeriesLines.DOT_DOT);
        for (Row row : r.rows()) {
            String name = "step " + row.steps();
            line(net, name, r.grid(), row.net(), SeriesLines.SOLID);
            line(emp, name, r.grid(), row.empirical(), SeriesLines.SOLID);
            line(inf, name, r.grid(), row.analytic(), SeriesLines.SOLID);
        }
        Row mid = r.rows().stream().filter(x -> x.steps() == 500).findFirst().orElse(r.rows().get(r.rows().size() / 2));
        XYChart cmp = panel("Step " + mid.steps() + ": network vs kernels (fig. 8)");
        line(cmp, "network", r.grid(), mid.net(), SeriesLines.SOLID);
        line(cmp, "empirical NTK", r.grid(), mid.empirical(), SeriesLines.DASH_DASH);
        line(cmp, "eq. 21 NTK", r.grid(), mid.analytic(), SeriesLines.DOT_DOT);
        line(cmp, "kernel machine (eq. 8)", r.grid(), r.kernelMachine(), SeriesLines.DASH_DOT);
        for (XYChart c : List.of(net, emp, inf, cmp)) {
            XYSeries d = c.addSeries("data", X, Y);
            d.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            d.setMarker(SeriesMarkers.CIRCLE);
            d.setMarkerColor(java.awt.Color.RED);
        }
        Plots.savePng(List.of(net, emp, inf, cmp), 2, 2, png);
    }

    private static XYChart panel(String title) {
        XYChart c = Plots.xy(title, "x", "f(x)", 640, 440);
        c.getStyler().setYAxisMin(-0.8);
        c.getStyler().setYAxisMax(1.2);
        c.getStyler().setMarkerSize(7);
        c.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        return c;
    }

    private static void line(XYChart c, String name, double[] x, double[] y, java.awt.BasicStroke style) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(style);
    }

    public static void main(String[] args) throws Exception {
        Settings d = Settings.defaults();
        int width = d.width(), grid = d.grid();
        long seed = d.seed();
        int[] steps = d.steps();
        Path out = d.out(), png = d.png();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--width" -> width = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--grid" -> grid = Integer.parseInt(v);
                case "--steps" -> steps = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--out" -> out = Path.of(v);
                case "--png" -> png = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0) throw new IllegalArgumentException("options come in pairs: --name value");
        Settings s = new Settings(width, seed, steps, grid, out, png);
        long t0 = System.nanoTime();
        Result r = run(s, System.out);
        printTable(r, s, System.out);
        plot(r, s.png());
        System.out.printf(Locale.ROOT, "wrote %s (%.1f s in all)%n", s.png(), (System.nanoTime() - t0) * 1e-9);
    }
}
