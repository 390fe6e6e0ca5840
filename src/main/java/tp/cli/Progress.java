package tp.cli;

import java.io.PrintWriter;
import java.util.function.DoubleConsumer;

/**
 * Progress on standard error for long runs: silent for the first two seconds, then at most one
 * update a second ("tp kernel:  42% (3 s, about 4 s left)"), ending the line at 100%. The time
 * left is extrapolated from the progress since the first report (a report of 0 marks the start
 * of the measured work, so that planning before it does not distort the estimate).
 */
final class Progress implements DoubleConsumer {
    private final String label;
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long last;
    private long mark = -1;
    private double markFraction;

    Progress(String label, PrintWriter err) {
        this.label = label;
        this.err = err;
    }

    @Override
    public synchronized void accept(double fraction) {
        long now = System.nanoTime();
        if (mark < 0) {
            mark = now;
            markFraction = fraction;
        }
        if (now - start < 2_000_000_000L) return;
        if (fraction < 1 && now - last < 1_000_000_000L) return;
        last = now;
        String left = "";
        if (fraction < 1 && fraction > markFraction) {
            double s = (now - mark) / 1e9 * (1 - fraction) / (fraction - markFraction);
            left = s < 1 ? ", under 1 s left" : s < 120 ? String.format(", about %.0f s left", s)
                    : String.format(", about %.0f min left", s / 60);
        }
        err.printf("%s: %3.0f%% (%.0f s%s)%s", label, 100 * Math.min(1, fraction), (now - start) / 1e9, left,
                fraction >= 1 ? "\n" : "\r");
        err.flush();
    }

    /** A free-form status line, shown under the same two-second rule. */
    synchronized void say(String message) {
        if (System.nanoTime() - start < 2_000_000_000L) return;
        err.println(label + ": " + message);
        err.flush();
    }
}
