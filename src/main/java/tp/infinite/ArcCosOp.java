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
    /**
     * A determinant below this fraction of q11 q22 (|correlation| within ~7e-15 of 1, angle
     * below ~1.2e-7) is rounding noise of (anti)parallel points: it is taken as exactly 0, so
     * repeated and parallel points get the exact angle instead of an error of order sqrt(eps)
     * in the step kernels; for truly distinct points that close the change is below 2e-8.
     */
    static final double SNAP = 64 * Math.ulp(1.0);
    /** This op's threshold: {@link #SNAP}, or more when its inputs come from quadrature (their noise, amplified). */
    double snap = SNAP;
    private static final double INV_2SQRT2PI = 1 / (2 * Math.sqrt(2 * Math.PI));
    private static final double INV_SQRT2PI = 1 / Math.sqrt(2 * Math.PI);

    final List<PiecewiseLinear> as = new ArrayList<>();
    final List<PiecewiseLinear> bs = new ArrayList<>();
    private int[] slots = new int[0];
    /** Per output: coefficients of the 13 basis values (see {@link #basis}). */
    private double[][] w = new double[0][];
    private boolean needFlip;
    /** Position in its pass's op list (set by the plan builder). */
    int planIndex;

    ArcCosOp(Src q11, Src q12, Src q22, String what) {
        super(null, new Src[] {q11, q12, q22}, what);
    }

    @Override
    double nanosPerElement() {
        return 16 + 2 * w.length;
    }

    /** Adds an output pair; returns its index among this op's outputs. */
    int add(PiecewiseLinear a, PiecewiseLinear b, int slot) {
        as.add(a);
        bs.add(b);
        slots = java.util.Arrays.copyOf(slots, slots.length + 1);
        slots[slots.length - 1] = slot;
        double[][] nw = java.util.Arrays.copyOf(w, w.length + 1);
        nw[w.length] = coefficients(a, b);
        double[] c = nw[w.length];
        needFlip |= c[1] != 0 || c[3] != 0 || c[5] != 0 || c[7] != 0;
        w = nw;
        pack();
        return w.length - 1;
    }

    /*
     * Per-output coefficients in the forms the loops read, derived from w when an output is
     * added, not on every tile (a CNN runs each op on tens of thousands of small tiles).
     */
    private int[][] idx = new int[0][];
    private double[][] cf = new double[0][];
    private boolean half;
    private double[] cRR = new double[0], cSS = cRR, cM1 = cRR, cM2 = cRR, cC = cRR;
    private boolean means;

    private void pack() {
        int nOut = w.length;
        idx = new int[nOut][];
        cf = new double[nOut][];
        half = false;
        for (int k = 0; k < nOut; k++) { // only the nonzero basis coefficients
            int n = 0;
            for (int i = 0; i < 11; i++) if (w[k][i] != 0) n++;
            idx[k] = new int[n];
            cf[k] = new double[n];
            n = 0;
            for (int i = 0; i < 11; i++) {
                if (w[k][i] != 0) {
                    idx[k][n] = i;
                    cf[k][n++] = w[k][i];
                    half |= i >= 2 && i <= 5;
                }
            }
        }
        cRR = new double[nOut];
        cSS = new double[nOut];
        cM1 = new double[nOut];
        cM2 = new double[nOut];
        cC = new double[nOut];
        means = false;
        for (int k = 0; k < nOut; k++) {
            cRR[k] = w[k][0] * INV_2PI;
            cSS[k] = w[k][6] * INV_2PI;
            cM1[k] = w[k][8] * INV_SQRT2PI;
            cM2[k] = w[k][9] * INV_SQRT2PI;
            cC[k] = w[k][10];
            means |= cM1[k] != 0 || cM2[k] != 0;
        }
    }

    @Override
    int[] outputs() {
        return outSlots();
    }

    /** The output slots in the order added (not to be modified). */
    int[] outSlots() {
        return slots;
    }

    /**
     * The usual case (relu, step, id and their sums; no reflected or mixed slope/step pairs):
     * only relu-relu, step-step, the means and constants, in one tight loop.
     */
    private void runCommon(Tile t, Tile.In a, Tile.In b, Tile.In c, double[][] out) {
        int nOut = w.length;
        double[] aa = a.arr, ba = b.arr, ca = c.arr;
        if (nOut == 2 && !means && a.cs == 0 && b.cs == 1 && c.cs == 1 && c.rs == 0) {
            runPair(t, a, b, c, out);
            return;
        }
        double[] pair = new double[2], relu = new double[t.cols], phis = new double[t.cols], sq = new double[t.cols];
        for (int r = 0; r < t.rows; r++) {
            int o = t.base + r * t.cols;
            int ao = a.off + r * a.rs, bo = b.off + r * b.rs, co = c.off + r * c.rs;
            for (int col = t.first(r); col < t.cols; col++) sq[col] = Math.sqrt(aa[ao + col * a.cs]) * Math.sqrt(ca[co + col * c.cs]);
            if (a.cs == 0) {
                angles(aa[ao], ba, bo, b.cs, ca, co, c.cs, t.first(r), t.cols, snap, sq, relu, phis);
            } else { // q11 varying along the row (not a shape the planner makes today)
                for (int col = t.first(r); col < t.cols; col++) {
                    angles(aa[ao + col * a.cs], ba, bo, b.cs, ca, co, c.cs, col, col + 1, snap, sq, relu, phis);
                }
            }
            for (int col = t.first(r); col < t.cols; col++) {
                double q11 = aa[ao + col * a.cs], q22 = ca[co + col * c.cs];
                double rl = relu[col], phi = phis[col];
                if (phi != phi) { // the careful path
                    double q12 = ba[bo + col * b.cs];
                    if (!(q11 > 0) || !(q22 > 0)) {
                        for (int k = 0; k < nOut; k++) out[k][o + col] = scalar(k, q11, q12, q22);
                        continue;
                    }
                    reluAndAngle(q11, q12, q22, pair);
                    rl = pair[0];
                    phi = pair[1];
                }
                double m1 = 0, m2 = 0;
                if (means) {
                    m1 = Math.sqrt(q11);
                    m2 = Math.sqrt(q22);
                }
                for (int k = 0; k < nOut; k++) {
                    out[k][o + col] = cRR[k] * rl + cSS[k] * phi + cM1[k] * m1 + cM2[k] * m2 + cC[k];
                }
            }
        }
    }

    /** The cross-pass shape of the usual MLP case: two outputs, q11 constant along a row. */
    private void runPair(Tile t, Tile.In a, Tile.In b, Tile.In c, double[][] out) {
        double[] o0 = out[0], o1 = out[1], ba = b.arr, ca = c.arr;
        double r0 = cRR[0], r1 = cRR[1], s0 = cSS[0], s1 = cSS[1], k0 = cC[0], k1 = cC[1];
        double[] pair = new double[2], relu = new double[t.cols], phis = new double[t.cols], sq = new double[t.cols];
        // sqrt(q11 q22) as sqrt(q11) sqrt(q22), as both loops and basis() take it (a tile's entries must
        // not depend on which loop ran: the Spark job and the single machine get the same bits): one
        // square root per row and per column here, not per element
        double[] sq22 = new double[t.cols];
        for (int col = 0; col < t.cols; col++) sq22[col] = Math.sqrt(ca[c.off + col]);
        for (int r = 0; r < t.rows; r++) {
            int o = t.base + r * t.cols;
            int bo = b.off + r * b.rs, co = c.off;
            int ao = a.off + r * a.rs;
            double q11 = a.arr[ao], sq11 = Math.sqrt(q11);
            for (int col = t.first(r); col < t.cols; col++) sq[col] = sq11 * sq22[col];
            angles(q11, ba, bo, 1, ca, co, 1, t.first(r), t.cols, snap, sq, relu, phis);
            for (int col = t.first(r); col < t.cols; col++) {
                double rl = relu[col], phi = phis[col];
                if (phi != phi) { // the careful path
                    double q12 = ba[bo + col], q22 = ca[co + col];
                    if (!(q11 > 0) || !(q22 > 0)) {
                        o0[o + col] = scalar(0, q11, q12, q22);
                        o1[o + col] = scalar(1, q11, q12, q22);
                        continue;
                    }
                    reluAndAngle(q11, q12, q22, pair);
                    rl = pair[0];
                    phi = pair[1];
                }
                o0[o + col] = r0 * rl + s0 * phi + k0;
                o1[o + col] = r1 * rl + s1 * phi + k1;
            }
        }
    }

    /**
     * The hot loop of the common case, over columns {@code from..to-1} of one tile row with the
     * row point's variance {@code q11} (element col reads {@code q12 = ba[bo + col * bcs]} and
     * {@code q22 = ca[co + col * ccs]}): writes {@code relu[col] = r + phi q12} and
     * {@code phis[col] = phi} as {@link #reluAndAngle} does (with {@code sq[col]}, the caller's
     * sqrt(q11 q22), for its square root), or NaN into phis[col] where the element needs that
     * careful path (a variance not positive, products near overflow or underflow, a NaN). The
     * angle is {@link Atan#angle} written out: short runs execute this as quick-JIT (C1) code,
     * which inlines no call this size and compiles {@code Math.min} and {@code Math.abs} of
     * doubles as calls (hence the comparisons, which give the same bits here: no NaN gets this
     * far), and fdlibm's range branches mispredict on data-dependent angles; here only sqrt and
     * one divide. q11 as one number rather than an array read per element: 25% of this loop.
     */
    static void angles(double q11, double[] ba, int bo, int bcs, double[] ca, int co, int ccs,
            int from, int to, double snap, double[] sq, double[] relu, double[] phis) {
        boolean rowOk = q11 > 0;
        for (int col = from; col < to; col++) {
            double q12 = ba[bo + col * bcs], q22 = ca[co + col * ccs];
            double ss = q11 * q22;
            if (!rowOk || !(q22 > 0) || !(ss < 1e300) || !(ss > 1e-290) || q12 != q12) {
                phis[col] = Double.NaN;
                continue;
            }
            double p = q12 * q12;
            double det = Math.fma(q11, q22, -p) - Math.fma(q12, q12, -p); // ArcCosine.det2
            double rr = det > snap * ss ? Math.sqrt(det) : 0;
            double s = sq[col];
            double c = q12 < 0 ? -q12 : q12;
            if (c > s) c = s; // |correlation| above 1 by rounding: clamped
            double w = s + c;
            double x = rr / (w + Math.sqrt(2 * s * w));
            double z = x * x, zz = z * z;
            double s1 = z * (Atan.AT0 + zz * (Atan.AT2 + zz * (Atan.AT4 + zz * (Atan.AT6 + zz * (Atan.AT8 + zz * Atan.AT10)))));
            double s2 = zz * (Atan.AT1 + zz * (Atan.AT3 + zz * (Atan.AT5 + zz * (Atan.AT7 + zz * Atan.AT9))));
            double beta = 4 * (x - x * (s1 + s2));
            if (q12 > 0) {
                double phi = Atan.PI - (beta - Atan.PI_LO);
                phis[col] = phi;
                relu[col] = rr + phi * c;
            } else {
                phis[col] = beta;
                relu[col] = rr - beta * c;
            }
        }
    }

    /**
     * At one element with q11, q22 &gt; 0: {@code pair[0] = r + phi q12} (2 pi E[relu u relu v])
     * and {@code pair[1] = phi}, with |q12| clamped to sqrt(q11 q22). Both loops of the common
     * case go through here.
     */
    private void reluAndAngle(double q11, double q12, double q22, double[] pair) {
        double ss = q11 * q22;
        if (ss > 1e300) { // products overflow (inputs of norm ~1e77): in units of 2^e (exact), scaled back
            double u = Math.scalb(1.0, -Math.getExponent(Math.max(q11, q22)));
            reluAndAngle(q11 * u, q12 * u, q22 * u, pair);
            pair[0] /= u;
            return;
        }
        double p = q12 * q12;
        double det = ArcCosine.det2(q11, q12, q22);
        double rr = det > snap * (q11 * q22) ? Math.sqrt(det) : 0;
        double sq = Math.sqrt(ss);
        if (p > ss) q12 = q12 > 0 ? sq : -sq;
        double phi = Atan.angle(rr, q12, sq);
        pair[0] = rr + phi * q12;
        pair[1] = phi;
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

    private void basis(double q11, double q12, double q22, double[] out, boolean flip) {
        basis(q11, q12, q22, out, flip, true);
    }

    /** The 11 basis values at one element; the four "half" ones only when {@code half}. */
    private void basis(double q11, double q12, double q22, double[] out, boolean flip, boolean half) {
        if (q11 * q22 > 1e300) { // as in reluAndAngle; out[0..1] scale like q, out[2..5, 8, 9] like sqrt(q)
            int e = Math.getExponent(Math.max(q11, q22)) & ~1;
            double u = Math.scalb(1.0, -e);
            basis(q11 * u, q12 * u, q22 * u, out, flip, half);
            for (int i : new int[] {0, 1}) out[i] = Math.scalb(out[i], e);
            for (int i : new int[] {2, 3, 4, 5, 8, 9}) out[i] = Math.scalb(out[i], e / 2);
            return;
        }
        double s1 = Math.sqrt(q11), s2 = Math.sqrt(q22);
        double det = ArcCosine.det2(q11, q12, q22);
        double r = det > snap * (q11 * q22) ? Math.sqrt(det) : 0;
        if (det < 0) q12 = q12 > 0 ? s1 * s2 : -s1 * s2; // |correlation| above 1 by rounding
        double s = s1 * s2; // sqrt(q11) sqrt(q22) as the loops take it: every path gives the same bits
        double phiS = Atan.angle(r, q12, s);
        double phiF = flip ? Atan.angle(r, -q12, s) : Math.PI - phiS;
        out[0] = (r + phiS * q12) * INV_2PI;
        out[1] = (r - phiF * q12) * INV_2PI;
        if (half) {
            out[2] = (s1 + q12 / s2) * INV_2SQRT2PI;
            out[3] = (s1 - q12 / s2) * INV_2SQRT2PI;
            out[4] = (s2 + q12 / s1) * INV_2SQRT2PI;
            out[5] = (s2 - q12 / s1) * INV_2SQRT2PI;
        }
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
        for (int k = 0; k < nOut; k++) out[k] = t.slots[slots[k]];
        double[] aa = a.arr, ba = b.arr, ca = c.arr;
        if (!needFlip && !half) {
            runCommon(t, a, b, c, out);
            return;
        }
        double[] basis = new double[11];
        boolean flip = needFlip;
        for (int r = 0; r < t.rows; r++) {
            int o = t.base + r * t.cols;
            int ao = a.off + r * a.rs, bo = b.off + r * b.rs, co = c.off + r * c.rs;
            for (int col = t.first(r); col < t.cols; col++) {
                double q11 = aa[ao + col * a.cs], q12 = ba[bo + col * b.cs], q22 = ca[co + col * c.cs];
                if (!(q11 > 0) || !(q22 > 0)) {
                    for (int k = 0; k < nOut; k++) out[k][o + col] = scalar(k, q11, q12, q22);
                    continue;
                }
                basis(q11, q12, q22, basis, flip, half);
                for (int k = 0; k < nOut; k++) {
                    int[] ik = idx[k];
                    double[] ck = cf[k];
                    double v = 0;
                    for (int i = 0; i < ik.length; i++) v += ck[i] * basis[ik[i]];
                    out[k][o + col] = v;
                }
            }
        }
    }
}
