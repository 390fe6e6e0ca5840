package tp.infinite;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Independent reference integration for the tests (shares no code with the engine or the gauss
 * package): composite Gauss-Legendre on [-12, 12] standard deviations, panels split at given
 * kinks, and Gaussian expectations in one and two dimensions by nesting it.
 */
final class Integrals {
    private static final int ORDER = 20;
    private static final double[] X = new double[ORDER], W = new double[ORDER];
    private static final double L = 12;

    static {
        // Legendre nodes by Newton iteration on P_n
        for (int i = 0; i < ORDER; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (ORDER + 0.5));
            for (int it = 0; it < 100; it++) {
                double p0 = 1, p1 = x;
                for (int k = 2; k <= ORDER; k++) {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                double dp = ORDER * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-16) break;
            }
            double p0 = 1, p1 = x;
            for (int k = 2; k <= ORDER; k++) {
                double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            double dp = ORDER * (x * p1 - p0) / (x * x - 1);
            X[i] = x;
            W[i] = 2 / ((1 - x * x) * dp * dp);
        }
    }

    private Integrals() {}

    /** Integral of f over [a, b] split at the given interior points, panels of width at most h. */
    static double integrate(DoubleUnaryOperator f, double a, double b, double h, double... kinks) {
        double[] pts = new double[kinks.length + 2];
        int n = 0;
        pts[n++] = a;
        for (double k : kinks) if (k > a && k < b) pts[n++] = k;
        pts[n++] = b;
        pts = Arrays.copyOf(pts, n);
        Arrays.sort(pts);
        double sum = 0;
        for (int s = 0; s + 1 < pts.length; s++) {
            double lo = pts[s], hi = pts[s + 1];
            int panels = Math.max(1, (int) Math.ceil((hi - lo) / h));
            double w = (hi - lo) / panels;
            for (int p = 0; p < panels; p++) {
                double c = lo + (p + 0.5) * w;
                for (int i = 0; i < ORDER; i++) sum += 0.5 * w * W[i] * f.applyAsDouble(c + 0.5 * w * X[i]);
            }
        }
        return sum;
    }

    static double pdf(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    /** E[f(u)], u ~ N(m, q); kinks are values of u where f is not smooth. */
    static double normal1(DoubleUnaryOperator f, double m, double q, double... kinks) {
        if (q == 0) return f.applyAsDouble(m);
        double s = Math.sqrt(q);
        double[] z = new double[kinks.length];
        for (int i = 0; i < z.length; i++) z[i] = (kinks[i] - m) / s;
        return integrate(x -> f.applyAsDouble(m + s * x) * pdf(x), -L, L, 1.0, z);
    }

    /**
     * E[f(u) g(v)] for (u, v) ~ N((m1, m2), [[q11, q12], [q12, q22]]) by conditioning on u;
     * kinkF / kinkG: the argument value where f / g is not smooth (NaN: smooth).
     */
    static double normal2(DoubleUnaryOperator f, DoubleUnaryOperator g, double m1, double m2, double q11, double q12,
                          double q22, double kinkF, double kinkG) {
        double s1 = Math.sqrt(q11);
        double slope = q12 / s1;
        double rest = Math.sqrt(Math.max(q22 - slope * slope, 0));
        DoubleUnaryOperator outer = z -> {
            double u = m1 + s1 * z;
            double c = m2 + slope * z;
            double inner = Double.isNaN(kinkG) ? normal1(g, c, rest * rest) : normal1(g, c, rest * rest, kinkG);
            return f.applyAsDouble(u) * inner * pdf(z);
        };
        // outer breakpoints: where f kinks, and where g's kink crosses the conditional mean (it
        // matters when v is nearly a function of u)
        double zf = Double.isNaN(kinkF) ? Double.NaN : (kinkF - m1) / s1;
        double zg = Double.isNaN(kinkG) || slope == 0 ? Double.NaN : (kinkG - m2) / slope;
        double[] kinks = java.util.stream.DoubleStream.of(zf, zg).filter(v -> !Double.isNaN(v)).toArray();
        return integrate(outer, -L, L, 1.0, kinks);
    }

    // ---- textbook closed forms, written out independently --------------------------------

    /** Cho-Saul: E[relu u relu v] at zero mean. */
    static double reluRelu(double q11, double q12, double q22) {
        double s = Math.sqrt(q11 * q22);
        double c = Math.max(-1, Math.min(1, q12 / s));
        double t = Math.acos(c);
        return s / (2 * Math.PI) * (Math.sin(t) + (Math.PI - t) * c);
    }

    /** E[step u step v] = (pi - angle) / 2pi at zero mean. */
    static double stepStep(double q11, double q12, double q22) {
        double c = Math.max(-1, Math.min(1, q12 / Math.sqrt(q11 * q22)));
        return (Math.PI - Math.acos(c)) / (2 * Math.PI);
    }

    /** Williams 1997: E[erf u erf v] at zero mean. */
    static double erfErf(double q11, double q12, double q22) {
        return 2 / Math.PI * Math.asin(2 * q12 / Math.sqrt((1 + 2 * q11) * (1 + 2 * q22)));
    }

    /** E[erf' u erf' v], erf'(u) = 2/sqrt(pi) exp(-u^2), zero mean. */
    static double derfDerf(double q11, double q12, double q22) {
        return 4 / Math.PI / Math.sqrt((1 + 2 * q11) * (1 + 2 * q22) - 4 * q12 * q12);
    }

    static double dot(double[] a, int offA, double[] b, int offB, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[offA + i] * b[offB + i];
        return s;
    }
}
