package tp.cli;

import java.io.PrintWriter;
import java.util.function.DoubleConsumer;

/**
 * Progress on standard error for long runs: silent for the first two seconds, then at most one
 * update a second ("tp kernel:  42% (3 s)"), ending the line at 100%.
 */
final class Progress implements DoubleConsumer {
    private final String label;
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long last;

    Progress(String label, PrintWriter err) {
        this.label = label;
        this.err = err;
    }

    @Override
    public synchronized void accept(double fraction) {
        long now = System.nanoTime();
        if (now - start < 2_000_000_000L) return;
        if (fraction < 1 && now - last < 1_000_000_000L) return;
        last = now;
        err.printf("%s: %3.0f%% (%.0f s)%s", label, 100 * Math.min(1, fraction), (now - start) / 1e9, fraction >= 1 ? "\n" : "\r");
        err.flush();
    }

    /** A free-form status line, shown under the same two-second rule. */
    synchronized void say(String message) {
        if (System.nanoTime() - start < 2_000_000_000L) return;
        err.println(label + ": " + message);
        err.flush();
    }
}
