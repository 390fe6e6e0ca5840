package tp.infinite;

/**
 * Cross pass: E[F(u) G(v)] = sum_k rho^k a_k(x) b_k(x') from per-point Hermite coefficients
 * ({@link Hermite}), summed until Parseval's bound on the rest falls below {@link #TOL} of
 * sqrt(E[F^2] E[G^2]) (that bound, relative to the same scale, is the element's error estimate,
 * reported through {@link Workspace#noteError}); an element where K terms do not get there
 * (correlation near 1 with slowly decaying coefficients) goes to the quadrature fallback. Inputs: Var u (row side),
 * Cov(u, v), Var v (column side), then the row point's K coefficients and E[F^2], then the
 * column point's.
 */
final class MehlerOp extends Op {
    static final double TOL = 1e-13;
    /** Accepted where one side's coefficients ran out before TOL was reached (see {@link #run}). */
    static final double ACCEPT = 1e-11;
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

    /**
     * What a tail E[F^2] - sum a_k^2 cannot resolve, relative to E[F^2]: the error of E[F^2]
     * (adaptive Gauss-Kronrod to 1e-15) and the rounding of the sum of squares. A tail that
     * cancels to 0 is taken as this much, so the bound stays honest when one side's
     * coefficients have converged and the other's have not.
     */
    static final double TAIL_FLOOR = 4e-15;

    /** Per point: K coefficients, E[F^2], the K + 1 Parseval tails before term k, the count. */
    private static final int STRIDE = 2 * (Hermite.K + 1) + 1;

    /**
     * Per point (row-major, {@link #STRIDE} each): coefficients, E[F^2], then the Parseval tails
     * before term k, then how many coefficients the point has (past it they are 0).
     */
    private static double[] pack(double[][] diag, int first, int points) {
        int k1 = Hermite.K + 1, stride = STRIDE;
        double[] p = new double[points * stride];
        for (int j = 0; j < points; j++) {
            double e2 = diag[first + Hermite.K][j], acc = 0, floor = TAIL_FLOOR * e2;
            int count = 0;
            for (int k = 0; k < Hermite.K; k++) {
                double a = diag[first + k][j];
                p[j * stride + k] = a;
                p[j * stride + k1 + k] = Math.max(e2 - acc, floor);
                acc += a * a;
                if (a != 0) count = k + 1;
            }
            p[j * stride + 2 * k1] = count;
            p[j * stride + Hermite.K] = e2;
            p[j * stride + k1 + Hermite.K] = Math.max(e2 - acc, floor);
        }
        return p;
    }

    @Override
    void run(Tile t, Workspace ws) {
        int k1 = Hermite.K + 1, stride = STRIDE;
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
                double sum = 0, p = 1, bound = Double.POSITIVE_INFINITY;
                // past the shorter side's count the terms are 0, but the true ones are not: the
                // bound stops there, with both tails from there (Cauchy-Schwarz over what is left)
                int terms = (int) Math.min(rows[ro + 2 * k1], cols[co + 2 * k1]);
                // the same point (a self kernel's diagonal, a repeated point): one coordinate, where
                // the series would need every coefficient, and a 1-D quadrature needs a few hundred points
                for (int k = 0; k < terms && Math.abs(rho) < 1; k++) {
                    sum += p * rows[ro + k] * cols[co + k];
                    p *= rho;
                    if ((k & 7) == 7 || k == terms - 1) {
                        bound = Math.abs(p) * Math.sqrt(rows[ro + k1 + k + 1] * cols[co + k1 + k + 1]);
                        if (bound <= limit) break;
                    }
                }
                // the shorter side's coefficients ran out first (its Parseval tail is only known to
                // about 1e-14 of E[F^2]): Cauchy-Schwarz there is loose but true; a tenth of the
                // 1e-10 kernels aim for is taken rather than a quadrature costing 10^4 series
                if (bound > limit && terms < Hermite.K && bound <= ACCEPT * scale) limit = bound;
                if (bound > limit) {
                    fin[0] = q11;
                    fin[1] = q12;
                    fin[2] = q22;
                    sum = fallback.eval(fin, ws);
                    ws.mehlerFallbacks++;
                } else if (scale > 0) {
                    ws.noteError(bound / scale);
                }
                out[o + col] = sum;
            }
        }
    }
}
