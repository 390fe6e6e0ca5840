package tp.infinite;

/** out = fn(inputs) element by element: the general (closed form with means, or quadrature) path. */
final class ScalarOp extends Op {
    private final ElemFn fn;

    ScalarOp(int out, Src[] ins, ElemFn fn, String what) {
        super(new int[] {out}, ins, what);
        this.fn = fn;
    }

    /** Whether the value is a numerical integral (its rounding and error depend on the order of the two points). */
    boolean isQuadrature() {
        return fn instanceof Quadrature;
    }

    @Override
    double nanosPerElement() {
        return fn.nanos();
    }

    @Override
    void run(Tile t, Workspace ws) {
        int n = ins.length;
        Tile.In[] in = new Tile.In[n];
        for (int i = 0; i < n; i++) in[i] = t.in(ins[i]);
        double[] vals = new double[n];
        double[] out = t.slots[outs[0]];
        for (int r = 0; r < t.rows; r++) {
            int o = t.base + r * t.cols;
            for (int c = t.first(r); c < t.cols; c++) {
                for (int i = 0; i < n; i++) vals[i] = in[i].at(r, c);
                out[o + c] = fn.eval(vals, ws);
            }
        }
    }
}
