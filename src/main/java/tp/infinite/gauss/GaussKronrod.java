package tp.infinite.gauss;

import java.util.PriorityQueue;
import java.util.function.DoubleUnaryOperator;

/**
 * Globally adaptive 21-point Gauss-Kronrod quadrature on a finite interval given as sorted
 * breakpoints (put every kink or jump of the integrand at a breakpoint: the rule assumes
 * smoothness inside each piece). Error estimates as in QUADPACK's QAG (|K21 - G10| rescaled);
 * subdivision stops when their sum is below {@code relTol} times the integral of |f|, or after
 * {@link #MAX_SEGMENTS} segments.
 */
public final class GaussKronrod {
    /** Upper bound on segments, so a pathological integrand costs at most ~40k evaluations. */
    public static final int MAX_SEGMENTS = 2000;

    // Kronrod nodes on [0, 1] (odd indices are the Gauss-Legendre 10-point nodes), from QUADPACK.
    private static final double[] XGK = {
        0.995657163025808080735527280689003, 0.973906528517171720077964012084452,
        0.930157491355708226001207180059508, 0.865063366688984510732096688423493,
        0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
        0.562757134668604683339000099272694, 0.433395394129247190799265943165784,
        0.294392862701460198131126603103866, 0.148874338981631210884826001129720, 0.0};
    private static final double[] WGK = {
        0.011694638867371874278064396062192, 0.032558162307964727478818972459390,
        0.054755896574351996031381300244580, 0.075039674810919952767043140916190,
        0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
        0.123491976262065851077958109831074, 0.134709217311473325928054001771707,
        0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
        0.149445554002916905664936468389821};
    private static final double[] WG = {
        0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
        0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
        0.295524224714752870173892994651338};

    private GaussKronrod() {
    }

    private record Segment(double a, double b, double value, double err, double abs) {
    }

    /** Per thread: {error estimate, integral of |f|} of the last {@link #integrate} call. */
    private static final ThreadLocal<double[]> LAST = ThreadLocal.withInitial(() -> new double[2]);

    /**
     * The error estimate of this thread's last {@link #integrate} relative to the integral of
     * |f| (at most relTol unless the segment budget ran out).
     */
    public static double lastRelError() {
        double[] l = LAST.get();
        return l[1] > 0 ? l[0] / l[1] : 0;
    }

    /** Integral of f over [breaks[0], breaks[last]]; breaks must be non-decreasing. */
    public static double integrate(DoubleUnaryOperator f, double[] breaks, double relTol) {
        PriorityQueue<Segment> queue = new PriorityQueue<>((s, t) -> Double.compare(t.err, s.err));
        double err = 0;
        double abs = 0;
        for (int i = 0; i + 1 < breaks.length; i++) {
            if (breaks[i + 1] > breaks[i]) {
                Segment s = rule(f, breaks[i], breaks[i + 1]);
                queue.add(s);
                err += s.err;
                abs += s.abs;
            }
        }
        java.util.List<Segment> done = new java.util.ArrayList<>();
        int segments = queue.size();
        while (!queue.isEmpty() && err > relTol * abs && segments < MAX_SEGMENTS) {
            Segment s = queue.poll();
            double mid = 0.5 * (s.a + s.b);
            if (!(mid > s.a && mid < s.b)) { // cannot split further in double precision
                done.add(s);
                continue;
            }
            Segment left = rule(f, s.a, mid);
            Segment right = rule(f, mid, s.b);
            queue.add(left);
            queue.add(right);
            segments++;
            err += left.err + right.err - s.err;
            abs += left.abs + right.abs - s.abs;
        }
        done.addAll(queue);
        double[] last = LAST.get();
        last[0] = err;
        last[1] = abs;
        // sum small contributions first
        done.sort((s, t) -> Double.compare(Math.abs(s.value), Math.abs(t.value)));
        double sum = 0;
        for (Segment s : done) {
            sum += s.value;
        }
        return sum;
    }

    private static Segment rule(DoubleUnaryOperator f, double a, double b) {
        double c = 0.5 * (a + b);
        double h = 0.5 * (b - a);
        double fc = f.applyAsDouble(c);
        double resK = fc * WGK[10];
        double resG = 0;
        double resAbs = Math.abs(resK);
        double[] fv = new double[20];
        for (int j = 0; j < 10; j++) {
            double dx = h * XGK[j];
            double f1 = f.applyAsDouble(c - dx);
            double f2 = f.applyAsDouble(c + dx);
            fv[2 * j] = f1;
            fv[2 * j + 1] = f2;
            resK += WGK[j] * (f1 + f2);
            resAbs += WGK[j] * (Math.abs(f1) + Math.abs(f2));
            if (j % 2 == 1) {
                resG += WG[j / 2] * (f1 + f2);
            }
        }
        double mean = 0.5 * resK;
        double resAsc = WGK[10] * Math.abs(fc - mean);
        for (int j = 0; j < 10; j++) {
            resAsc += WGK[j] * (Math.abs(fv[2 * j] - mean) + Math.abs(fv[2 * j + 1] - mean));
        }
        double err = Math.abs((resK - resG) * h);
        resAsc *= Math.abs(h);
        if (resAsc != 0 && err != 0) {
            err = resAsc * Math.min(1, Math.pow(200 * err / resAsc, 1.5));
        }
        double absInt = resAbs * Math.abs(h);
        // below a few ulps of the segment's own size there is nothing left to gain
        err = Math.max(err, 0x1p-52 * absInt);
        return new Segment(a, b, resK * h, err, absInt);
    }
}
