package tp.infinite;

import java.util.ArrayList;
import java.util.List;
import tp.infinite.gauss.ArcCosine;
import tp.infinite.gauss.PiecewiseLinear;

/**
 * E[A(u) B(v)] for zero-mean (u, v) and piecewise-linear A, B (relu, leaky_relu, abs, step,
 * sign, id and combinations), several pairs sharing one covariance at once: the angle is
 * computed once per element and every requested pair is a dot product with the arc-cosine
 * basis. Inputs: Var u (row side), Cov(u, v), Var v (column side).
 *
 * <p>With s = sqrt(q11 q22), r = sqrt(q11 q22 - q12^2) and phi = atan2(r, -q12) (= pi minus
 * the angle), E[relu u relu v] = (r + phi q12) / 2pi, E[step u step v] = phi / 2pi,
 * E[relu u step v] = (s1 + q12 / s2) / (2 sqrt(2 pi)): no trigonometry beyond one atan2 (two
 * when a reflected pair such as abs or leaky_relu needs the supplementary angle to full
 * relative precision). Zero variances go to {@link ArcCosine#expect}, which takes the exact limit.
 */
final class ArcCosOp extends Op {
    private static final double INV_2PI = 1 / (2 * Math.PI);
    private static final double INV_2SQRT2PI = 1 / (2 * Math.sqrt(2 * Math.PI));
    private static final double INV_SQRT2PI = 1 / Math.sqrt(2 * Math.PI);

    private final List<PiecewiseLinear> as = new ArrayList<>();
    private final List<PiecewiseLinear> bs = new ArrayList<>();
    private final List<Integer> outList = new ArrayList<>();
    /** Per output: coefficients of the 13 basis values (see {@link #basis}). */
    private double[][] w = new double[0][];
    private boolean needFlip;

    ArcCosOp(Src q11, Src q12, Src q22, String what) {
        super(null, new Src[] {q11, q12, q22}, what);
    }

    /** Adds an output pair; returns its index among this op's outputs. */
    int add(PiecewiseLinear a, PiecewiseLinear b, int slot) {
        as.add(a);
        bs.add(b);
        outList.add(slot);
        double[][] nw = java.util.Arrays.copyOf(w, w.length + 1);
        nw[w.length] = coefficients(a, b);
        double[] c = nw[w.length];
        needFlip |= c[1] != 0 || c[3] != 0 || c[5] != 0 || c[7] != 0;
        w = nw;
        return w.length - 1;
    }

    @Override
    int[] outputs() {
        return outSlots();
    }

    int[] outSlots() {
        return outList.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Same expansion as {@link ArcCosine#expect}: basis relu(x), relu(-x), step(x), step(-x), 1. */
    static double[] coefficients(PiecewiseLinear a, PiecewiseLinear b) {
        double a0 = a.aPos(), a1 = -a.aNeg(), a2 = a.cPos(), a3 = a.cNeg(), a4 = a.c0();
        double b0 = b.aPos(), b1 = -b.aNeg(), b2 = b.cPos(), b3 = b.cNeg(), b4 = b.c0();
        return new double[] {
            a0 * b0 + a1 * b1, a0 * b1 + a1 * b0, // rrSame, rrFlip
            a0 * b2 + a1 * b3, a0 * b3 + a1 * b2, // s1 halfSame, s1 halfFlip
            a2 * b0 + a3 * b1, a2 * b1 + a3 * b0, // s2 halfSame, s2 halfFlip
            a2 * b2 + a3 * b3, a2 * b3 + a3 * b2, // ssSame, ssFlip
            (a0 + a1) * b4, (b0 + b1) * a4,       // rMean1, rMean2
            (a2 + a3) * b4 * 0.5 + (b2 + b3) * a4 * 0.5 + a4 * b4, // constant
        };
    }

    /** The value for output k at one element (used for constant inputs and zero variances). */
    double scalar(int k, double q11, double q12, double q22) {
        if (!(q11 > 0) || !(q22 > 0)) return ArcCosine.expect(as.get(k), bs.get(k), q11, q12, q22);
        double[] basis = new double[11];
        basis(q11, q12, q22, basis, true);
        double s = 0;
        for (int i = 0; i < 11; i++) s += w[k][i] * basis[i];
        return s;
    }

    private static void basis(double q11, double q12, double q22, double[] out, boolean flip) {
        double s1 = Math.sqrt(q11), s2 = Math.sqrt(q22);
        double s = s1 * s2;
        if (q12 > s) q12 = s;
        else if (q12 < -s) q12 = -s;
        double p = q12 * q12;
        double det = Math.fma(q11, q22, -p) - Math.fma(q12, q12, -p);
        double r = det > 0 ? Math.sqrt(det) : 0;
        double phiS = Math.atan2(r, -q12);
        double phiF = flip ? Math.atan2(r, q12) : Math.PI - phiS;
        out[0] = (r + phiS * q12) * INV_2PI;
        out[1] = (r - phiF * q12) * INV_2PI;
        out[2] = (s1 + q12 / s2) * INV_2SQRT2PI;
        out[3] = (s1 - q12 / s2) * INV_2SQRT2PI;
        out[4] = (s2 + q12 / s1) * INV_2SQRT2PI;
        out[5] = (s2 - q12 / s1) * INV_2SQRT2PI;
        out[6] = phiS * INV_2PI;
        out[7] = phiF * INV_2PI;
        out[8] = s1 * INV_SQRT2PI;
        out[9] = s2 * INV_SQRT2PI;
        out[10] = 1;
    }

    @Override
    void run(Tile t, Workspace ws) {
        Tile.In a = t.in(ins[0]), b = t.in(ins[1]), c = t.in(ins[2]);
        int nOut = w.length;
        double[][] out = new double[nOut][];
        int[] slots = outSlots();
        for (int k = 0; k < nOut; k++) out[k] = t.slots[slots[k]];
        double[] basis = new double[11];
        double[][] wk = w;
        boolean flip = needFlip;
        for (int r = 0; r < t.rows; r++) {
            int o = t.base + r * t.cols;
            for (int col = t.first(r); col < t.cols; col++) {
                double q11 = a.at(r, col), q12 = b.at(r, col), q22 = c.at(r, col);
                if (!(q11 > 0) || !(q22 > 0)) {
                    for (int k = 0; k < nOut; k++) out[k][o + col] = scalar(k, q11, q12, q22);
                    continue;
                }
                basis(q11, q12, q22, basis, flip);
                for (int k = 0; k < nOut; k++) {
                    double[] ck = wk[k];
                    double v = 0;
                    for (int i = 0; i < 11; i++) v += ck[i] * basis[i];
                    out[k][o + col] = v;
                }
            }
        }
    }
}
