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
import tp.linalg.GramBlocks;

/**
 * Runs a {@link Plan} on data: Gram matrices of the input slices through BLAS, the diagonal
 * pass for each point set, then the cross pass over row blocks of the N1 x N2 kernel on a few
 * threads (only the upper triangle when the two sets are the same, mirrored at the end). Every
 * op's output is checked for NaN/infinity, reported as a {@link UserError} naming the variable.
 */
final class Executor {
    /** Target elements per cross tile: the slots of one tile stay in cache. */
    private static final int TILE = 2048;

    private final Plan plan;
    private final int threads;
    private final DoubleConsumer progress;
    /** Quasi-Monte Carlo use in the last run: largest standard error, number of estimates. */
    double qmcError;
    long qmcCount;
    long mehlerFallbacks;

    Executor(Plan plan, int threads, DoubleConsumer progress) {
        this.plan = plan;
        this.threads = Math.max(1, threads);
        this.progress = progress;
    }

    /** Returns {nngp, ntk} (null where the plan's output is null). */
    DMatrixRMaj[] run(DMatrixRMaj x1, DMatrixRMaj x2) {
        boolean sym = x2 == null;
        DMatrixRMaj xb = sym ? x1 : x2;
        int n1 = x1.numRows, n2 = xb.numRows;
        double[][] grams = new double[plan.grams().size()][];
        for (int k = 0; k < grams.length; k++) grams[k] = gram(plan.grams().get(k), x1, xb, sym);
        // the per-point Gram values are GramBlocks.dot values, which a self Gram also holds on its
        // diagonal: a point paired with itself sees identical numbers, and every element is
        // independent of how the data was split into calls (tiled kernels, tp.tiled)
        double[][] diag1 = diagPass(x1);
        double[][] diag2 = sym ? diag1 : diagPass(xb);
        DMatrixRMaj nngp = plan.nngp() == null ? null : new DMatrixRMaj(n1, n2);
        DMatrixRMaj ntk = plan.ntk() == null ? null : new DMatrixRMaj(n1, n2);
        int rowsPerTile = Math.max(1, TILE / Math.max(1, n2));
        int tiles = (n1 + rowsPerTile - 1) / rowsPerTile;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        java.util.concurrent.ConcurrentHashMap<Object, Object> cache = new java.util.concurrent.ConcurrentHashMap<>();
        Runnable worker = () -> {
            Tile t = new Tile();
            t.cache = cache;
            t.slots = allocate(plan.crossOps(), plan.crossSlots(), rowsPerTile * n2);
            t.cols = n2;
            t.upper = sym;
            t.diagRow = diag1;
            t.diagCol = diag2;
            t.gram = grams;
            t.gramLd = n2;
            t.cross = true;
            Workspace ws = new Workspace();
            int k;
            while ((k = next.getAndIncrement()) < tiles) {
                t.r0 = k * rowsPerTile;
                t.rows = Math.min(rowsPerTile, n1 - t.r0);
                for (Op op : plan.crossOps()) {
                    op.run(t, ws);
                    check(op, t, plan.crossNames());
                }
                store(t, plan.nngp(), nngp);
                store(t, plan.ntk(), ntk);
                int d = done.incrementAndGet();
                if (progress != null) progress.accept((double) d / tiles);
            }
            report(ws);
        };
        parallel(worker, Math.min(threads, tiles));
        if (sym) {
            mirror(nngp);
            mirror(ntk);
        }
        return new DMatrixRMaj[] {nngp, ntk};
    }

    private double[][] diagPass(DMatrixRMaj x) {
        int n = x.numRows;
        double[][] slots = allocate(plan.diagOps(), plan.diagSlots(), n);
        double[][] g = new double[plan.grams().size()][n];
        int width = x.numCols;
        for (int k = 0; k < g.length; k++) {
            int[] p = plan.grams().get(k);
            for (int i = 0; i < n; i++) {
                g[k][i] = GramBlocks.dot(x.data, i * width + p[0], x.data, i * width + p[1], p[2]);
            }
        }
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
                t.gram = g;
                for (Op op : plan.diagOps()) {
                    op.run(t, ws);
                    check(op, t, plan.diagNames());
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
    }

    /** Arrays for the slots the ops write; dead slots stay null. */
    private static double[][] allocate(List<Op> ops, int slots, int length) {
        double[][] a = new double[slots][];
        for (Op op : ops) for (int o : op.outputs()) a[o] = new double[length];
        return a;
    }

    private double[] gram(int[] p, DMatrixRMaj x1, DMatrixRMaj x2, boolean sym) {
        return GramBlocks.gram(x1.data, x1.numRows, x1.numCols, p[0], x2.data, x2.numRows, x2.numCols, p[1], p[2], sym,
                threads);
    }

    private static void store(Tile t, Src s, DMatrixRMaj m) {
        if (m == null) return;
        Tile.In in = t.in(s);
        for (int r = 0; r < t.rows; r++) {
            int o = (t.r0 + r) * t.cols;
            for (int c = t.first(r); c < t.cols; c++) m.data[o + c] = in.at(r, c);
        }
    }

    private static void mirror(DMatrixRMaj m) {
        if (m == null) return;
        int n = m.numRows;
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) m.data[i * n + j] = m.data[j * n + i];
    }

    private static void check(Op op, Tile t, String[] names) {
        for (int slot : op.outputs()) {
            double[] a = t.slots[slot];
            for (int r = 0; r < t.rows; r++) {
                int o = t.base + r * t.cols;
                double acc = 0;
                for (int c = t.first(r); c < t.cols; c++) acc += a[o + c] - a[o + c];
                if (acc == 0) continue;
                for (int c = t.first(r); c < t.cols; c++) {
                    if (!Double.isFinite(a[o + c])) {
                        String where = t.cross ? "data points " + (t.r0 + r) + " (of --x1) and " + c + " (of --x2)"
                                : "data point " + (t.r0 + r);
                        throw new UserError(null, "the infinite-width kernel is not finite (" + a[o + c] + ") at variable "
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
