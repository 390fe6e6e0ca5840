package examples.common;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import tp.cli.Main;

/**
 * Runs {@code tp} commands inside this JVM ({@link Main#run}, exactly what {@code ./tp ARGS} runs)
 * and echoes each one as the shell line that reproduces it, with its wall time. The examples use
 * it so that every number they report comes from a command a user can rerun by hand.
 */
public final class Tp {
    private final PrintStream log;
    private double totalSeconds;

    /** @param log where the command lines, timings and the commands' progress/error text go */
    public Tp(PrintStream log) {
        this.log = log;
    }

    /** Runs {@code tp ARGS}; returns its standard output; throws if the exit status is not 0. */
    public String run(String... args) {
        log.println("$ ./tp " + String.join(" ", args));
        StringWriter out = new StringWriter();
        long t0 = System.nanoTime();
        // standard error (progress meters, messages) goes straight to the log, live
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(log, true));
        double s = (System.nanoTime() - t0) * 1e-9;
        totalSeconds += s;
        if (status != 0) throw new IllegalStateException("tp " + args[0] + " failed with exit status " + status);
        log.printf(Locale.ROOT, "  (%.1f s)%n", s);
        return out.toString();
    }

    /** Wall time of every command run so far, in seconds. */
    public double totalSeconds() {
        return totalSeconds;
    }
}
