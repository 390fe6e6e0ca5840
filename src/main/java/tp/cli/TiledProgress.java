package tp.cli;

import java.io.PrintWriter;
import tp.tiled.TiledKernelRun;

/**
 * Progress of a tiled computation on standard error, with an estimate of the time left from the
 * rate of this run: "tp kernel: K.tpk: 37 tiles left, 41% done in 2 min 10 s, about 3 min 05 s
 * left". Quiet for the first two seconds, then at most one line every ten seconds.
 */
final class TiledProgress implements TiledKernelRun.Listener {
    private final String label;
    private final String where;
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long last;

    TiledProgress(String label, String where, PrintWriter err) {
        this.label = label;
        this.where = where;
        this.err = err;
    }

    @Override
    public void starting(int finished, int total) {
        if (finished > 0) {
            err.printf("%s: %s: resuming, %d of %d tiles already finished%n", label, where, finished, total);
            err.flush();
        }
    }

    @Override
    public synchronized void tileWritten(double done, double left, int tilesLeft) {
        long now = System.nanoTime();
        if (now - start < 2_000_000_000L || (tilesLeft > 0 && now - last < 10_000_000_000L)) return;
        last = now;
        double s = (now - start) / 1e9;
        double f = left == 0 ? 1 : done / left;
        err.printf("%s: %s: %d tiles left, %.0f%% done in %s, about %s left%n", label, where, tilesLeft, 100 * f,
                duration(s), duration(f == 0 ? 0 : s * (1 - f) / f));
        err.flush();
    }

    void finish(TiledKernelRun.Result r) {
        double s = (System.nanoTime() - start) / 1e9;
        if (s >= 2) {
            err.printf("%s: %s: done, %d tiles computed (%d kept from before) in %s%n", label, where, r.computed(), r.skipped(), duration(s));
            err.flush();
        }
    }

    static String duration(double s) {
        return TiledKernelRun.duration(s);
    }
}
