package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tp.infinite.gauss.ArcCosine;
import tp.infinite.gauss.PiecewiseLinear;

/**
 * The fused arc-cosine loop (trig-free forms, branch-free angle, shared angle) against the
 * gauss package's independent closed forms ({@link ArcCosine#expect}, tested there against
 * quadrature), for every pair of the piecewise-linear family, all three loop variants.
 */
class ArcCosOpTest {
    private static final PiecewiseLinear[] FAMILY = {
        PiecewiseLinear.RELU, PiecewiseLinear.STEP, PiecewiseLinear.ID, PiecewiseLinear.ABS, PiecewiseLinear.SIGN,
        PiecewiseLinear.leakyRelu(0.1), new PiecewiseLinear(2, 0, 0, 0, 0.5), new PiecewiseLinear(1, 0, 0.3, 0, -1),
    };

    /**
     * The branch-free angle, alone and as the hot loop inlines it, against StrictMath.atan2 of the
     * same r (fdlibm, correctly rounded to within an ulp) over 14 decades of variances and
     * correlations from uniform to within 1e-15 of +-1.
     */
    @Test
    void angleMatchesAtan2() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 200_000;
        double[] q11 = new double[n], q12 = new double[n], q22 = new double[n], relu = new double[n], phis = new double[n];
        for (int i = 0; i < n; i++) {
            q11[i] = Math.pow(10, rnd.nextDouble(-7, 7));
            q22[i] = Math.pow(10, rnd.nextDouble(-7, 7));
            double rho = i % 3 == 0 ? rnd.nextDouble(-1, 1) : (1 - Math.pow(10, -rnd.nextDouble(0, 15))) * (i % 2 == 0 ? 1 : -1);
            q12[i] = rho * Math.sqrt(q11[i] * q22[i]);
        }
        double[] sq = new double[n];
        for (int i = 0; i < n; i++) sq[i] = i % 2 == 0 ? Math.sqrt(q11[i] * q22[i]) : Math.sqrt(q11[i]) * Math.sqrt(q22[i]);
        for (int i = 0; i < n; i++) ArcCosOp.angles(q11[i], q12, 0, 1, q22, 0, 1, i, i + 1, ArcCosOp.SNAP, sq, relu, phis);
        for (int i = 0; i < n; i++) {
            double det = ArcCosine.det2(q11[i], q12[i], q22[i]), ss = q11[i] * q22[i];
            double r = det > ArcCosOp.SNAP * ss ? Math.sqrt(det) : 0;
            double e = StrictMath.atan2(r, -q12[i]);
            double g = Atan.angle(r, q12[i], sq[i]);
            String at = q11[i] + ", " + q12[i] + ", " + q22[i];
            if (Math.abs(e - g) > 4 * Math.ulp(e)) fail(at + ": " + g + " vs " + e);
            assertEquals(g, phis[i], 0, at); // the inlined loop is the same arithmetic
            double c = Math.min(Math.abs(q12[i]), sq[i]);
            assertEquals(r + g * Math.copySign(c, q12[i]), relu[i], 0, at);
        }
        double s = 2;
        assertEquals(Math.PI, Atan.angle(0, 2, s));
        assertEquals(0.0, Atan.angle(0, -2, s));
        assertEquals(Math.PI / 2, Atan.angle(2, 0, s), Math.ulp(Math.PI / 2));
        assertEquals(Math.PI / 2, Atan.angle(2, -0.0, s), Math.ulp(Math.PI / 2));
    }

    /**
     * The two-output pair loop (variances from the row and column points) and the strided loop
     * (the same variances read from slots) give the same bits: tiled and Spark kernels compute
     * a tile through whichever loop its sources select and must match the in-memory kernel.
     */
    @Test
    void pairLoopAndStridedLoopGiveTheSameBits() {
        int n = 7;
        SplittableRandom rnd = new SplittableRandom(11);
        double[] v1 = new double[n], v2 = new double[n];
        for (int i = 0; i < n; i++) {
            v1[i] = Math.exp(rnd.nextDouble(-3, 3));
            v2[i] = Math.exp(rnd.nextDouble(-3, 3));
        }
        Tile t = new Tile();
        t.cross = true;
        t.rows = n;
        t.cols = n;
        t.diagRow = new double[][] {v1};
        t.diagCol = new double[][] {v2};
        t.slots = new double[7][n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t.slots[0][i * n + j] = rnd.nextDouble(-1, 1) * Math.sqrt(v1[i] * v2[j]);
                t.slots[1][i * n + j] = v1[i];
                t.slots[2][i * n + j] = v2[j];
            }
        }
        ArcCosOp pair = new ArcCosOp(new Src(Src.ROW, 0, 0), Src.slot(0), new Src(Src.COL, 0, 0), "pair");
        ArcCosOp strided = new ArcCosOp(Src.slot(1), Src.slot(0), Src.slot(2), "strided");
        pair.add(PiecewiseLinear.RELU, PiecewiseLinear.RELU, 3);
        pair.add(PiecewiseLinear.STEP, PiecewiseLinear.STEP, 4);
        strided.add(PiecewiseLinear.RELU, PiecewiseLinear.RELU, 5);
        strided.add(PiecewiseLinear.STEP, PiecewiseLinear.STEP, 6);
        pair.run(t, new Workspace());
        strided.run(t, new Workspace());
        org.junit.jupiter.api.Assertions.assertArrayEquals(t.slots[3], t.slots[5], 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(t.slots[4], t.slots[6], 0);
    }

    @Test
    void everyPairAndLoopVariantMatchesArcCosine() {
        double[][] covs = {{1, 0.3, 2}, {2, -1.9, 1.81}, {1.5, 1.5, 1.5}, {1, -1, 1}, {0.7, 0, 3}, {1e-6, 1e-7, 5},
            {0, 0, 1}, {2, 0, 0}, {0, 0, 0}, {1, 1.0000001, 1}};
        for (PiecewiseLinear a : FAMILY) {
            for (PiecewiseLinear b : FAMILY) {
                // alone, and grouped with relu/step (the two-output fast loop when both are "common")
                check(new PiecewiseLinear[] {a}, new PiecewiseLinear[] {b}, covs);
                check(new PiecewiseLinear[] {a, PiecewiseLinear.STEP}, new PiecewiseLinear[] {b, PiecewiseLinear.STEP}, covs);
                check(new PiecewiseLinear[] {a, b, PiecewiseLinear.RELU}, new PiecewiseLinear[] {b, a, PiecewiseLinear.ID}, covs);
            }
        }
    }

    private static void check(PiecewiseLinear[] as, PiecewiseLinear[] bs, double[][] covs) {
        int n = covs.length;
        // cross-pass layout: q11 per row (ROW), q12 per element, q22 per column (COL); one row per case
        Tile t = new Tile();
        t.cross = true;
        t.rows = n;
        t.cols = n;
        t.diagRow = new double[1][n];
        t.diagCol = new double[1][n];
        t.slots = new double[1 + as.length][n * n];
        for (int i = 0; i < n; i++) {
            t.diagRow[0][i] = covs[i][0];
            t.diagCol[0][i] = covs[i][2];
            t.slots[0][i * n + i] = covs[i][1];
        }
        ArcCosOp op = new ArcCosOp(new Src(Src.ROW, 0, 0), Src.slot(0), new Src(Src.COL, 0, 0), "test");
        for (int k = 0; k < as.length; k++) op.add(as[k], bs[k], 1 + k);
        op.run(t, new Workspace());
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < as.length; k++) {
                double e = ArcCosine.expect(as[k], bs[k], covs[i][0], covs[i][1], covs[i][2]);
                double g = t.slots[1 + k][i * n + i];
                double scale = Math.max(1e-300, Math.sqrt(Math.max(covs[i][0], 0) * Math.max(covs[i][2], 0)) + 1);
                assertEquals(e, g, 1e-14 * scale + 1e-13 * Math.abs(e), as[k] + " x " + bs[k] + " at " + java.util.Arrays.toString(covs[i]));
            }
        }
    }
}
