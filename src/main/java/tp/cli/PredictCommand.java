package tp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tp.UserError;
import tp.api.TensorProgram;
import tp.io.DataReader;
import tp.kernels.Prediction;

/** {@code tp predict}: infinite-width gradient-flow / kernel-regression predictions. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Mean prediction of the infinite-width network trained by gradient flow on 0.5*mean((f-y)^2), "
                + "averaged over initializations; at time inf (the default) this is kernel regression.",
                "--kind ntk trains every parameter; --kind nngp only the readout (the GP posterior mean)."})
final class PredictCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PROG.tp", description = "the tensor program (.tp)") Path program;
    @Option(names = "--train", required = true, paramLabel = "X", description = "train inputs, one per row") Path train;
    @Option(names = "--targets", required = true, paramLabel = "Y", description = "train targets, one row per train point (k columns)") Path targets;
    @Option(names = "--test", required = true, paramLabel = "Z", description = "test inputs") Path test;
    @Option(names = "--kind", required = true, paramLabel = "nngp|ntk") KernelKind kind;
    @Option(names = "--time", paramLabel = "T", description = "training time (default: inf, kernel regression)") String time;
    @Option(names = "--lr", defaultValue = "1", paramLabel = "ETA", description = "learning rate (default: ${DEFAULT-VALUE})") double lr;
    @Option(names = "--reg", defaultValue = "0", paramLabel = "R", description = "add R times the mean diagonal to the train kernel's diagonal, 0 <= R <= 1e15 (default: 0)") double reg;
    @Option(names = "--var", description = "add the posterior / ensemble variance of each test point as a last column") boolean variance;
    @Option(names = "--out", paramLabel = "FILE", description = "output file (.csv or .npy; default: standard output)") Path out;
    @Option(names = "--width", paramLabel = "N", description = "the finite width the NTK is taken at: required with --kind ntk for a program with trainable matrices in the standard parametrization (every width symbol N times its ratio)") Integer width;
    @Option(names = "--kernel", paramLabel = "DIR.tpk", description = "out of core: the tiled train kernel (computed tile by tile first if missing or unfinished); mean predictions only") Path kernel;
    @Option(names = "--test-kernel", paramLabel = "DIR.tpk", description = "with --kernel: the tiled test-train kernel (tp kernel --x1 Z --x2 X); default: computed tile by tile") Path testKernel;
    @Option(names = "--memory", paramLabel = "SIZE", description = "with --kernel: memory for computing kernel tiles (default: half the JVM heap)") String memory;

    /** Past 1/eps the added diagonal hides the kernel entirely (and 1e308 times it overflows). */
    static final double MAX_REG = 1e15;

    @Override
    public Integer call() {
        double t = parseTime(time);
        Common.requirePositive("--lr", lr);
        if (!(reg >= 0) || Double.isInfinite(reg)) throw new UserError(null, "--reg must be a non-negative number, got " + reg);
        if (reg > MAX_REG) {
            throw new UserError(null, "--reg must be at most 1e15, got " + reg + " (beyond, the added diagonal hides"
                    + " the train kernel in double precision and the predictions shrink to 0)");
        }
        Common.checkOutput("--out", out);
        TensorProgram tp = TensorProgram.load(program);
        Integer atWidth = Common.kernelWidth(tp.program(), width, kind == KernelKind.ntk);
        if (width != null) tp = tp.atWidth(width);
        DMatrixRMaj x = Common.readInputs(tp.program(), train);
        DMatrixRMaj y = DataReader.read(targets);
        DMatrixRMaj z = Common.readInputs(tp.program(), test);
        Common.requireTargetRows(y, targets, x, train);
        if (kernel != null) {
            if (variance) throw new UserError(null, "--kernel (out of core) gives mean predictions only: drop --var");
            double a = lr * t / ((double) x.numRows * y.numCols); // the flow's rate, as in tp.kernels.Predictor
            DMatrixRMaj mean = TiledPredict.run(tp, program, x, y, z, kind.name(), reg, a, kernel, testKernel, memory,
                    spec.commandLine().getErr(), atWidth);
            Output.write(mean, out, spec.commandLine().getOut());
            return 0;
        }
        if (testKernel != null || memory != null) throw new UserError(null, "--test-kernel and --memory need --kernel DIR.tpk");
        requireMemory(x.numRows, z.numRows);
        tp.onProgress(new Progress("tp predict", spec.commandLine().getErr()));
        Prediction p = tp.predict(x, y, z, kind == KernelKind.ntk, t, lr, reg, variance);
        Output.write(variance ? withColumn(p.mean(), p.variance()) : p.mean(), out, spec.commandLine().getOut());
        return 0;
    }

    /**
     * The kernel blocks predict holds at once (train x train, test x train, and with --var the
     * test x test block; for the NTK with --var the NNGP's too), the regularized copy of the train
     * kernel, and with --var for the NTK two N x M products: a lower bound of what it allocates.
     */
    private void requireMemory(long n, long m) {
        String what = "the kernels of " + n + " train and " + m + " test points";
        Memory.requireIndexable(what, n, n);
        Memory.requireIndexable(what, m, n);
        if (variance) Memory.requireIndexable(what, m, m);
        boolean ntkVar = kind == KernelKind.ntk && variance;
        long entries = (ntkVar ? 2 : 1) * (n * n + m * n + (variance ? m * m : 0)) + n * n + (ntkVar ? 2 * m * n : 0);
        Memory.requireBytes(what, 8 * entries, "use fewer train or test points");
    }

    static double parseTime(String s) {
        if (s == null) return Double.POSITIVE_INFINITY;
        String v = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("inf") || v.equals("infinity")) return Double.POSITIVE_INFINITY;
        double t;
        try {
            t = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UserError(null, "--time must be a number or 'inf', got '" + s + "'");
        }
        if (!(t >= 0)) throw new UserError(null, "--time must not be negative, got " + s);
        return t;
    }

    private static DMatrixRMaj withColumn(DMatrixRMaj a, DMatrixRMaj col) {
        DMatrixRMaj r = new DMatrixRMaj(a.numRows, a.numCols + 1);
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) r.set(i, j, a.get(i, j));
            r.set(i, a.numCols, col.get(i));
        }
        return r;
    }
}
