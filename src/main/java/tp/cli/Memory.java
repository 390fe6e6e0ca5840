package tp.cli;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import tp.UserError;

/**
 * Up-front memory checks: a data set whose results cannot fit in the JVM heap is refused in
 * milliseconds, with what does fit and how to raise the limit, instead of running out of memory
 * after minutes of work.
 *
 * <p>The estimates are lower bounds: the result matrices a command must hold at once (N1 x N2
 * doubles each; the NTK computation holds the NNGP beside it), plus the network's parameters for
 * the finite-width commands. The infinite-width engine works in tiles, so its working set beyond
 * its results is small (measured: the NTK of 4000 points, two 128 MB results, runs in a 270 MB
 * heap). A lower bound never refuses a run that would have worked; a run just above it may
 * still run out of memory later, and is then reported as such.
 */
final class Memory {
    private Memory() {}

    private static final double GIB = 1024.0 * 1024 * 1024;
    /** A DMatrixRMaj is indexed by int: at most this many entries. */
    static final long MAX_ENTRIES = Integer.MAX_VALUE - 8;

    /**
     * Requires {@code count} matrices of {@code rows x cols} doubles plus {@code extraBytes} to fit;
     * {@code what} names them ("the 60000 x 60000 NTK and NNGP"). For a square result
     * ({@code rows == cols}, one point set) the message says how many points fit.
     */
    static void requireMatrices(String what, long rows, long cols, int count, long extraBytes, boolean square) {
        requireIndexable(what, rows, cols);
        long bytes = 8L * count * rows * cols + extraBytes;
        long avail = availableAfterGc(bytes);
        if (bytes <= avail) return;
        String fits;
        if (extraBytes >= avail) {
            fits = "the network's parameters alone need " + gib(extraBytes) + ": use a smaller width";
        } else {
            long fitting = (avail - extraBytes) / (8L * count);
            fits = square ? "about " + (long) Math.floor(Math.sqrt((double) fitting)) + " points fit in this heap"
                    : "about " + fitting / Math.max(1, rows) + " points fit beside these " + rows;
        }
        throw tooLarge(what, bytes, avail, fits);
    }

    /** A rows x cols matrix of doubles must have at most 2^31 - 9 entries (Java arrays are int-indexed). */
    static void requireIndexable(String what, long rows, long cols) {
        if (rows > 0 && cols > 0 && (rows > MAX_ENTRIES / cols)) {
            long side = (long) Math.floor(Math.sqrt((double) MAX_ENTRIES));
            throw new UserError(null, "too many points for " + what + ": a " + rows + " x " + cols + " matrix has more"
                    + " than 2^31 entries, the most one matrix can hold (" + side + " x " + side + "); use fewer points");
        }
    }

    /** Requires {@code bytes} to fit; {@code smaller} says what to reduce ("use a smaller width"). */
    static void requireBytes(String what, long bytes, String smaller) {
        long avail = availableAfterGc(bytes);
        if (bytes <= avail) return;
        throw tooLarge(what, bytes, avail, smaller);
    }

    private static UserError tooLarge(String what, long bytes, long avail, String advice) {
        return new UserError(null, "not enough memory for " + what + ": at least " + gib(bytes) + " needed, "
                + gib(avail) + " left (JVM limit " + gib(maxHeap()) + "); " + advice + ", or " + raise(bytes));
    }

    /** The advice: a larger heap through TP_JAVA_OPTS, when the machine has the memory. */
    private static String raise(long bytes) {
        long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        long want = (long) Math.ceil((bytes + used) * 1.25 / GIB) + 1;
        long physical = physicalMemory();
        String advice = "give the JVM more memory, e.g. TP_JAVA_OPTS='-Xmx" + want + "g -Xss16m'";
        if (physical > 0 && want * GIB > physical) {
            advice += " (more than this machine's " + gib(physical) + ")";
        }
        return advice;
    }

    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** {@link #available}, after a garbage collection if the first figure is short of {@code bytes}. */
    private static long availableAfterGc(long bytes) {
        long avail = available();
        if (bytes <= avail) return avail;
        System.gc(); // what is "in use" may be garbage (the bytes of a data file just parsed)
        return available();
    }

    /** What the heap can still grow by: the limit less what is in use now (program, data). */
    static long available() {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        if (max == Long.MAX_VALUE) return Long.MAX_VALUE;
        return max - (rt.totalMemory() - rt.freeMemory());
    }

    private static long physicalMemory() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getTotalMemorySize();
            }
        } catch (RuntimeException | LinkageError e) {
            // not a HotSpot-like JVM: no figure, no advice about it
        }
        return 0;
    }

    static String gib(double bytes) {
        if (bytes >= GIB) return String.format(Locale.ROOT, "%.1f GiB", bytes / GIB);
        return String.format(Locale.ROOT, "%.0f MiB", Math.ceil(bytes / (1024.0 * 1024)));
    }
}
