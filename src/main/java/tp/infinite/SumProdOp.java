package tp.infinite;

/** out = sum_k coef[k] * a[k] * b[k] (b[k] null means 1): linear combinations and products of slots. */
final class SumProdOp extends Op {
    final double[] coefs;
    private final int terms;

    /** ins holds a[0], b[0], a[1], b[1], ... with a b that is the constant 1 where there is none. */
    SumProdOp(int out, double[] coefs, Src[] ins, String what) {
        super(new int[] {out}, ins, what);
        this.coefs = coefs;
        this.terms = coefs.length;
    }

    /** True when every term is a source times a constant (no product of two slots). */
    boolean isLinear() {
        for (int k = 0; k < terms; k++) if (!ins[2 * k + 1].isConst()) return false;
        return true;
    }

    @Override
    void run(Tile t, Workspace ws) {
        double[] out = t.slots[outs[0]];
        int rows = t.rows, cols = t.cols;
        for (int k = 0; k < terms; k++) {
            Tile.In a = t.in(ins[2 * k]);
            Tile.In b = t.in(ins[2 * k + 1]);
            double w = coefs[k];
            double[] aa = a.arr, bb = b.arr;
            int acs = a.cs, bcs = b.cs;
            boolean bConst = b.rs == 0 && b.cs == 0;
            double bv = bConst ? bb[b.off] : 0;
            for (int r = 0; r < rows; r++) {
                int o = t.base + r * cols;
                int ao = a.off + r * a.rs;
                int bo = b.off + r * b.rs;
                int c0 = t.first(r);
                if (bConst) {
                    double wb = w * bv;
                    if (k == 0) for (int c = c0; c < cols; c++) out[o + c] = wb * aa[ao + c * acs];
                    else for (int c = c0; c < cols; c++) out[o + c] += wb * aa[ao + c * acs];
                } else {
                    if (k == 0) for (int c = c0; c < cols; c++) out[o + c] = w * aa[ao + c * acs] * bb[bo + c * bcs];
                    else for (int c = c0; c < cols; c++) out[o + c] += w * aa[ao + c * acs] * bb[bo + c * bcs];
                }
            }
        }
    }
}
