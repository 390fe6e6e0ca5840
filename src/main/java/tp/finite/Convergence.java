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
 */
public final class Convergence {
    /** Expected slope and the tolerance of the verdict. */
    public static final double EXPECTED_SLOPE = -0.5, SLOPE_TOLERANCE = 0.15;

    private Convergence() {}

    /** Errors of one width, one entry per seed (seeds 0, 1, ...). */
    public record Point(int width, double[] nngpErrors, double[] ntkErrors) {
        public double nngpMean() { return mean(nngpErrors); }
        public double ntkMean() { return mean(ntkErrors); }
        /** Sample standard deviation over seeds (0 for one seed). */
        public double nngpSpread() { return spread(nngpErrors); }
        public double ntkSpread() { return spread(ntkErrors); }
    }

    /** All points and the fitted slopes (NaN with fewer than two widths). */
    public record Result(List<Point> points, double nngpSlope, double ntkSlope) {
        public boolean nngpConverges() { return withinTolerance(nngpSlope); }
        public boolean ntkConverges() { return withinTolerance(ntkSlope); }

        /** One line: whether both kernels converge like n^-1/2. */
        public String verdict() {
            if (points.size() < 2) return "need at least two widths to fit a slope";
            if (nngpConverges() && ntkConverges()) {
                return String.format("OK: both kernels converge like n^-1/2 (slopes %.2f, %.2f; expected %.2f +- %.2f)",
                        nngpSlope, ntkSlope, EXPECTED_SLOPE, SLOPE_TOLERANCE);
            }
            return String.format("MISMATCH: slopes NNGP %.2f, NTK %.2f; expected %.2f +- %.2f%s",
                    nngpSlope, ntkSlope, EXPECTED_SLOPE, SLOPE_TOLERANCE,
                    nngpSlope > -0.2 || ntkSlope > -0.2
                            ? " (an error that does not fall with width means the finite and infinite kernels disagree)"
                            : " (more seeds or larger widths may settle it)");
        }
    }

    /**
     * Runs every width in {@code widths} for seeds {@code 0 .. seeds-1}; {@code progress}
     * receives one line per sampled network (may be null).
     */
    public static Result run(Program p, DMatrixRMaj x, DMatrixRMaj nngp, DMatrixRMaj ntk, List<Integer> widths,
                             int seeds, Consumer<String> progress) {
        List<Point> points = new ArrayList<>();
        for (int width : widths) {
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
        double[] w = new double[points.size()], m1 = new double[points.size()], m2 = new double[points.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = points.get(i).width();
            m1[i] = points.get(i).nngpMean();
            m2[i] = points.get(i).ntkMean();
        }
        return new Result(points, slope(w, m1), slope(w, m2));
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
