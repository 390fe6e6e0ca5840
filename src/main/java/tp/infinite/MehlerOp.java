package tp.infinite;

/**
 * Cross pass: E[F(u) G(v)] = sum_k rho^k a_k(x) b_k(x') from per-point Hermite coefficients
 * ({@link Hermite}), summed until Parseval's bound on the rest falls below {@link #TOL} of
 * sqrt(E[F^2] E[G^2]); an element where K terms do not get there (correlation near 1 with
 * slowly decaying coefficients) goes to the quadrature fallback. Inputs: Var u (row side),
 * Cov(u, v), Var v (column side), then the row point's K coefficients and E[F^2], then the
 * column point's.
 */
final class MehlerOp extends Op {
    static final double TOL = 1e-12;
    private final ElemFn fallback;

    MehlerOp(int out, Src q11, Src q12, Src q22, int rowFirst, int colFirst, ElemFn fallback, String what) {
        super(new int[] {out}, inputs(q11, q12, q22, rowFirst, colFirst), what);
        this.fallback = fallback;
    }

    private static Src[] inputs(Src q11, Src q12, Src q22, int rowFirst, int colFirst) {
        int n = Hermite.K + 1;
        Src[] s = new Src[3 + 2 * n];
        s[0] = q11;
        s[1] = q12;
        s[2] = q22;
        for (int k = 0; k < n; k++) {
            s[3 + k] = new Src(Src.ROW, rowFirst + k, 0);
            s[3 + n + k] = new Src(Src.COL, colFirst + k, 0);
        }
        return s;
    }

    @Override
    double nanosPerElement() {
        return 150;
    }

    /** Per point (row-major, K + 1 + K + 1 each): coefficients, then the Parseval tails after k terms. */
    private static double[] pack(double[][] diag, int first, int points) {
        int k1 = Hermite.K + 1, stride = 2 * k1;
        double[] p = new double[points * stride];
        for (int j = 0; j < points; j++) {
            double e2 = diag[first + Hermite.K][j], acc = 0;
            for (int k = 0; k < Hermite.K; k++) {
                double a = diag[first + k][j];
                p[j * stride + k] = a;
                p[j * stride + k1 + k] = Math.max(e2 - acc, 0);
                acc += a * a;
            }
            p[j * stride + Hermite.K] = e2;
            p[j * stride + k1 + Hermite.K] = Math.max(e2 - acc, 0);
        }
        return p;
    }

    @Override
    void run(Tile t, Workspace ws) {
        int k1 = Hermite.K + 1, stride = 2 * k1;
        int rowFirst = ins[3].index(), colFirst = ins[3 + k1].index();
        double[] rows = (double[]) t.cache.computeIfAbsent(java.util.List.of(t.diagRow, rowFirst),
                key -> pack(t.diagRow, rowFirst, t.diagRow[rowFirst].length));
        double[] cols = (double[]) t.cache.computeIfAbsent(java.util.List.of(t.diagCol, colFirst),
                key -> pack(t.diagCol, colFirst, t.diagCol[colFirst].length));
        Tile.In a = t.in(ins[0]), b = t.in(ins[1]), c = t.in(ins[2]);
        double[] out = t.slots[outs[0]];
        double[] fin = new double[3];
        for (int r = 0; r < t.rows; r++) {
            int o = t.base + r * t.cols;
            int ro = (t.r0 + r) * stride;
            for (int col = t.first(r); col < t.cols; col++) {
                double q11 = a.at(r, col), q12 = b.at(r, col), q22 = c.at(r, col);
                int co = (t.c0 + col) * stride;
                double rho = q11 > 0 && q22 > 0 ? q12 / Math.sqrt(q11) / Math.sqrt(q22) : 0; // q11 q22 may overflow
                rho = Math.max(-1, Math.min(1, rho));
                double scale = Math.sqrt(rows[ro + Hermite.K] * cols[co + Hermite.K]);
                double limit = TOL * scale;
                double sum = 0, p = 1;
                boolean done = false;
                for (int k = 0; k < Hermite.K; k++) {
                    sum += p * rows[ro + k] * cols[co + k];
                    p *= rho;
                    if ((k & 7) == 7 && Math.abs(p) * Math.sqrt(rows[ro + k1 + k + 1] * cols[co + k1 + k + 1]) <= limit) {
                        done = true;
                        break;
                    }
                }
                if (!done && Math.abs(p) * Math.sqrt(rows[ro + k1 + Hermite.K] * cols[co + k1 + Hermite.K]) > limit) {
                    fin[0] = q11;
                    fin[1] = q12;
                    fin[2] = q22;
                    sum = fallback.eval(fin, ws);
                    ws.mehlerFallbacks++;
                }
                out[o + col] = sum;
            }
        }
    }
}
