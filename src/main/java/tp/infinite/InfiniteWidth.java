package tp.infinite;

import java.util.function.DoubleConsumer;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;
import tp.compile.Canon;
import tp.compile.Gradients;
import tp.compile.Sparsity;
import tp.compile.Structure;
import tp.lang.Program;

/**
 * The infinite-width kernels of a tensor program: NNGP {@code K(x, x') = Cov[f_1(x), f_1(x')]}
 * and NTK {@code Theta(x, x')}, for every pair of rows of two data matrices.
 *
 * <p>The program is compiled once (on first use) into a plan of elementwise ops: Yang's
 * covariance recursion for the NNGP and the gradient-independent backward recursion for the
 * NTK, with each needed expectation matched to a closed form or a quadrature rule at plan time.
 * Data rows are input rows: {@code program.inputWidth()} columns, each {@code input} statement
 * reading its own columns. Thread-safe; the work runs on {@code tp.threads} threads (system
 * property; default: the number of processors).
 */
public final class InfiniteWidth {
    private final Program program;
    private final int width;
    private final Structure structure;
    private Plan both, nngpOnly, ntkOnly;
    private final java.util.Map<Integer, PlanCost> costs = new java.util.concurrent.ConcurrentHashMap<>();
    private DoubleConsumer progress;
    /** The last computation that finished (its numerical methods' reports), null before the first. */
    private volatile CompiledPlan last;

    /** Validates the program (e.g. rejects a forward pass using a matrix and its transpose). */
    public InfiniteWidth(Program program) {
        this(program, 0);
    }

    /**
     * With the width the standard parametrization's NTK needs: a parameter trained as W itself
     * (not as w in W = sigma w / sqrt(fan-in)) contributes fan-in times more, and a hidden layer's
     * fan-in is the width (every width symbol at {@code width} times its ratio); 0 for none.
     */
    public InfiniteWidth(Program program, int width) {
        this.program = program;
        this.width = width;
        this.structure = new Structure(program);
        preloadBlas(program);
    }

    /** The same program's kernels at a given width (for standard-parametrization parameters). */
    public InfiniteWidth atWidth(int width) {
        return new InfiniteWidth(program, width).onProgress(progress);
    }

    /**
     * Inputs long enough for the per-tile matrix products ({@link GramOp}) need the native BLAS,
     * whose loading takes 0.3-0.5 s: start it now on a daemon thread, so that it overlaps reading
     * the data and planning (the first {@code Blas.get()} on the work path then waits for it).
     */
    private static void preloadBlas(Program program) {
        for (tp.lang.Var v : program.inputs()) preloadBlasFor(((tp.lang.Def.Input) v.def()).size());
    }

    /**
     * Starts loading the native BLAS now when data points of this many values will need it (the
     * plan's products of long input ranges), before the program is even read: {@code tp kernel}
     * calls it with the width of its data file, so that the 0.1-0.3 s of loading runs beside the
     * front end rather than after it. At worst (a program that turns out to need no BLAS) it
     * spends that time on an otherwise idle core.
     */
    public static void preloadBlasFor(int dataColumns) {
        if (dataColumns >= GramOp.BLAS_MIN) loadBlasInBackground();
    }

    private static final java.util.concurrent.atomic.AtomicBoolean BLAS_LOADING = new java.util.concurrent.atomic.AtomicBoolean();

    /** Loads the native BLAS on a daemon thread, once (errors are reported where the work path asks for it). */
    static void loadBlasInBackground() {
        if (BLAS_LOADING.getAndSet(true)) return;
        Thread t = new Thread(() -> {
            try {
                tp.linalg.Blas.get();
                tp.Timeline.mark("native BLAS loaded (in the background)");
            } catch (RuntimeException | LinkageError e) {
                // reported where the work path asks for it
            }
        }, "tp-blas-load");
        t.setDaemon(true);
        t.start();
    }

    public Program program() {
        return program;
    }

    /** Receives the fraction of the cross pass done (from worker threads), or null for none. */
    public InfiniteWidth onProgress(DoubleConsumer progress) {
        this.progress = progress;
        return this;
    }

    /**
     * What computing the NNGP ({@code ntk} false), the NTK ({@code nngp} false) or both costs:
     * blocks, ops, and a per-element time model (compiles the plan if needed, runs nothing).
     */
    public PlanCost cost(boolean nngp, boolean ntk) {
        plan(nngp, ntk);
        return costs.get(nngp ? (ntk ? 2 : 0) : 1);
    }

    /** NNGP between the rows of x1 and of x2 (x2 null: x1 with itself, exploiting symmetry); N1 x N2. */
    public DMatrixRMaj nngp(DMatrixRMaj x1, DMatrixRMaj x2) {
        return run(compiled(true, false), x1, x2)[0];
    }

    /** NTK between the rows of x1 and of x2 (x2 null: x1 with itself); N1 x N2. */
    public DMatrixRMaj ntk(DMatrixRMaj x1, DMatrixRMaj x2) {
        return run(compiled(false, true), x1, x2)[1];
    }

    /** Both kernels in one pass. */
    public Kernels both(DMatrixRMaj x1, DMatrixRMaj x2) {
        DMatrixRMaj[] r = run(compiled(true, true), x1, x2);
        return new Kernels(r[0], r[1]);
    }

    private synchronized Plan plan(boolean nngp, boolean ntk) {
        if (nngp && ntk) return both != null ? both : (both = compile(true, true));
        if (nngp) return nngpOnly != null ? nngpOnly : (nngpOnly = compile(true, false));
        return ntkOnly != null ? ntkOnly : (ntkOnly = compile(false, true));
    }

    private Plan compile(boolean nngp, boolean ntk) {
        long t0 = now();
        PlanBuilder pb = new PlanBuilder();
        Canon canon = new Canon(structure);
        Gradients gr = new Gradients(program, structure, canon, ntk);
        long t1 = now();
        Sparsity sp = new Sparsity(program, structure, canon, gr, nngp, ntk);
        long t2 = now();
        Planner planner = new Planner(program, structure, canon, pb, sp, gr, width);
        planner.planForward();
        long t3 = now();
        Src k = nngp ? planner.nngp() : null;
        Src t = ntk ? planner.ntk() : null;
        long t4 = now();
        Plan plan = pb.build(k, t);
        long t5 = now();
        int[] cov = {sp.covariances(0).size(), sp.covariances(1).size()}, mom = {sp.moments(0).size(), sp.moments(1).size()};
        SlotAllocation alloc = SlotAllocation.of(plan.crossOps(), plan.crossSlots(), plan.nngp(), plan.ntk());
        int diagSlots = 0;
        for (Op op : plan.diagOps()) diagSlots += op.outputs().length;
        costs.put(nngp ? (ntk ? 2 : 0) : 1, new PlanCost(program.vars().size(), cov, mom, sp.classPairs().size(), sp.nodePairCount(),
                plan.diagOps().size(), plan.crossOps().size(), diagSlots, alloc.buffers,
                PlanCost.nanos(plan.diagOps()), PlanCost.nanos(plan.crossOps())));
        if (Boolean.getBoolean("tp.timing")) {
            System.err.printf("tp: plan (CPU): gradients %.3f s, sparsity %.3f s, forward %.3f s, outputs %.3f s, build %.3f s;"
                    + " %d diag + %d cross ops%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9,
                    (t5 - t4) / 1e9, plan.diagOps().size(), plan.crossOps().size());
        }
        return plan;
    }

    private DMatrixRMaj[] run(CompiledPlan cp, DMatrixRMaj x1, DMatrixRMaj x2) {
        DMatrixRMaj[] r = cp.onProgress(progress).run(x1, x2);
        last = cp;
        return r;
    }

    /**
     * The plan for the NNGP ({@code ntk} false), the NTK ({@code nngp} false) or both, with its
     * cost model, as an object that runs without the program (and can be stored).
     */
    public CompiledPlan compiled(boolean nngp, boolean ntk) {
        return new CompiledPlan(plan(nngp, ntk), cost(nngp, ntk), program.name(), program.inputWidth());
    }

    /**
     * Of the last computation: the largest standard error of an expectation estimated by
     * quasi-Monte Carlo (expectations over more than four correlated Gaussians with no closed
     * form); 0 when every expectation was a closed form or converged quadrature.
     */
    public double lastErrorEstimate() {
        CompiledPlan l = last;
        return l == null ? 0 : l.lastErrorEstimate();
    }

    /**
     * Of the last computation: the largest relative error estimate that a deterministic numerical
     * method (adaptive quadrature, Mehler series) made for one of its expectations (Gauss-Kronrod's
     * and Gauss-Hermite's own estimates, the Mehler series' Parseval bound); 0 when every
     * expectation was a closed form. Quasi-Monte Carlo is reported by {@link #lastErrorEstimate()}.
     */
    public double lastNumericalTolerance() {
        CompiledPlan l = last;
        return l == null ? 0 : l.lastNumericalTolerance();
    }

    /** Of the last computation: how many elementwise expectations were quasi-Monte Carlo estimates. */
    public long lastQuasiMonteCarloCount() {
        CompiledPlan l = last;
        return l == null ? 0 : l.lastQuasiMonteCarloCount();
    }

    /** Thread CPU time under -Dtp.timing (phase figures that a loaded machine does not inflate), else 0. */
    private static long now() {
        return Boolean.getBoolean("tp.timing") ? java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : 0;
    }

    static int threads() {
        String p = System.getProperty("tp.threads");
        if (p != null) {
            try {
                return Math.max(1, Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                throw new UserError(null, "tp.threads must be a positive integer, got '" + p + "'");
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
