package tp.finite;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import tp.lang.Program;

/**
 * The numbers behind {@code tp check}: empirical NNGP and NTK of networks sampled at several
 * widths and seeds, compared with the infinite-width kernels by relative Frobenius error
 * {@code ||K_n - K||_F / ||K||_F}, and the slope of log(mean error) against log(width) fitted
 * by least squares. Fluctuations of a width-n network's kernels are O(n^-1/2), so the slope
 * should be about -0.5.
 *
 * <p><b>Noise.</b> The slope is itself a Monte-Carlo estimate: with 3 seeds a correct program
 * can show -0.2. Its 99% confidence interval comes from the spread over seeds: the variance of
 * log(mean error) at a width is (sd/mean)^2 / S by the delta method, and since the relative
 * spread of the error of a width-n network does not depend on n asymptotically, the squared
 * coefficients of variation are pooled over the widths (W (S - 1) degrees of freedom, Student t
 * quantile). With one seed, the residuals of the fit stand in for it (needs 3 widths). A
 * kernel's verdict is OK when its slope is within {@link #EXPECTED_SLOPE} +- {@link
 * #SLOPE_TOLERANCE}, MISMATCH when the whole interval lies outside that band (the data reject
 * n^-1/2 convergence), and INCONCLUSIVE otherwise: the error is within the Monte-Carlo spread,
 * more seeds will tell.
 */
public final class Convergence {
    /** Expected slope and the tolerance of the verdict. */
    public static final double EXPECTED_SLOPE = -0.5, SLOPE_TOLERANCE = 0.15;
    /** Mean errors below this are rounding: the finite kernel is the infinite one at every width. */
    static final double EXACT = 1e-10;

    private Convergence() {}

    /** Errors of one width, one entry per seed (seeds 0, 1, ...). */
    public record Point(int width, double[] nngpErrors, double[] ntkErrors) {
        public double nngpMean() { return mean(nngpErrors); }
        public double ntkMean() { return mean(ntkErrors); }
        /** Sample standard deviation over seeds (0 for one seed). */
        public double nngpSpread() { return spread(nngpErrors); }
        public double ntkSpread() { return spread(ntkErrors); }
    }

    /** A kernel's verdict. */
    public enum Status { OK, INCONCLUSIVE, MISMATCH }

    /**
     * The fitted slope of one kernel with the half-width of its 99% confidence interval (NaN when
     * the noise cannot be estimated: one seed and two widths) and where that came from.
     */
    public record Fit(double slope, double halfWidth, String noiseFrom, boolean exact) {
        public Status status() {
            if (exact || withinTolerance(slope)) return Status.OK;
            if (Double.isNaN(slope) || Double.isNaN(halfWidth)) return Status.INCONCLUSIVE;
            double lo = EXPECTED_SLOPE - SLOPE_TOLERANCE, hi = EXPECTED_SLOPE + SLOPE_TOLERANCE;
            return slope + halfWidth < lo || slope - halfWidth > hi ? Status.MISMATCH : Status.INCONCLUSIVE;
        }

        /** "-0.218 +- 0.26", or the slope alone when there is no interval. */
        public String show() {
            if (exact) return "exact";
            return Double.isNaN(halfWidth) ? String.format("%.3f", slope) : String.format("%.3f +- %.2g", slope, halfWidth);
        }
    }

    /** All points and the fits (NaN slopes with fewer than two widths). */
    public record Result(List<Point> points, Fit nngp, Fit ntk) {
        public static Result of(List<Point> points) {
            return new Result(points, fit(points, true), fit(points, false));
        }

        public double nngpSlope() { return nngp.slope(); }
        public double ntkSlope() { return ntk.slope(); }
        public boolean nngpConverges() { return nngp.status() == Status.OK; }
        public boolean ntkConverges() { return ntk.status() == Status.OK; }

        /** The verdict of both kernels together: the worse of the two. */
        public Status status() {
            Status a = nngp.status(), b = ntk.status();
            return a.compareTo(b) >= 0 ? a : b;
        }

        /** One line: whether both kernels converge like n^-1/2, and if not what to do. */
        public String verdict() {
            if (points.size() < 2) return "need at least two widths to fit a slope";
            String band = String.format("expected %.2f +- %.2f", EXPECTED_SLOPE, SLOPE_TOLERANCE);
            switch (status()) {
                case OK:
                    return "OK: both kernels converge like n^-1/2 (slopes NNGP " + nngp.show() + ", NTK " + ntk.show()
                            + "; " + band + ")";
                case MISMATCH: {
                    Fit f = nngp.status() == Status.MISMATCH ? nngp : ntk;
                    String which = f == nngp ? "NNGP" : "NTK";
                    String both = nngp.status() == Status.MISMATCH && ntk.status() == Status.MISMATCH
                            ? "NNGP " + nngp.show() + " and NTK " + ntk.show() + " (99% intervals)" : which + " slope " + f.show()
                            + " (99% interval)";
                    String hint = f.slope() > EXPECTED_SLOPE
                            ? "the error falls slower than n^-1/2 beyond the Monte-Carlo spread: the finite and infinite"
                                    + " kernels disagree, or the widths are too small to reach the asymptotic rate"
                            : "the error falls faster than n^-1/2: the smallest widths are probably not yet in the"
                                    + " asymptotic regime; try larger widths";
                    return "MISMATCH: " + both + " excludes the " + band.substring("expected ".length()) + " band; " + hint;
                }
                default: {
                    StringBuilder sb = new StringBuilder("INCONCLUSIVE: ");
                    List<String> parts = new ArrayList<>();
                    if (nngp.status() != Status.OK) parts.add("NNGP slope " + nngp.show());
                    if (ntk.status() != Status.OK) parts.add("NTK slope " + ntk.show());
                    sb.append(String.join(", ", parts));
                    Fit f = nngp.status() != Status.OK ? nngp : ntk;
                    if (Double.isNaN(f.halfWidth())) {
                        sb.append(" is outside the ").append(band.substring("expected ".length()))
                                .append(" band but one seed at two widths gives no estimate of the Monte-Carlo noise;"
                                        + " use more seeds (e.g. --seeds 5) or more widths");
                    } else {
                        sb.append(parts.size() > 1 ? " (99% intervals from " : " (99% interval from ").append(f.noiseFrom()).append(") ")
                                .append(parts.size() > 1 ? "are" : "is").append(" still consistent with ")
                                .append(band.substring("expected ".length()))
                                .append(": the error is within the Monte-Carlo spread, not evidence of a mismatch;"
                                        + " use more seeds (e.g. --seeds 10) or larger widths to settle it");
                    }
                    return sb.toString();
                }
            }
        }
    }

    /**
     * Runs every width in {@code widths} for seeds {@code 0 .. seeds-1}; {@code progress}
     * receives one line per sampled network (may be null).
     */
    public static Result run(Program p, DMatrixRMaj x, DMatrixRMaj nngp, DMatrixRMaj ntk, List<Integer> widths,
                             int seeds, Consumer<String> progress) {
        return run(p, x, nngp, w -> ntk, widths, seeds, progress);
    }

    /**
     * As {@link #run(Program, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj, List, int, Consumer)}, with the
     * infinite-width NTK of each width from {@code ntkAt}: in the standard parametrization the NTK
     * grows with the width (it is affine in it), and a width-n network is compared with the
     * width-n NTK, each hidden kernel at its limit.
     */
    public static Result run(Program p, DMatrixRMaj x, DMatrixRMaj nngp, java.util.function.IntFunction<DMatrixRMaj> ntkAt,
                             List<Integer> widths, int seeds, Consumer<String> progress) {
        List<Point> points = new ArrayList<>();
        for (int width : widths) {
            DMatrixRMaj ntk = ntkAt.apply(width);
            double[] e1 = new double[seeds], e2 = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                long t0 = System.nanoTime();
                DMatrixRMaj[] k = FiniteNetwork.sample(p, width, s).nngpAndNtk(x, null);
                e1[s] = relativeError(k[0], nngp);
                e2[s] = relativeError(k[1], ntk);
                if (progress != null) {
                    progress.accept(String.format("width %d seed %d: NNGP error %.4g, NTK error %.4g (%.1f s)",
                            width, s, e1[s], e2[s], (System.nanoTime() - t0) * 1e-9));
                }
            }
            points.add(new Point(width, e1, e2));
        }
        return Result.of(points);
    }

    /** The slope of one kernel's mean errors and its confidence interval (see the class comment). */
    static Fit fit(List<Point> points, boolean nngp) {
        int n = points.size();
        double[] w = new double[n], m = new double[n];
        double cv2 = 0, largest = 0;
        int seeds = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Point pt = points.get(i);
            double[] e = nngp ? pt.nngpErrors() : pt.ntkErrors();
            w[i] = pt.width();
            m[i] = mean(e);
            largest = Math.max(largest, m[i]);
            double r = spread(e) / m[i];
            cv2 += r * r / e.length / n;
            seeds = Math.min(seeds, e.length);
        }
        if (largest < EXACT) return new Fit(Double.NaN, Double.NaN, "", true);
        double slope = slope(w, m);
        if (n < 2 || Double.isNaN(slope)) return new Fit(slope, Double.NaN, "", false);
        double mx = 0, sxx = 0;
        for (double x : w) mx += Math.log(x) / n;
        for (double x : w) sxx += (Math.log(x) - mx) * (Math.log(x) - mx);
        double variance;
        int dof;
        String from;
        if (seeds >= 2) {
            variance = cv2;
            dof = n * (seeds - 1);
            from = "the spread over " + seeds + " seeds";
        } else if (n >= 3) {
            double my = 0, rss = 0;
            for (double y : m) my += Math.log(y) / n;
            for (int i = 0; i < n; i++) {
                double r = Math.log(m[i]) - my - slope * (Math.log(w[i]) - mx);
                rss += r * r;
            }
            variance = rss / (n - 2);
            dof = n - 2;
            from = "the scatter of one seed about the fit";
        } else {
            return new Fit(slope, Double.NaN, "", false);
        }
        double t = org.apache.commons.statistics.distribution.TDistribution.of(dof).inverseCumulativeProbability(0.995);
        return new Fit(slope, t * Math.sqrt(variance / sxx), from, false);
    }

    /** ||a - b||_F / ||b||_F. */
    public static double relativeError(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            throw new IllegalArgumentException("kernel shapes differ: " + a.numRows + "x" + a.numCols + " vs " + b.numRows + "x" + b.numCols);
        }
        double d = 0, s = 0;
        for (int i = 0; i < a.data.length; i++) {
            double e = a.data[i] - b.data[i];
            d += e * e;
            s += b.data[i] * b.data[i];
        }
        return Math.sqrt(d / s);
    }

    /** Least-squares slope of log(y) against log(x); NaN with fewer than two points. */
    public static double slope(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) return Double.NaN;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(x[i]) / n;
            my += Math.log(y[i]) / n;
        }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(x[i]) - mx;
            sxy += dx * (Math.log(y[i]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    static boolean withinTolerance(double slope) {
        return Math.abs(slope - EXPECTED_SLOPE) <= SLOPE_TOLERANCE;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double e : v) s += e;
        return s / v.length;
    }

    static double spread(double[] v) {
        if (v.length < 2) return 0;
        double m = mean(v), s = 0;
        for (double e : v) s += (e - m) * (e - m);
        return Math.sqrt(s / (v.length - 1));
    }
}
