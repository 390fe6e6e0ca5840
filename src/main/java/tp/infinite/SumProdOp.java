package tp.infinite;

/**
 * out = sum_k coef[k] * a[k] * b[k] (b[k] null means 1): linear combinations and products of
 * slots. Each term is one pass over the tile by a small static loop per access pattern (kept
 * small so that the JIT compiles and vectorizes each one; one big method with every variant
 * stays in the slow tier on a real plan).
 */
final class SumProdOp extends Op {
    final double[] coefs;
    private final int terms;

    /** ins holds a[0], b[0], a[1], b[1], ... with a b that is the constant 1 where there is none. */
    SumProdOp(int out, double[] coefs, Src[] ins, String what) {
        super(new int[] {out}, ins, what);
        this.coefs = coefs;
        this.terms = coefs.length;
    }

    @Override
    double nanosPerElement() {
        return 1 + 0.45 * terms;
    }

    private static final Tile.In ONE = new Tile.In(new double[] {1}, 0, 0, 0);

    /** True when every term is a source times a constant (no product of two slots). */
    boolean isLinear() {
        for (int k = 0; k < terms; k++) if (!ins[2 * k + 1].isConst()) return false;
        return true;
    }

    @Override
    void run(Tile t, Workspace ws) {
        double[] out = t.slots[outs[0]];
        Tile.In[] as = new Tile.In[terms], bs = new Tile.In[terms];
        for (int k = 0; k < terms; k++) {
            Tile.In a = t.in(ins[2 * k]), b = t.in(ins[2 * k + 1]);
            // a factor that is constant along a row (a constant, a row point's value) goes second
            if (a.cs == 0 && b.cs != 0) {
                Tile.In x = a;
                a = b;
                b = x;
            }
            as[k] = a;
            bs[k] = b;
        }
        // a last term that is one number over the whole tile (the bias of an affine map) is added
        // in the pass before it, as that pass's "+ v" (same additions in the same order): one
        // pass over the tile fewer
        int n = terms;
        boolean plus = false;
        double v = 0;
        Tile.In la = as[n - 1], lb = bs[n - 1];
        if (n >= 2 && la.cs == 0 && la.rs == 0 && lb.cs == 0 && lb.rs == 0) {
            v = coefs[n - 1] * (la.arr[la.off] * lb.arr[lb.off]); // as broadcast() takes it
            n--;
            plus = true;
        }
        int k = 0;
        while (k < n) {
            Tile.In a = as[k], b = bs[k];
            boolean set = k == 0;
            if (b.cs == 0 && a.cs == 1) {
                // up to four such terms in one pass: the output is read and written once, not four times
                if (k + 3 < n && scaledTerm(as, bs, k + 1) && scaledTerm(as, bs, k + 2) && scaledTerm(as, bs, k + 3)) {
                    scaled4(t, out, set, coefs, as, bs, k, plus && k + 4 == n, v);
                    k += 4;
                    continue;
                }
                scaled(t, out, set, coefs[k], a, b, plus && k + 1 == n, v);
            } else if (b.cs == 0 && a.cs == 0) {
                broadcast(t, out, set, coefs[k], a, b);
                if (plus && k + 1 == n) broadcast(t, out, false, v, ONE, ONE);
            } else if (a.cs == 1 && b.cs == 1) {
                product(t, out, set, coefs[k], a, b, plus && k + 1 == n, v);
            } else {
                general(t, out, set, coefs[k], a, b);
                if (plus && k + 1 == n) broadcast(t, out, false, v, ONE, ONE);
            }
            k++;
        }
    }

    private static boolean scaledTerm(Tile.In[] as, Tile.In[] bs, int k) {
        return bs[k].cs == 0 && as[k].cs == 1;
    }

    /** Four {@link #scaled} terms k..k+3 at once. */
    private static void scaled4(Tile t, double[] out, boolean set, double[] w, Tile.In[] as, Tile.In[] bs, int k, boolean plus, double v) {
        Tile.In a0 = as[k], a1 = as[k + 1], a2 = as[k + 2], a3 = as[k + 3];
        Tile.In b0 = bs[k], b1 = bs[k + 1], b2 = bs[k + 2], b3 = bs[k + 3];
        double[] x0 = a0.arr, x1 = a1.arr, x2 = a2.arr, x3 = a3.arr;
        for (int r = 0; r < t.rows; r++) {
            int o = t.base + r * t.cols;
            int o0 = a0.off + r * a0.rs - o, o1 = a1.off + r * a1.rs - o, o2 = a2.off + r * a2.rs - o, o3 = a3.off + r * a3.rs - o;
            double f0 = rowFactor(b0, r), f1 = rowFactor(b1, r), f2 = rowFactor(b2, r), f3 = rowFactor(b3, r);
            double w0 = weight(w[k], b0), w1 = weight(w[k + 1], b1), w2 = weight(w[k + 2], b2), w3 = weight(w[k + 3], b3);
            int c0 = o + t.first(r), c1 = o + t.cols;
            if (plus) {
                if (set) {
                    for (int c = c0; c < c1; c++) {
                        out[c] = w0 * (f0 * x0[o0 + c]) + w1 * (f1 * x1[o1 + c]) + w2 * (f2 * x2[o2 + c]) + w3 * (f3 * x3[o3 + c]) + v;
                    }
                } else {
                    for (int c = c0; c < c1; c++) {
                        out[c] = out[c] + (w0 * (f0 * x0[o0 + c]) + w1 * (f1 * x1[o1 + c]) + w2 * (f2 * x2[o2 + c]) + w3 * (f3 * x3[o3 + c])) + v;
                    }
                }
            } else if (set) {
                for (int c = c0; c < c1; c++) out[c] = w0 * (f0 * x0[o0 + c]) + w1 * (f1 * x1[o1 + c]) + w2 * (f2 * x2[o2 + c]) + w3 * (f3 * x3[o3 + c]);
            } else {
                for (int c = c0; c < c1; c++) out[c] += w0 * (f0 * x0[o0 + c]) + w1 * (f1 * x1[o1 + c]) + w2 * (f2 * x2[o2 + c]) + w3 * (f3 * x3[o3 + c]);
            }
        }
    }

    /*
     * Entries that must be equal come out equal: a term with a point's own factor (a row point's
     * value, an input coordinate) is w (a b) in every loop, so that swapping the two points (a
     * repeated point's row against its column) gives the same bits; a factor constant over the
     * whole tile is folded into the weight instead, (w b) a, as before (1 * a is exact).
     */

    /** The factor b of a term at tile row r when it varies from row to row, else 1 ({@link #weight} took it). */
    private static double rowFactor(Tile.In b, int r) {
        return b.rs == 0 ? 1 : b.arr[b.off + r * b.rs];
    }

    /** The term's weight: w times b when b is one number over the tile, else w. */
    private static double weight(double w, Tile.In b) {
        return b.rs == 0 ? w * b.arr[b.off] : w;
    }

    /** out (=|+=) w (b a) (then + v when plus) with a contiguous along rows and b constant along each row. */
    private static void scaled(Tile t, double[] out, boolean set, double w, Tile.In a, Tile.In b, boolean plus, double v) {
        double[] aa = a.arr;
        for (int r = 0; r < t.rows; r++) {
            int o = t.base + r * t.cols, ao = a.off + r * a.rs - o;
            double wb = weight(w, b), f = rowFactor(b, r);
            int c0 = o + t.first(r), c1 = o + t.cols;
            if (plus) {
                if (set) for (int c = c0; c < c1; c++) out[c] = wb * (f * aa[ao + c]) + v;
                else for (int c = c0; c < c1; c++) out[c] = out[c] + wb * (f * aa[ao + c]) + v;
            } else if (set) {
                for (int c = c0; c < c1; c++) out[c] = wb * (f * aa[ao + c]);
            } else {
                for (int c = c0; c < c1; c++) out[c] += wb * (f * aa[ao + c]);
            }
        }
    }

    private static void broadcast(Tile t, double[] out, boolean set, double w, Tile.In a, Tile.In b) {
        for (int r = 0; r < t.rows; r++) {
            int o = t.base + r * t.cols;
            double v = w * (a.arr[a.off + r * a.rs] * b.arr[b.off + r * b.rs]);
            int c0 = o + t.first(r), c1 = o + t.cols;
            if (set) for (int c = c0; c < c1; c++) out[c] = v;
            else for (int c = c0; c < c1; c++) out[c] += v;
        }
    }

    /** out (=|+=) w * a * b (then + v when plus), both contiguous along rows. */
    private static void product(Tile t, double[] out, boolean set, double w, Tile.In a, Tile.In b, boolean plus, double v) {
        double[] aa = a.arr, bb = b.arr;
        for (int r = 0; r < t.rows; r++) {
            int o = t.base + r * t.cols, ao = a.off + r * a.rs - o, bo = b.off + r * b.rs - o;
            int c0 = o + t.first(r), c1 = o + t.cols;
            if (plus) {
                if (set) for (int c = c0; c < c1; c++) out[c] = w * (aa[ao + c] * bb[bo + c]) + v;
                else for (int c = c0; c < c1; c++) out[c] = out[c] + w * (aa[ao + c] * bb[bo + c]) + v;
            } else if (set) {
                for (int c = c0; c < c1; c++) out[c] = w * (aa[ao + c] * bb[bo + c]);
            } else {
                for (int c = c0; c < c1; c++) out[c] += w * (aa[ao + c] * bb[bo + c]);
            }
        }
    }

    private static void general(Tile t, double[] out, boolean set, double w, Tile.In a, Tile.In b) {
        for (int r = 0; r < t.rows; r++) {
            int o = t.base + r * t.cols;
            int c0 = t.first(r);
            for (int c = c0; c < t.cols; c++) {
                double v = w * (a.at(r, c) * b.at(r, c));
                if (set) out[o + c] = v;
                else out[o + c] += v;
            }
        }
    }
}
