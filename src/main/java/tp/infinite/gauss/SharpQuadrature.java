package tp.infinite.gauss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Gaussian expectations of integrands with sharp features, where tensor Gauss-Hermite fails:
 * tanh(u) with u ~ N(0, q) is, in the standardized variable x = u / sqrt(q), a step of width
 * 1/sqrt(q), and Gauss-Hermite with 400 points misses E[tanh(u)^2] by 1e-6 at sqrt(q) = 3.75
 * and by 1% at 12.5 (its error falls like exp(-c sqrt(n) / sqrt(q))). Here every feature of
 * the integrand (a point where a built-in's argument crosses 0, with the width over which it
 * changes; a kink has width 0) becomes a breakpoint of adaptive Gauss-Kronrod, with more
 * breakpoints at 1, 10, 100, ... widths around it so that the adaptive rule sees the
 * transition however narrow it is. Accurate for any width; cost a few thousand evaluations in
 * one dimension, ~10^5 in two (nested).
 */
public final class SharpQuadrature {
    /** The integration range in standard deviations (the normal density underflows beyond). */
    static final double Z = ArcCosine.Z_MAX;

    private SharpQuadrature() {
    }

    /**
     * Where an integrand changes in one coordinate u, in u's own units: around {@code center},
     * over about {@code width} (0: a kink, a breakpoint only).
     */
    public record Feature(double center, double width) {
    }

    /** E[f(u)], u ~ N(m, q), to about relTol of E[|f|]. */
    public static double expect1(DoubleUnaryOperator f, double m, double q, List<Feature> features, double relTol) {
        if (!(q > 0)) {
            return f.applyAsDouble(m);
        }
        double s = Math.sqrt(q);
        List<Double> b = new ArrayList<>();
        for (Feature ft : features) {
            addAround(b, (ft.center() - m) / s, ft.width() / s);
        }
        return GaussKronrod.integrate(x -> f.applyAsDouble(m + s * x) * Normal.pdf(x), sorted(b), relTol);
    }

    /**
     * E[f(u, v)], (u, v) ~ N((m1, m2), [[q11, q12], [q12, q22]]), with the features of f in u and
     * in v: nested adaptive Gauss-Kronrod on u = m1 + s1 x, v = m2 + l21 x + l22 y; the inner
     * integral over y breaks at each v-feature, the outer over x at each u-feature and where a
     * v-feature passes (width its own plus l22, over |l21|).
     */
    public static double expect2(DoubleBinaryOperator f, double m1, double m2, double q11, double q12, double q22,
                                 List<Feature> fu, List<Feature> fv, double relTol) {
        q11 = Math.max(q11, 0);
        q22 = Math.max(q22, 0);
        if (q11 == 0 && q22 == 0) {
            return f.applyAsDouble(m1, m2);
        }
        if (q11 == 0) {
            return expect2((a, b) -> f.applyAsDouble(b, a), m2, m1, q22, q12, q11, fv, fu, relTol);
        }
        double s1 = Math.sqrt(q11), s2 = Math.sqrt(q22);
        double l21 = Math.max(-s2, Math.min(s2, q12 / s1));
        double l22 = ArcCosine.sqrtDet2(q11, q12, q22) / s1;
        List<Double> outer = new ArrayList<>();
        for (Feature ft : fu) {
            addAround(outer, (ft.center() - m1) / s1, ft.width() / s1);
        }
        if (l21 != 0) {
            for (Feature ft : fv) {
                addAround(outer, (ft.center() - m2) / l21, (ft.width() + l22) / Math.abs(l21));
            }
        }
        double innerTol = 0.1 * relTol;
        double sc = s1, l22f = l22, l21f = l21;
        DoubleUnaryOperator g = x -> {
            double u = m1 + sc * x, c = m2 + l21f * x;
            if (l22f == 0) {
                return f.applyAsDouble(u, c) * Normal.pdf(x);
            }
            List<Double> inner = new ArrayList<>();
            for (Feature ft : fv) {
                addAround(inner, (ft.center() - c) / l22f, ft.width() / l22f);
            }
            double in = GaussKronrod.integrate(y -> f.applyAsDouble(u, c + l22f * y) * Normal.pdf(y), sorted(inner), innerTol);
            return in * Normal.pdf(x);
        };
        return GaussKronrod.integrate(g, sorted(outer), relTol);
    }

    /**
     * A fixed rule for E[g(u)], u ~ N(m, q), resolving the features of g and any polynomial of
     * moderate degree (panels at most {@link #PANEL} wide over [-40, 40] standard deviations,
     * each with 16 Gauss-Legendre points, plus the breakpoints of {@link #expect1}): the nodes
     * in x = (u - m) / sqrt(q) and their weights, normal density included. For Hermite
     * coefficients of sharp functions, where all K coefficients share one set of evaluations.
     */
    public static double[][] rule(double m, double q, List<Feature> features) {
        double s = Math.sqrt(Math.max(q, 0));
        List<Double> b = new ArrayList<>();
        if (s > 0) {
            for (Feature ft : features) {
                addAround(b, (ft.center() - m) / s, ft.width() / s);
            }
        }
        double[] br = sorted(b);
        List<double[]> panels = new ArrayList<>();
        for (int i = 0; i + 1 < br.length; i++) {
            double a = br[i], c = br[i + 1];
            if (!(c > a)) {
                continue;
            }
            int n = (int) Math.ceil((c - a) / PANEL);
            for (int j = 0; j < n; j++) {
                panels.add(new double[] {a + (c - a) * j / n, a + (c - a) * (j + 1) / n});
            }
        }
        double[] x = new double[panels.size() * GL_X.length], w = new double[x.length];
        int k = 0;
        for (double[] p : panels) {
            double mid = 0.5 * (p[0] + p[1]), half = 0.5 * (p[1] - p[0]);
            for (int j = 0; j < GL_X.length; j++) {
                x[k] = mid + half * GL_X[j];
                w[k] = half * GL_W[j] * Normal.pdf(x[k]);
                k++;
            }
        }
        return new double[][] {x, w};
    }

    /** Widest panel of {@link #rule}, in standard deviations. */
    static final double PANEL = 0.25;

    /** Adds -Z, -10, 10, Z once, then the feature's center and c +- width * 10^j up to a unit, inside [-Z, Z]. */
    private static void addAround(List<Double> b, double center, double width) {
        if (!(center > -Z && center < Z)) {
            return;
        }
        b.add(center);
        if (!(width > 0)) {
            return;
        }
        for (double d = width; d < 1; d *= 10) {
            b.add(center - d);
            b.add(center + d);
        }
    }

    private static double[] sorted(List<Double> b) {
        double[] out = new double[b.size() + 4];
        int n = 0;
        out[n++] = -Z;
        out[n++] = -10;
        out[n++] = 10;
        out[n++] = Z;
        for (double v : b) {
            if (v > -Z && v < Z) {
                out[n++] = v;
            }
        }
        double[] r = Arrays.copyOf(out, n);
        Arrays.sort(r);
        return r;
    }

    /** 16-point Gauss-Legendre nodes and weights on [-1, 1] (Newton on P_16). */
    private static final double[] GL_X = new double[16], GL_W = new double[16];

    static {
        int n = GL_X.length;
        for (int i = 0; i < n; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1, p1 = x;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-16) {
                    break;
                }
            }
            GL_X[i] = x;
            GL_W[i] = 2 / ((1 - x * x) * dp * dp);
        }
    }
}
