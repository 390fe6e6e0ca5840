package tp.finite;

import java.util.Locale;
import tp.UserError;
import tp.lang.Def;
import tp.lang.Program;
import tp.lang.Var;

/**
 * What a finite-width run allocates, checked before anything is sampled: every array must fit a
 * Java array (at most {@link #MAX_ARRAY} entries) and the total must fit the heap. A width that
 * does not fit is a user error that says the largest width that does, instead of an
 * {@code IllegalArgumentException} from deep inside the matrix library or an
 * {@code OutOfMemoryError} minutes later.
 *
 * <p>The estimate, in doubles: the parameters (twice when training: the gradients are held
 * before the update), per point set the forward value and the adjoint of every vector variable
 * (dim x N each) plus two temporaries of the widest one, and four N1 x N2 kernel-sized
 * matrices (the kernel and the products it is assembled from). It is a lower bound of what the
 * run really holds, so a refusal is never wrong; the heap is taken with a 10% margin.
 */
public final class Footprint {
    /** The largest array length the JVM allows (a few below Integer.MAX_VALUE). */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Footprint() {}

    /**
     * Throws a {@link UserError} when running {@code p} at {@code width} on {@code points1} (and
     * {@code points2}, 0 if none) data points would not fit; {@code training} also counts the
     * gradients.
     */
    public static void require(Program p, int width, int points1, int points2, boolean training) {
        long heap = Runtime.getRuntime().maxMemory();
        String why = problem(p, width, points1, points2, training, heap);
        if (why == null) return;
        int best = largestWidth(p, width, points1, points2, training, heap);
        String fits = best >= 1 ? "the largest width that fits is " + best
                : "no width fits these " + points1 + (points2 > 0 ? " x " + points2 : "") + " data points";
        throw new UserError(null, "width " + width + " is too large: " + why + "; " + fits
                + " (the heap is set by -Xmx in TP_JAVA_OPTS)");
    }

    /** Why the run does not fit, or null when it does. */
    static String problem(Program p, long width, int points1, int points2, boolean training, long heapBytes) {
        double doubles = 0;
        long widest = 0, vectors = 0;
        for (Var v : p.vars()) {
            long rows = size(v, false, width);
            if (v.isParameter()) {
                long cols = v.cols() == null ? 1 : size(v, true, width);
                double entries = (double) rows * cols;
                if (entries > MAX_ARRAY) {
                    return String.format(Locale.ROOT, "%s (%d x %d) would have %.3g entries, more than a Java array holds (%d)",
                            p.shown(v), rows, cols, entries, MAX_ARRAY);
                }
                doubles += (training && v.isTrainable() ? 2 : 1) * entries;
            } else if (!(v.def() instanceof Def.Transpose)) {
                vectors += rows;
                widest = Math.max(widest, rows);
            }
        }
        for (int points : new int[] {points1, points2}) {
            if (points == 0) continue;
            if ((double) widest * points > MAX_ARRAY) {
                return String.format(Locale.ROOT, "a variable of dimension %d on %d data points would have %.3g entries,"
                        + " more than a Java array holds (%d)", widest, points, (double) widest * points, MAX_ARRAY);
            }
            doubles += (2.0 * vectors + 2.0 * widest) * points;
        }
        double kernel = (double) points1 * (points2 > 0 ? points2 : points1);
        if (kernel > MAX_ARRAY) {
            return String.format(Locale.ROOT, "the %d x %d kernel would have %.3g entries, more than a Java array holds (%d)",
                    points1, points2 > 0 ? points2 : points1, kernel, MAX_ARRAY);
        }
        doubles += 4 * kernel;
        double bytes = 8 * doubles;
        if (bytes > 0.9 * heapBytes) {
            return String.format(Locale.ROOT, "it needs at least %s of memory and the heap holds %s", gb(bytes), gb(heapBytes));
        }
        return null;
    }

    /** The largest width below {@code width} that fits (0 if none): the footprint grows with the width. */
    static int largestWidth(Program p, int width, int points1, int points2, boolean training, long heapBytes) {
        int lo = 0, hi = width; // fits(lo) or lo == 0; !fits(hi)
        while (hi - lo > 1) {
            int mid = lo + (hi - lo) / 2;
            if (problem(p, mid, points1, points2, training, heapBytes) == null) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /** A dimension at width n without the int overflow check of DimRef.at (the search may go beyond it). */
    private static long size(Var v, boolean cols, long n) {
        tp.lang.DimRef d = cols ? v.cols() : v.dim();
        return d.isFinite() ? d.literal() : Math.max(1, Math.round(d.ratio() * n));
    }

    private static String gb(double bytes) {
        return bytes >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9) : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
