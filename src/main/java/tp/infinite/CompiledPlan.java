package tp.infinite;

import java.util.function.DoubleConsumer;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;

/**
 * One compiled kernel computation, detached from the program it came from: the plan (NNGP, NTK
 * or both), its cost model, and what checking the data needs (the program's name and input row
 * length). {@link InfiniteWidth#compiled} makes one; {@link #toBytes}/{@link #fromBytes} store it
 * so that {@code tp kernel} can skip the front end and the planner on a program it has compiled
 * before (the plan cache, docs/PERFORMANCE.md). Each call runs on {@code tp.threads} threads.
 */
public final class CompiledPlan {
    final Plan plan;
    private final PlanCost cost;
    private final String programName;
    private final int inputWidth;
    private DoubleConsumer progress;
    /** What the last {@link #run} reported, null before the first. */
    private volatile Result last;

    CompiledPlan(Plan plan, PlanCost cost, String programName, int inputWidth) {
        this.plan = plan;
        this.cost = cost;
        this.programName = programName;
        this.inputWidth = inputWidth;
    }

    /** The program's name (for messages about the data). */
    public String programName() { return programName; }

    /** Values per data row. */
    public int inputWidth() { return inputWidth; }

    /** Blocks, ops and the time model of this plan. */
    public PlanCost cost() { return cost; }

    /** Whether the plan computes the NNGP, the NTK. */
    public boolean hasNngp() { return plan.nngp() != null; }

    public boolean hasNtk() { return plan.ntk() != null; }

    /** Receives the fraction of the cross pass done (from worker threads), or null for none. */
    public CompiledPlan onProgress(DoubleConsumer progress) {
        this.progress = progress;
        return this;
    }

    /** The kernels between the rows of x1 and x2 (x2 null: x1 with itself): {NNGP, NTK}, null where not planned. */
    public DMatrixRMaj[] run(DMatrixRMaj x1, DMatrixRMaj x2) {
        Result r = execute(plan, x1, x2, inputWidth, programName, progress);
        last = r;
        return r.kernels;
    }

    /** As {@link InfiniteWidth#lastErrorEstimate}, of the last {@link #run}. */
    public double lastErrorEstimate() {
        Result l = last;
        return l == null ? 0 : l.qmcError;
    }

    /** As {@link InfiniteWidth#lastNumericalTolerance}, of the last {@link #run}. */
    public double lastNumericalTolerance() {
        Result l = last;
        return l == null ? 0 : l.noise;
    }

    /** As {@link InfiniteWidth#lastQuasiMonteCarloCount}, of the last {@link #run}. */
    public long lastQuasiMonteCarloCount() {
        Result l = last;
        return l == null ? 0 : l.qmcCount;
    }

    /**
     * The plan as bytes ({@link PlanCodec}), or null when it holds an op that cannot be stored (a
     * quadrature, Mehler or Hermite op carries a function, not data: such plans are not cached).
     */
    public byte[] toBytes() {
        return PlanCodec.encode(this);
    }

    /** A plan {@link #toBytes} stored; IllegalArgumentException when the bytes are not one. */
    public static CompiledPlan fromBytes(byte[] bytes) {
        return PlanCodec.decode(bytes);
    }

    /**
     * Starts loading the native BLAS (0.3-0.5 s) on a daemon thread when the plan has per-tile
     * matrix products, so that it overlaps reading the data (the work path's first
     * {@code Blas.get()} then waits for it).
     */
    public CompiledPlan preloadBlas() {
        for (Op op : plan.crossOps()) {
            if (op instanceof GramOp g && g.usesBlas()) {
                InfiniteWidth.loadBlasInBackground();
                break;
            }
        }
        return this;
    }

    private record Result(DMatrixRMaj[] kernels, double qmcError, long qmcCount, double noise) {}

    /** Checks the data against the program, runs the plan, and collects what its numerical methods report. */
    private static Result execute(Plan plan, DMatrixRMaj x1, DMatrixRMaj x2, int inputWidth, String name, DoubleConsumer progress) {
        check(x1, "--x1", inputWidth, name);
        if (x2 != null) check(x2, "--x2", inputWidth, name);
        Executor ex = new Executor(plan, InfiniteWidth.threads(), progress);
        boolean timing = Boolean.getBoolean("tp.timing");
        // the management beans only when asked: loading them is 0.02-0.04 s of a short run
        var os = timing ? (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean() : null;
        long t0 = System.nanoTime(), c0 = timing ? os.getProcessCpuTime() : 0;
        DMatrixRMaj[] r = ex.run(x1, x2);
        if (timing) {
            System.err.printf("tp: run %.3f s wall, %.3f s process CPU; %d numerical expectations (%d Mehler series fell back"
                    + " to quadrature), largest error estimate %.2g%n", (System.nanoTime() - t0) / 1e9,
                    (os.getProcessCpuTime() - c0) / 1e9, ex.numericalCount, ex.mehlerFallbacks, ex.numericalError);
        }
        // the error estimates the numerical methods made at run time; the plan's tolerances when
        // none ran (every numerical expectation folded to a constant while planning)
        double noise = ex.numericalCount > 0 ? ex.numericalError
                : Math.max(plan.nngp() == null ? 0 : plan.nngpNoise(), plan.ntk() == null ? 0 : plan.ntkNoise());
        return new Result(r, ex.qmcError, ex.qmcCount, noise);
    }

    private static void check(DMatrixRMaj x, String which, int inputWidth, String name) {
        if (x.numCols != inputWidth) {
            throw new UserError(null, which + " has rows of length " + x.numCols + " but " + name
                    + " reads input rows of length " + inputWidth);
        }
        int n = x.numRows * x.numCols;
        if (tp.io.MatrixWriter.allFinite(x.data, 0, n)) return; // the usual case; then the search for the first
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(x.data[k])) {
                throw new UserError(null, which + " row " + (k / x.numCols) + " has a non-finite value " + x.data[k]);
            }
        }
    }
}
