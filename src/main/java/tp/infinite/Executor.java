package tp.infinite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;

/**
 * Runs a {@link Plan} on data: the diagonal pass for each point set, then the cross pass over
 * square-ish tiles of the N1 x N2 kernel on a few threads (only tiles touching the upper
 * triangle when the two sets are the same, mirrored as each tile is stored). Memory is bounded: each thread
 * holds one tile per live slot ({@link SlotAllocation}), sized so that all of them fit in
 * {@code tp.tileBytes} (system property; default 24 MB). Every op's output is checked for
 * NaN/infinity, reported as a {@link UserError} naming the variable.
 */
final class Executor {
    static final long DEFAULT_TILE_BYTES = 24L << 20;
    private static final int MIN_ELEMENTS = 256, MAX_ELEMENTS = 65536;

    private static final boolean PROFILE = Boolean.getBoolean("tp.profile");
    /** Thread CPU times for the profile (the management beans cost a short run 0.02-0.03 s: only when profiling). */
    private static final java.lang.management.ThreadMXBean CPU = PROFILE ? java.lang.management.ManagementFactory.getThreadMXBean() : null;
    static final java.util.concurrent.ConcurrentHashMap<String, Long> profile = new java.util.concurrent.ConcurrentHashMap<>();

    private final Plan plan;
    private final int threads;
    private final DoubleConsumer progress;
    /** Quasi-Monte Carlo use in the last run: largest standard error, number of estimates. */
    double qmcError;
    long qmcCount;
    long mehlerFallbacks;
    /** Deterministic numerical expectations in the last run: largest relative error estimate, count. */
    double numericalError;
    long numericalCount;

    Executor(Plan plan, int threads, DoubleConsumer progress) {
        this.plan = plan;
        this.threads = Math.max(1, threads);
        this.progress = progress;
    }

    static long tileBytes() {
        String p = System.getProperty("tp.tileBytes");
        if (p == null) return DEFAULT_TILE_BYTES;
        try {
            return Math.max(1, Long.parseLong(p.trim()));
        } catch (NumberFormatException e) {
            throw new UserError(null, "tp.tileBytes must be a positive integer (bytes), got '" + p + "'");
        }
    }

    /** Tile side (elements per row and column of a tile) for a plan with this many buffers. */
    static int tileSide(int buffers) {
        long elements = tileBytes() / (8L * Math.max(1, buffers));
        elements = Math.max(MIN_ELEMENTS, Math.min(MAX_ELEMENTS, elements));
        return Math.max(16, (int) Math.sqrt((double) elements));
    }

    /**
     * Returns {nngp, ntk} (null where the plan's output is null). When the plan integrates
     * numerically across the two points (quadrature, Mehler series with its fallback), an
     * entry's last bits and integration error depend on which point is the row point; then
     * every entry is computed with the lexicographically smaller input row as the row point, so
     * entries that must be equal (a repeated point's row, K(x, y) against K(y, x)) come from
     * the same arithmetic and are bit-identical, and an entry is the same whether it is computed
     * in a self kernel or in a block of one (tiled and distributed kernels). A self kernel gets
     * this for free: its points are sorted, the upper triangle computed, the order restored. A
     * kernel between two sets is computed in both orientations (twice the cost) and each entry
     * taken from its canonical one.
     */
    DMatrixRMaj[] run(DMatrixRMaj x1, DMatrixRMaj x2) {
        if (!orientationSensitive()) return runOrdered(x1, x2);
        int d = x1.numCols;
        if (x2 != null) {
            DMatrixRMaj[] a = runOrdered(x1, x2), b = runOrdered(x2, x1);
            int n1 = x1.numRows, n2 = x2.numRows;
            for (int i = 0; i < n1; i++) {
                for (int j = 0; j < n2; j++) {
                    if (java.util.Arrays.compare(x1.data, i * d, i * d + d, x2.data, j * d, j * d + d) <= 0) continue;
                    for (int k = 0; k < 2; k++) if (a[k] != null) a[k].data[i * n2 + j] = b[k].data[j * n1 + i];
                }
            }
            return a;
        }
        int n = x1.numRows;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> java.util.Arrays.compare(x1.data, a * d, a * d + d, x1.data, b * d, b * d + d));
        boolean identity = true;
        for (int i = 0; i < n; i++) identity &= order[i] == i;
        if (identity) return runOrdered(x1, null);
        DMatrixRMaj xs = new DMatrixRMaj(n, d);
        ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = order[i];
            System.arraycopy(x1.data, order[i] * d, xs.data, i * d, d);
        }
        try {
            DMatrixRMaj[] r = runOrdered(xs, null);
            return new DMatrixRMaj[] {unsort(r[0], ids), unsort(r[1], ids)};
        } finally {
            ids = null;
        }
    }

    /** Whether some cross-pass op integrates numerically (see {@link #run}). */
    private boolean orientationSensitive() {
        for (Op op : plan.crossOps()) if (op instanceof MehlerOp || op instanceof ScalarOp s && s.isQuadrature()) return true;
        return false;
    }

    /** Original row of each sorted row (null: not sorted), for error messages. */
    private int[] ids;

    private int id(int i) {
        return ids == null ? i : ids[i];
    }

    private static DMatrixRMaj unsort(DMatrixRMaj m, int[] ids) {
        if (m == null) return null;
        int n = m.numRows;
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) out.data[ids[a] * n + ids[b]] = m.data[a * n + b];
        return out;
    }

    /** {@link #run} with the points in the given order (x2 null: a self kernel, upper triangle mirrored). */
    private DMatrixRMaj[] runOrdered(DMatrixRMaj x1, DMatrixRMaj x2) {
        boolean sym = x2 == null;
        DMatrixRMaj xb = sym ? x1 : x2;
        int n1 = x1.numRows, n2 = xb.numRows;
        // input coordinates column by column, only when some op reads them (inlined short products)
        boolean columns = readsInputColumns();
        double[] t1 = columns ? transpose(x1) : null, t2 = sym || !columns ? t1 : transpose(xb);
        double[][] diag1 = diagPass(x1, t1);
        double[][] diag2 = sym ? diag1 : diagPass(xb, t2);
        DMatrixRMaj nngp = plan.nngp() == null ? null : new DMatrixRMaj(n1, n2);
        DMatrixRMaj ntk = plan.ntk() == null ? null : new DMatrixRMaj(n1, n2);
        tp.Timeline.mark("diagonal pass done, results allocated");
        SlotAllocation alloc = SlotAllocation.of(plan.crossOps(), plan.crossSlots(), plan.nngp(), plan.ntk());
        int side = tileSide(alloc.buffers);
        if (PROFILE) System.err.printf("  %d cross slots in %d buffers; tiles of %d x %d%n", plan.crossSlots(), alloc.buffers, side, side);
        // small batches of costly pairs: smaller tiles, so that every thread gets work and progress shows
        while (side > 1 && tileCount(n1, n2, side, sym) < 4 * threads) side = (side + 1) / 2;
        int tr = Math.min(side, Math.max(1, n1)), tc = Math.min(side, Math.max(1, n2));
        List<int[]> tiles = new ArrayList<>();
        for (int r = 0; r < n1; r += tr) {
            for (int c = 0; c < n2; c += tc) {
                if (sym && c + tc <= r) continue; // entirely below the diagonal
                tiles.add(new int[] {r, Math.min(tr, n1 - r), c, Math.min(tc, n2 - c)});
            }
        }
        boolean wideGram = false;
        for (Op op : plan.crossOps()) wideGram |= op instanceof GramOp g && g.usesBlas();
        tp.linalg.RowGram rowGram = wideGram ? tp.linalg.Blas.get().rowGram(x1.data, n1, xb.data, n2, x1.numCols) : null;
        tp.Timeline.mark("cross pass started");
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        java.util.concurrent.ConcurrentHashMap<Object, Object> cache = new java.util.concurrent.ConcurrentHashMap<>();
        int length = tr * tc;
        if (progress != null) progress.accept(0);
        Runnable worker = () -> {
            Tile t = new Tile();
            t.cache = cache;
            t.slots = alloc.allocate(length);
            t.upper = sym;
            t.diagRow = diag1;
            t.diagCol = diag2;
            t.xRow = x1.data;
            t.xCol = xb.data;
            t.xld = x1.numCols;
            t.xRowT = t1;
            t.xColT = t2;
            t.nRow = n1;
            t.nCol = n2;
            t.cross = true;
            t.rowGram = rowGram;
            Workspace ws = new Workspace();
            int k;
            while ((k = next.getAndIncrement()) < tiles.size()) {
                int[] tl = tiles.get(k);
                t.r0 = tl[0];
                t.rows = tl[1];
                t.c0 = tl[2];
                t.cols = tl[3];
                for (Op op : plan.crossOps()) {
                    long s0 = PROFILE ? CPU.getCurrentThreadCpuTime() : 0;
                    op.run(t, ws);
                    // sums and products carry NaN and infinity to the outputs; other ops may not
                    if (!(op instanceof SumProdOp)) check(op, t, plan.crossNames());
                    if (PROFILE) profile.merge(op.getClass().getSimpleName() + "/" + op.ins.length, CPU.getCurrentThreadCpuTime() - s0, Long::sum);
                }
                // a non-finite output: run the tile again op by op to name the variable where it starts
                if (!finite(t, plan.nngp()) || !finite(t, plan.ntk())) {
                    for (Op op : plan.crossOps()) {
                        op.run(t, ws);
                        check(op, t, plan.crossNames());
                    }
                }
                store(t, plan.nngp(), nngp);
                store(t, plan.ntk(), ntk);
                int d = done.incrementAndGet();
                if (progress != null) progress.accept((double) d / tiles.size());
            }
            report(ws);
        };
        try {
            parallel(worker, Math.min(threads, tiles.size()));
        } finally {
            if (rowGram != null) rowGram.close();
        }
        if (PROFILE) {
            profile.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(15)
                    .forEach(e -> System.err.printf("  %-24s %.3f s%n", e.getKey(), e.getValue() / 1e9));
            profile.clear();
        }
        tp.Timeline.mark("cross pass done");
        return new DMatrixRMaj[] {nngp, ntk};
    }

    /** Whether an op reads input coordinates directly ({@link Src#IN_ROW}, {@link Src#IN_COL}). */
    private boolean readsInputColumns() {
        for (List<Op> ops : List.of(plan.diagOps(), plan.crossOps())) {
            for (Op op : ops) for (Src in : op.ins) if (in.kind() == Src.IN_ROW || in.kind() == Src.IN_COL) return true;
        }
        return false;
    }

    /** Tiles of the given side over an n1 x n2 kernel (only those touching the upper triangle when sym). */
    static int tileCount(int n1, int n2, int side, boolean sym) {
        int a = (n1 + side - 1) / side, b = (n2 + side - 1) / side;
        return sym ? a * (a + 1) / 2 : a * b;
    }

    private static double[] transpose(DMatrixRMaj x) {
        int n = x.numRows, d = x.numCols;
        double[] t = new double[n * d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) t[j * n + i] = x.data[i * d + j];
        return t;
    }

    private double[][] diagPass(DMatrixRMaj x, double[] xt) {
        int n = x.numRows;
        double[][] slots = new double[plan.diagSlots()][];
        for (Op op : plan.diagOps()) for (int o : op.outputs()) slots[o] = new double[n];
        int chunks = Math.min(threads, Math.max(1, n / 64));
        int per = (n + chunks - 1) / chunks;
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            Workspace ws = new Workspace();
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                Tile t = new Tile();
                t.slots = slots;
                t.base = c * per;
                t.rows = Math.min(per, n - t.base);
                if (t.rows <= 0) continue;
                t.cols = 1;
                t.r0 = t.base;
                t.xRow = x.data;
                t.xld = x.numCols;
                t.xRowT = xt;
                t.nRow = n;
                for (Op op : plan.diagOps()) {
                    long s0 = PROFILE ? CPU.getCurrentThreadCpuTime() : 0;
                    op.run(t, ws);
                    check(op, t, plan.diagNames());
                    if (PROFILE) profile.merge("diag " + op.getClass().getSimpleName() + "/" + op.ins.length, CPU.getCurrentThreadCpuTime() - s0, Long::sum);
                }
            }
            report(ws);
        };
        parallel(worker, chunks);
        return slots;
    }

    private synchronized void report(Workspace ws) {
        qmcError = Math.max(qmcError, ws.qmcError);
        qmcCount += ws.qmcCount;
        mehlerFallbacks += ws.mehlerFallbacks;
        numericalError = Math.max(numericalError, ws.numericalError);
        numericalCount += ws.numericalCount;
    }

    /**
     * Writes the tile's entries into the kernel; in a self kernel also their mirror images below
     * the diagonal, a column of the tile (still in cache) to a stretch of a kernel row. A
     * separate transpose of the whole kernel at the end strode through memory a row apart: 0.05 s
     * of a 4000-point run on both cores.
     */
    private static void store(Tile t, Src s, DMatrixRMaj m) {
        if (m == null) return;
        Tile.In in = t.in(s);
        int n2 = m.numCols;
        for (int r = 0; r < t.rows; r++) {
            int o = (t.r0 + r) * n2 + t.c0;
            for (int c = t.first(r); c < t.cols; c++) m.data[o + c] = in.at(r, c);
        }
        if (!t.upper) return;
        for (int c = 0; c < t.cols; c++) {
            int col = t.c0 + c, rows = Math.min(t.rows, col - t.r0); // the tile's rows above the diagonal in this column
            int o = col * n2 + t.r0;
            for (int r = 0; r < rows; r++) m.data[o + r] = in.at(r, c);
        }
    }

    /** True when every element of the tile read from s is finite. */
    private static boolean finite(Tile t, Src s) {
        if (s == null) return true;
        Tile.In in = t.in(s);
        if (in.cs == 1) {
            for (int r = 0; r < t.rows; r++) if (!tp.io.MatrixWriter.allFinite(in.arr, in.off + r * in.rs + t.first(r), in.off + r * in.rs + t.cols)) return false;
            return true;
        }
        double acc = 0;
        for (int r = 0; r < t.rows; r++) for (int c = t.first(r); c < t.cols; c++) acc += in.at(r, c) * 0;
        return acc == 0;
    }

    private void check(Op op, Tile t, String[] names) {
        for (int slot : op.outputs()) {
            double[] a = t.slots[slot];
            for (int r = 0; r < t.rows; r++) {
                int o = t.base + r * t.cols;
                if (tp.io.MatrixWriter.allFinite(a, o + t.first(r), o + t.cols)) continue;
                for (int c = t.first(r); c < t.cols; c++) {
                    if (!Double.isFinite(a[o + c])) {
                        String where = t.cross ? "data points " + id(t.r0 + r) + " (of --x1) and "
                                + (t.upper ? id(t.c0 + c) : t.c0 + c) + " (of --x2)" : "data point " + id(t.r0 + r);
                        throw new UserError(null, "the infinite-width kernel is not finite (" + a[o + c] + ") at "
                                + names[slot] + " for " + where + " (rows counted from 0)");
                    }
                }
            }
        }
    }

    private static void parallel(Runnable worker, int n) {
        if (n <= 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread th = new Thread(r, "tp-kernel");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) fs.add(pool.submit(worker));
            for (Future<?> f : fs) f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error er) throw er;
            throw new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
