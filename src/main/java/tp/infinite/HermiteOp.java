package tp.infinite;

import java.util.function.DoubleUnaryOperator;

/**
 * Diagonal pass: per point, the Hermite coefficients a_0..a_{K-1} of F(m + sqrt(q) z) and
 * E[F^2] ({@link Hermite}), into K + 1 consecutive slots. Input: the variance q of the coordinate.
 */
final class HermiteOp extends Op {
    private final DoubleUnaryOperator f;
    private final double mean;

    HermiteOp(int firstSlot, Src variance, DoubleUnaryOperator f, double mean, String what) {
        super(range(firstSlot, Hermite.K + 1), new Src[] {variance}, what);
        this.f = f;
        this.mean = mean;
    }

    @Override
    double nanosPerElement() {
        return 20000;
    }

    static int[] range(int first, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = first + i;
        return r;
    }

    @Override
    void run(Tile t, Workspace ws) {
        Tile.In q = t.in(ins[0]);
        double[] a = new double[Hermite.K];
        for (int r = 0; r < t.rows; r++) {
            int o = t.base + r * t.cols;
            for (int c = t.first(r); c < t.cols; c++) {
                double e2 = Hermite.coefficients(f, mean, q.at(r, c), a);
                for (int k = 0; k < Hermite.K; k++) t.slots[outs[k]][o + c] = a[k];
                t.slots[outs[Hermite.K]][o + c] = e2;
            }
        }
    }
}
