package tp.infinite;

import tp.infinite.gauss.GaussKronrod;
import tp.infinite.gauss.GaussianIntegrand;
import tp.infinite.gauss.SharpQuadrature;

/**
 * E[F(u) G(v)] for two functions of one coordinate each ({@link Quadrature.OneCoordinate}, e.g.
 * whole polynomials in tanh of a pre-activation), (u, v) ~ N((m1, m2), [[q11, q12], [q12, q22]]):
 * the fallback of a Mehler series over F's and G's Hermite coefficients where the series does
 * not converge (correlation near 1 with slowly decaying coefficients). Tensor Gauss-Hermite
 * while it settles to {@link Quadrature#TOL}; nested adaptive Gauss-Kronrod with breakpoints
 * at the features for sharp functions, for (nearly) one coordinate (a 1-D integral then), and
 * where the tensor ladder does not settle. Inputs: q11, q12, q22.
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
}
