package tp;

/**
 * With {@code -Dtp.timing=true}: milestones of a run on standard error, as
 * {@code tp: at 0.412 s: inputs read}, timed from the start of the process (the JVM's own
 * start-up included), so that a whole-process time can be split into its phases
 * (docs/PERFORMANCE.md). Without the property a mark costs one static field read.
 */
public final class Timeline {
    private static final boolean ON = Boolean.getBoolean("tp.timing");
    /** When the process started, in epoch milliseconds (the OS counts in ticks of about 10 ms). */
    private static final long START = ON ? ProcessHandle.current().info().startInstant()
            .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis()) : 0;

    private Timeline() {}

    /** Prints the milestone {@code what} with the time since the process started, when timing. */
    public static void mark(String what) {
        if (ON) System.err.printf("tp: at %.3f s: %s%n", (System.currentTimeMillis() - START) / 1e3, what);
    }
}
