package tp.infinite;

import java.util.ArrayList;
import java.util.List;
import tp.infinite.gauss.GaussHermiteRule;
import tp.infinite.gauss.GaussKronrod;
import tp.infinite.gauss.GaussianIntegrand;
import tp.infinite.gauss.SharpQuadrature;

/**
 * E[F(u) G(v)] for two functions of one coordinate each ({@link Quadrature.OneCoordinate}, e.g.
 * whole polynomials in tanh of a pre-activation), (u, v) ~ N((m1, m2), [[q11, q12], [q12, q22]]):
 * the fallback of a Mehler series over F's and G's Hermite coefficients where the series does
 * not converge (correlation near or at +-1 with slowly decaying coefficients). First
 * {@link #conditional} (G smooth over v's part independent of u: nearly always); else tensor
 * Gauss-Hermite while it settles to {@link Quadrature#TOL}; else nested adaptive Gauss-Kronrod
 * with breakpoints at the features. Inputs: q11, q12, q22.
 */
final class PairQuadrature implements ElemFn {
    private final Quadrature.OneCoordinate f, g;
    private final double m1, m2;

    PairQuadrature(Quadrature.OneCoordinate f, double m1, Quadrature.OneCoordinate g, double m2) {
        this.f = f;
        this.g = g;
        this.m1 = m1;
        this.m2 = m2;
    }

    @Override
    public double nanos() {
        return 30_000;
    }

    @Override
    public double eval(double[] in, Workspace ws) {
        double q11 = Math.max(in[0], 0), q12 = in[1], q22 = Math.max(in[2], 0);
        boolean sharp = f.sharpness(q11) > Quadrature.SHARP || g.sharpness(q22) > Quadrature.SHARP;
        // G over v's part independent of u, of variance q22 - q12^2 / q11, smooth enough for Gauss-Hermite
        boolean innerSmooth = q11 > 0 && g.sharpness(Math.max(q22 - q12 * q12 / q11, 0)) <= Quadrature.SHARP;
        if (innerSmooth) {
            double v = conditional(q11, q12, q22, ws);
            if (!Double.isNaN(v)) return v;
        }
        if (!sharp && q12 * q12 < (1 - 1e-12) * q11 * q22) {
            GaussianIntegrand fg = z -> f.applyAsDouble(z[0]) * g.applyAsDouble(z[1]);
            double v = ws.gh.expect(fg, new double[] {m1, m2}, new double[][] {{q11, q12}, {q12, q22}}, Quadrature.TOL);
            double rel = ws.gh.lastRelError();
            if (rel <= Quadrature.TOL) {
                ws.noteError(rel);
                return v;
            }
        }
        double v = SharpQuadrature.expect2((u, w) -> f.applyAsDouble(u) * g.applyAsDouble(w), m1, m2, q11, q12, q22,
                f.features, g.features, Quadrature.SHARP_TOL);
        ws.noteError(GaussKronrod.lastRelError());
        return v;
    }

    /** Inner Gauss-Hermite rules tried for v's part independent of u (a ladder, each against the next). */
    private static final int[] INNER = {8, 16, 32, 64};

    /**
     * u = m1 + s1 x, v = c(x) + l22 y with c = m2 + l21 x and l22 = sqrt(q22 - l21^2):
     * adaptive Gauss-Kronrod over x (breakpoints at F's features and where G's pass) of
     * F(u) E_y[G(c + l22 y)], the inner expectation by an n-point Gauss-Hermite rule. Where the
     * series failed, the correlation is near 1 and l22 small, so G over y varies slowly and a
     * few points do; the nested adaptive rule spent some 10 ms a pair on the same integral. The
     * inner n is the first of {@link #INNER} whose whole result the next one confirms to
     * {@link Quadrature#SHARP_TOL}; NaN when none does. At l22 = 0 (the same point, a repeated
     * one) one evaluation of G.
     */
    private double conditional(double q11, double q12, double q22, Workspace ws) {
        double s1 = Math.sqrt(q11), l21 = q12 / s1, l22 = Math.sqrt(Math.max(q22 - l21 * l21, 0));
        List<SharpQuadrature.Feature> fs = new ArrayList<>(f.features);
        // where G's argument crosses a feature at c +- w: x = (c - m2) / l21, width (w + l22) / |l21|, in u's units
        for (SharpQuadrature.Feature ft : g.features) {
            if (l21 != 0) fs.add(new SharpQuadrature.Feature(m1 + s1 * (ft.center() - m2) / l21, s1 * (ft.width() + l22) / Math.abs(l21)));
        }
        if (l22 == 0) {
            double v = outer(fs, q11, l21 / s1, null, 0);
            ws.noteError(GaussKronrod.lastRelError());
            return v;
        }
        double prev = Double.NaN;
        for (int n : INNER) {
            double v = outer(fs, q11, l21 / s1, GaussHermiteRule.of(n), l22);
            double diff = Math.abs(v - prev) / Math.abs(v);
            if (diff <= Quadrature.SHARP_TOL) {
                ws.noteError(Math.max(diff, GaussKronrod.lastRelError()));
                return v;
            }
            prev = v;
        }
        return Double.NaN;
    }

    /** E_u[F(u) E_y[G(m2 + k (u - m1) + l22 y)]] with the inner rule (null: l22 = 0). */
    private double outer(List<SharpQuadrature.Feature> fs, double q11, double k, GaussHermiteRule inner, double l22) {
        double v = SharpQuadrature.expect1(u -> {
            double c = m2 + k * (u - m1);
            if (inner == null) return f.applyAsDouble(u) * g.applyAsDouble(c);
            double h = 0;
            for (int i = 0; i < inner.size(); i++) h += inner.weight(i) * g.applyAsDouble(c + l22 * inner.node(i));
            return f.applyAsDouble(u) * h;
        }, m1, q11, fs, Quadrature.SHARP_TOL);
        return v;
    }
}
