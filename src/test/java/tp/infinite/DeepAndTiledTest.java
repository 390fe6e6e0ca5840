package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import tp.api.TensorProgram;
import tp.infinite.gauss.ArcCosine;

/**
 * Depth and tiling: a 10,000-layer ReLU MLP is planned without deep recursion and its kernels
 * match the textbook arc-cosine recursion (Cho and Saul's K, and Theta_l = K_l + Theta_{l-1}
 * Kdot_l, written out here independently of the engine); and a kernel's entries do not depend on
 * how the N1 x N2 matrix is cut into tiles or into separate calls (what a tiled, resumable or
 * distributed computation relies on).
 */
class DeepAndTiledTest {
    private static final double SW = 1.4, SB = 0.1;

    static String mlp(int depth) {
        return String.join("\n", "let L = " + depth, "input x : 3",
                "MatIn W0 : n x 3 sigma " + SW, "VecIn b[0..L-1] : n sigma " + SB,
                "MatMul z[0] := W0 x", "LinComb g[0] := z[0] + b[0]", "Nonlin h[0] := relu(g[0])",
                "MatIn W[1..L-1] : n x n sigma " + SW,
                "for l in 1..L-1 {", "  MatMul z[l] := W[l] h[l-1]", "  LinComb g[l] := z[l] + b[l]", "  Nonlin h[l] := relu(g[l])", "}",
                "MatIn V : 1 x n sigma " + SW, "MatMul f := V h[L-1]", "Output f", "");
    }

    /** {NNGP, NTK} of the program above for two points, by the closed-form recursion. */
    static double[] recursion(int depth, double[] x, double[] y) {
        double kxx = SW * SW * dot(x, x) / 3 + SB * SB, kyy = SW * SW * dot(y, y) / 3 + SB * SB;
        double kxy = SW * SW * dot(x, y) / 3 + SB * SB;
        double txy = kxy; // Theta of g[0]
        for (int l = 1; l <= depth; l++) {
            double s = Math.sqrt(kxx * kyy), c = Math.max(-1, Math.min(1, kxy / s)), th = Math.acos(c);
            double e = s * (Math.sin(th) + (Math.PI - th) * c) / (2 * Math.PI); // E[relu relu']
            double ed = (Math.PI - th) / (2 * Math.PI);                          // E[step step']
            double sw2 = SW * SW, sb2 = l < depth ? SB * SB : 0;
            double next = sw2 * e + sb2;
            txy = next + sw2 * ed * txy;
            kxy = next;
            kxx = sw2 * kxx / 2 + sb2;
            kyy = sw2 * kyy / 2 + sb2;
        }
        return new double[] {kxy, txy};
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void tenThousandLayers() {
        int depth = 10_000;
        TensorProgram tp = TensorProgram.parse("deep.tp", mlp(depth));
        double[] x = {0.3, -1.2, 0.8}, y = {-0.5, 0.4, 1.1};
        Kernels k = tp.kernels(new DMatrixRMaj(new double[][] {x}), new DMatrixRMaj(new double[][] {y}));
        double[] want = recursion(depth, x, y);
        // the recursion is contracting (the correlation goes to 1), so rounding does not grow with depth
        assertEquals(want[0], k.nngp().get(0, 0), 1e-10 * Math.abs(want[0]));
        assertEquals(want[1], k.ntk().get(0, 0), 1e-9 * Math.abs(want[1]));
    }

    @Test
    void shallowAgreesWithTheRecursionToRounding() {
        TensorProgram tp = TensorProgram.parse("deep.tp", mlp(3));
        double[] x = {0.3, -1.2, 0.8}, y = {-0.5, 0.4, 1.1};
        Kernels k = tp.kernels(new DMatrixRMaj(new double[][] {x}), new DMatrixRMaj(new double[][] {y}));
        double[] want = recursion(3, x, y);
        assertEquals(want[0], k.nngp().get(0, 0), 1e-13 * Math.abs(want[0]));
        assertEquals(want[1], k.ntk().get(0, 0), 1e-13 * Math.abs(want[1]));
        assertEquals(0, ArcCosine.det2(1, 1, 1)); // (the helper the engine uses for parallel points)
    }

    @Test
    void entriesDoNotDependOnTilingOrOnHowTheMatrixIsSplit() {
        // a CNN (many slots, small tiles) with a wide input slice (a per-tile matrix product)
        String prog = String.join("\n", "input x[0..5] : 40",
                "MatIn A[0..1] : n x 40 sigma 1.3", "VecIn c : n sigma 0.2",
                "for i in 0..4 {", "  MatMul u[i][0] := A[0] x[i]", "  MatMul u[i][1] := A[1] x[i+1]",
                "  LinComb g[i] := u[i][0] + u[i][1] + c", "  Nonlin h[i] := relu(g[i])", "}",
                "LinComb p := sum(i in 0..4) h[i] / 5", "MatIn R : 1 x n", "MatMul f := R p", "Output f", "");
        TensorProgram tp = TensorProgram.parse("tiles.tp", prog);
        DMatrixRMaj x = random(53, 240, 4);
        x.data[7 * 240 + 3] = x.data[3]; // nothing special about identical entries either
        Kernels whole = tp.kernels(x, null);
        String old = System.getProperty("tp.tileBytes");
        try {
            System.setProperty("tp.tileBytes", "1000"); // the smallest tiles (16 x 16)
            Kernels small = tp.kernels(x, null);
            assertArrayEquals(whole.nngp().data, small.nngp().data);
            assertArrayEquals(whole.ntk().data, small.ntk().data);
        } finally {
            if (old == null) System.clearProperty("tp.tileBytes");
            else System.setProperty("tp.tileBytes", old);
        }
        // an off-diagonal block and a diagonal block computed on their own
        Kernels off = tp.kernels(rows(x, 0, 20), rows(x, 20, 53));
        Kernels diag = tp.kernels(rows(x, 20, 53), null);
        for (int i = 0; i < 20; i++) {
            for (int j = 20; j < 53; j++) {
                assertEquals(whole.ntk().get(i, j), off.ntk().get(i, j - 20), 0.0);
                assertEquals(whole.nngp().get(i, j), off.nngp().get(i, j - 20), 0.0);
            }
        }
        for (int i = 20; i < 53; i++) {
            for (int j = 20; j < 53; j++) {
                assertEquals(whole.ntk().get(i, j), diag.ntk().get(i - 20, j - 20), 0.0);
                assertEquals(whole.nngp().get(i, j), diag.nngp().get(i - 20, j - 20), 0.0);
            }
        }
    }

    static DMatrixRMaj random(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < x.data.length; i++) x.data[i] = r.nextGaussian();
        return x;
    }

    static DMatrixRMaj rows(DMatrixRMaj x, int from, int to) {
        DMatrixRMaj r = new DMatrixRMaj(to - from, x.numCols);
        r.data = Arrays.copyOfRange(x.data, from * x.numCols, to * x.numCols);
        return r;
    }
}
