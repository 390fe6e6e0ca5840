package tp.api;

import java.nio.file.Path;
import java.util.function.DoubleConsumer;
import org.ejml.data.DMatrixRMaj;
import tp.finite.FiniteNetwork;
import tp.infinite.InfiniteWidth;
import tp.infinite.Kernels;
import tp.kernels.KernelBlocks;
import tp.kernels.Prediction;
import tp.kernels.Predictor;
import tp.lang.Frontend;
import tp.lang.Program;

/**
 * The Java API in one place, for embedding {@code tp} in other JVM tools: parse a tensor
 * program, get its infinite-width kernels on data, predict with them, sample finite networks.
 * The {@code tp} command itself goes through this class. Data matrices hold one data point per
 * row (the program's input row); user mistakes throw {@link tp.UserError}.
 *
 * <pre>{@code
 * TensorProgram tp = TensorProgram.load(Path.of("programs/mlp_relu_2.tp"));
 * DMatrixRMaj theta = tp.ntk(x, null);                          // N x N
 * Prediction p = tp.predict(xTrain, yTrain, xTest, true, Double.POSITIVE_INFINITY, 1, 0, false);
 * DMatrixRMaj thetaAt1024 = tp.sample(1024, 0).ntk(x, null);      // one finite network's NTK
 * }</pre>
 */
public final class TensorProgram {
    private final Program program;
    private final InfiniteWidth engine;

    private TensorProgram(Program program) {
        this(program, new InfiniteWidth(program));
    }

    private TensorProgram(Program program, InfiniteWidth engine) {
        this.program = program;
        this.engine = engine;
    }

    /**
     * The same program with its kernels taken at a width: needed for the NTK of parameters in the
     * standard parametrization, whose contribution grows with their fan-in (the NTK is then affine
     * in the width). Other kernels do not depend on it.
     */
    public TensorProgram atWidth(int width) {
        if (width <= 0) throw new tp.UserError(null, "the width must be a positive integer, got " + width);
        return new TensorProgram(program, engine.atWidth(width));
    }

    /** Parses and checks program text; {@code name} is used in error locations. */
    public static TensorProgram parse(String name, String text) {
        return new TensorProgram(Frontend.parse(name, text));
    }

    public static TensorProgram parse(String text) {
        return parse("<program>", text);
    }

    public static TensorProgram load(Path file) {
        // the management beans only under -Dtp.timing: loading them costs a short run 0.02-0.03 s
        var cpu = Boolean.getBoolean("tp.timing") ? java.lang.management.ManagementFactory.getThreadMXBean() : null;
        long t0 = cpu != null ? cpu.getCurrentThreadCpuTime() : 0;
        TensorProgram tp = new TensorProgram(Frontend.load(file));
        if (t0 != 0) System.err.printf("tp: front end (CPU) %.3f s%n", (cpu.getCurrentThreadCpuTime() - t0) / 1e9);
        return tp;
    }

    /** The checked program (variables, types, dimension classes). */
    public Program program() {
        return program;
    }

    /** Receives the fraction done (0..1) of long kernel computations. */
    public TensorProgram onProgress(DoubleConsumer progress) {
        engine.onProgress(progress);
        return this;
    }

    /** Infinite-width NNGP between the rows of x1 and x2 (x2 null: x1 with itself). */
    public DMatrixRMaj nngp(DMatrixRMaj x1, DMatrixRMaj x2) {
        return engine.nngp(x1, x2);
    }

    /** Infinite-width NTK between the rows of x1 and x2 (x2 null: x1 with itself). */
    public DMatrixRMaj ntk(DMatrixRMaj x1, DMatrixRMaj x2) {
        return engine.ntk(x1, x2);
    }

    /** What the NNGP, the NTK or both will cost: blocks, ops, time and memory model (plans, runs nothing). */
    public tp.infinite.PlanCost cost(boolean nngp, boolean ntk) {
        return engine.cost(nngp, ntk);
    }

    /**
     * The compiled plan of the NNGP ({@code ntk} false), the NTK ({@code nngp} false) or both: runs
     * without the program, and can be stored ({@link tp.infinite.CompiledPlan#toBytes}).
     */
    public tp.infinite.CompiledPlan compiled(boolean nngp, boolean ntk) {
        return engine.compiled(nngp, ntk);
    }

    /** Both kernels, sharing the forward recursion. */
    public Kernels kernels(DMatrixRMaj x1, DMatrixRMaj x2) {
        return engine.both(x1, x2);
    }

    /**
     * How many expectations of the last kernel call went beyond tensor quadrature (more than 4
     * correlated Gaussians) to quasi-Monte Carlo, and the largest standard error among them.
     */
    public long lastQuasiMonteCarloCount() {
        return engine.lastQuasiMonteCarloCount();
    }

    /**
     * Of the last kernel call: the relative error bound from numerical expectations (quadrature,
     * Mehler series; their tolerances), 0 when every expectation had a closed form.
     */
    public double lastNumericalTolerance() {
        return engine.lastNumericalTolerance();
    }

    /** See {@link #lastQuasiMonteCarloCount()}; 0 when none was needed. */
    public double lastErrorEstimate() {
        return engine.lastErrorEstimate();
    }

    /**
     * A finite network of this program at width {@code width} (every width symbol set to width
     * times its ratio), parameters sampled with {@code seed}: the same network as
     * {@code tp empirical/check/train} sample for the same width and seed.
     */
    public FiniteNetwork sample(int width, long seed) {
        return FiniteNetwork.sample(program, width, seed);
    }

    /**
     * Infinite-width predictions on {@code test} after gradient flow on {@code 0.5 mean((f-y)^2)}
     * for time {@code time} (+infinity: kernel regression) with learning rate {@code lr}, mean
     * over initializations; {@code ntk} trains every parameter, otherwise only the readout.
     * {@code reg} adds reg times the mean diagonal to the train kernel; {@code variance} also
     * returns the per-point posterior / ensemble variance.
     */
    public Prediction predict(DMatrixRMaj train, DMatrixRMaj targets, DMatrixRMaj test, boolean ntk,
                              double time, double lr, double reg, boolean variance) {
        if (!ntk) {
            KernelBlocks k = new KernelBlocks(nngp(train, null), nngp(test, train), variance ? nngp(test, null) : null);
            return Predictor.predictNngp(k, targets, time, lr, reg, variance);
        }
        if (!variance) {
            return Predictor.predictNtk(new KernelBlocks(ntk(train, null), ntk(test, train), null), null,
                    targets, time, lr, reg, false);
        }
        Kernels tt = kernels(train, null), st = kernels(test, train), ss = kernels(test, null);
        return Predictor.predictNtk(new KernelBlocks(tt.ntk(), st.ntk(), ss.ntk()),
                new KernelBlocks(tt.nngp(), st.nngp(), ss.nngp()), targets, time, lr, reg, true);
    }
}
