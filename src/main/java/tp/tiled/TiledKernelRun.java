package tp.tiled;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tp.UserError;

/**
 * Computes a tiled kernel on one machine, resumably: finished tiles (listed in the manifest, or
 * present under their final name after a kill between the rename and the manifest update) are
 * kept, the others computed in order. Tile k+1 is computed while tile k is written, so at most
 * two tiles are in memory.
 */
public final class TiledKernelRun {
    private TiledKernelRun() {}

    /** Told about progress; may throw to stop the run (tests use that to simulate a kill). */
    public interface Listener {
        /** Before the first tile: how many tiles (of all kinds together) were already finished. */
        default void starting(int finishedTiles, int totalTiles) {}

        /** After each tile is written: work (kernel elements) done in this run, left, and in all. */
        default void tileWritten(double workDoneNow, double workLeftAtStart, int tilesLeft) {}
    }

    public record Result(int computed, int skipped, Manifest manifest) {}

    public static Result run(TileStorage st, Manifest wanted, TileEngine engine, Listener listener) {
        try {
            return runChecked(st, wanted, engine, listener);
        } catch (IOException e) {
            throw new UserError(null, "writing the tiled kernel " + st.where("") + ": " + e.getMessage()
                    + " (finished tiles are kept: run the same command again to resume)");
        }
    }

    private static Result runChecked(TileStorage st, Manifest wanted, TileEngine engine, Listener listener)
            throws IOException {
        Manifest m = openOrCreate(st, wanted);
        TileLayout layout = m.layout;
        List<int[]> pending = new ArrayList<>();
        for (int[] t : layout.tiles()) {
            boolean done = true;
            for (String k : m.kinds) done &= m.has(TileLayout.name(k, t[0], t[1]));
            if (!done) pending.add(t);
        }
        int all = layout.tiles().size();
        listener.starting(all - pending.size(), all);
        double workLeft = 0;
        for (int[] t : pending) workLeft += layout.work(t[0], t[1]);
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "tp-tile-writer");
            th.setDaemon(true);
            return th;
        });
        Future<?> writing = null;
        double workDone = 0;
        try {
            for (int p = 0; p < pending.size(); p++) {
                int[] t = pending.get(p);
                double[][] tile = engine.compute(t[0], t[1]);
                await(writing);
                workDone += layout.work(t[0], t[1]);
                double wd = workDone, wl = workLeft;
                int left = pending.size() - p - 1;
                writing = writer.submit(() -> {
                    for (int k = 0; k < m.kinds.size(); k++) {
                        String name = TileLayout.name(m.kinds.get(k), t[0], t[1]);
                        double[] data = tile[k];
                        long[] crc = new long[1];
                        st.write(name, out -> crc[0] = TileCodec.write(out, data, layout.rowsOf(t[0]), layout.colsOf(t[1])));
                        m.put(name, crc[0]);
                    }
                    m.write(st);
                    listener.tileWritten(wd, wl, left);
                    return null;
                });
            }
            await(writing);
        } finally {
            writer.shutdownNow();
        }
        m.markCompleteIfDone();
        m.write(st);
        return new Result(pending.size(), all - pending.size(), m);
    }

    private static void await(Future<?> f) throws IOException {
        if (f == null) return;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error er) throw er;
            throw new IllegalStateException(c);
        }
    }

    /**
     * The manifest to continue: the stored one if it describes the same job (its listed tiles
     * checked to exist, unlisted finished files adopted after a full read), else a new one.
     */
    public static Manifest openOrCreate(TileStorage st, Manifest wanted) throws IOException {
        Manifest m = Manifest.read(st);
        if (m == null) {
            for (String k : wanted.kinds) st.cleanTemporaries(k);
            wanted.write(st);
            return wanted;
        }
        String diff = m.differenceFrom(wanted);
        if (diff != null) {
            throw new UserError(st.where(""), "this tiled kernel " + diff
                    + "; choose another --out, or delete it to start over");
        }
        Manifest fresh = new Manifest(m.layout, m.kinds, m.programName, m.programSha256, m.x1, m.x2);
        for (String k : m.kinds) {
            st.cleanTemporaries(k);
            for (String name : st.list(k)) {
                String listed = m.checksum(name);
                int[] t = parse(name, k);
                if (t == null || !m.layout.contains(t[0], t[1])) continue;
                if (listed != null) {
                    fresh.putText(name, listed);
                } else {
                    // finished and renamed, but the run died before recording it: adopt it if it reads back whole
                    try (InputStream in = st.open(name)) {
                        double[] into = new double[m.layout.rowsOf(t[0]) * m.layout.colsOf(t[1])];
                        fresh.put(name, TileCodec.read(in, m.layout.rowsOf(t[0]), m.layout.colsOf(t[1]), into, st.where(name)));
                    } catch (IOException e) {
                        st.delete(name);
                    }
                }
            }
        }
        fresh.markCompleteIfDone();
        fresh.write(st);
        return fresh;
    }

    /** "42 s", "3 min 05 s", "2 h 10 min". */
    public static String duration(double s) {
        long t = Math.round(s);
        if (t < 60) return t + " s";
        if (t < 3600) return String.format("%d min %02d s", t / 60, t % 60);
        return String.format("%d h %02d min", t / 3600, t % 3600 / 60);
    }

    /** {bi, bj} of a tile file name of kind k inside the layout's range, else null. */
    static int[] parse(String name, String kind) {
        String prefix = kind + "/tile-";
        if (!name.startsWith(prefix) || !name.endsWith(".npy")) return null;
        String[] p = name.substring(prefix.length(), name.length() - 4).split("-");
        if (p.length != 2) return null;
        try {
            int[] t = {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
            return TileLayout.name(kind, t[0], t[1]).equals(name) ? t : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
