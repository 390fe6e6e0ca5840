package tp;

/**
 * With {@code -Dtp.timing=true} or {@code -Dtp.timing=marks}: milestones of a run on standard
 * error, as {@code tp: at 0.412 s: inputs read}, timed from the start of the process (the
 * launcher and the JVM's own start-up included), so that a whole-process time can be split into
 * its phases (docs/PERFORMANCE.md). {@code true} adds the phases' CPU times, whose probes (the
 * management beans) cost about 0.03 s themselves; {@code marks} prints the milestones alone.
 * Without the property a mark costs one static field read.
 */
public final class Timeline {
    private static final boolean ON = "true".equals(System.getProperty("tp.timing")) || "marks".equals(System.getProperty("tp.timing"));
    /** When the process started, in epoch milliseconds (the OS counts in ticks of about 10 ms). */
    private static final long START = ON ? ProcessHandle.current().info().startInstant()
            .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis()) : 0;

    private Timeline() {}

    /** Prints the milestone {@code what} with the time since the process started, when timing. */
    public static void mark(String what) {
        if (ON) System.err.printf("tp: at %.3f s: %s%n", (System.currentTimeMillis() - START) / 1e3, what);
    }
}
