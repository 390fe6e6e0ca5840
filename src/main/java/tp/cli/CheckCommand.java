package tp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tp.UserError;
import tp.finite.Convergence;
import tp.finite.Footprint;
import tp.infinite.InfiniteWidth;
import tp.infinite.Kernels;
import tp.lang.Frontend;
import tp.lang.Program;

/** {@code tp check}: empirical kernels against infinite-width ones over growing widths. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Compare empirical NNGP/NTK at several widths with the infinite-width kernels; expect errors ~ n^-1/2.",
                "Prints, per width, the relative Frobenius error ||K_n - K||_F / ||K||_F of each kernel (mean and standard "
                        + "deviation over seeds 0..S-1), then the least-squares slope of log(mean error) against log(width) "
                        + "with its 99%% confidence interval from the spread over seeds, and a verdict: OK when both slopes "
                        + "are within -0.5 +- 0.15, MISMATCH when an interval excludes that band, INCONCLUSIVE (use more "
                        + "seeds) when the difference is within the Monte-Carlo noise."})
final class CheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PROG.tp", description = "the tensor program (.tp)") Path program;
    @Option(names = "--x1", required = true, paramLabel = "A", description = "data points, one per row (CSV or .npy)") Path x1;
    @Option(names = "--widths", required = true, split = ",", paramLabel = "N", splitSynopsisLabel = ",", description = "widths to sample, e.g. 64,256,1024,4096") List<Integer> widths;
    @Option(names = "--seeds", defaultValue = "3", paramLabel = "S", description = "seeds per width (default: ${DEFAULT-VALUE})") int seeds;
    @Option(names = "--plot", paramLabel = "FILE.png", description = "draw error against width on log axes") Path plot;

    @Override
    public Integer call() {
        for (int w : widths) if (w <= 0) throw new UserError(null, "--widths must be positive integers, got " + w);
        Common.requirePositiveInteger("--seeds", seeds);
        Common.checkPlot("--plot", plot);
        Program p = Frontend.load(program);
        int widest = 0;
        for (int w : widths) {
            Common.requireWidthFits(p, "--widths", w);
            widest = Math.max(widest, w);
        }
        DMatrixRMaj x = Common.readInputs(p, x1);
        Footprint.require(p, widest, x.numRows, 0, false); // array limits and heap, with the largest width that fits
        // the infinite-width NNGP and NTK stay while each width's two empirical kernels are computed
        Memory.requireMatrices("the " + x.numRows + " x " + x.numRows + " kernels (infinite-width and empirical NNGP and NTK)"
                + " and the width-" + widest + " network's parameters", x.numRows, x.numRows, 4,
                EmpiricalCommand.parameterBytes(p, widest), true);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InfiniteWidth engine = new InfiniteWidth(p).onProgress(new Progress("tp check: infinite-width kernels", err));
        Progress progress = new Progress("tp check", err);
        Convergence.Result r;
        if (p.widthDependentParameter() == null) {
            Kernels inf = engine.both(x, null);
            r = Convergence.run(p, x, inf.nngp(), inf.ntk(), widths, seeds, progress::say);
        } else { // the standard parametrization: the NTK of each width, the NNGP of none
            DMatrixRMaj nngp = engine.nngp(x, null);
            r = Convergence.run(p, x, nngp, w -> engine.atWidth(w).ntk(x, null), widths, seeds, progress::say);
        }
        print(p, x.numRows, seeds, r, out);
        if (plot != null) {
            CheckPlot.write(p.name() + ": empirical vs infinite-width kernels (" + seeds + " seeds)", r, plot);
            out.println("plot: " + plot);
        }
        out.flush();
        return 0;
    }

    static void print(Program p, int points, int seeds, Convergence.Result r, PrintWriter out) {
        out.printf("tp check %s: %d data points, %d seed%s per width; relative Frobenius error ||K_n - K||_F / ||K||_F%n",
                p.name(), points, seeds, seeds == 1 ? "" : "s");
        out.printf("%8s  %-22s  %-22s%n", "width", "NNGP error (mean +- sd)", "NTK error (mean +- sd)");
        for (Convergence.Point pt : r.points()) {
            out.printf("%8d  %-22s  %-22s%n", pt.width(),
                    String.format("%.4g +- %.2g", pt.nngpMean(), pt.nngpSpread()),
                    String.format("%.4g +- %.2g", pt.ntkMean(), pt.ntkSpread()));
        }
        if (r.points().size() >= 2) {
            String from = !r.ntk().noiseFrom().isEmpty() ? r.ntk().noiseFrom() : r.nngp().noiseFrom();
            out.printf("slope of log(error) vs log(width): NNGP %s, NTK %s (expected %.2f +- %.2f%s)%n",
                    r.nngp().show(), r.ntk().show(), Convergence.EXPECTED_SLOPE, Convergence.SLOPE_TOLERANCE,
                    from.isEmpty() ? "" : "; +- is the 99% interval from " + from);
        }
        out.println("verdict: " + r.verdict());
    }
}
