package tp.tiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.UserError;
import tp.api.TensorProgram;
import tp.kernels.KernelBlocks;
import tp.kernels.Predictor;

/**
 * Finite-time predictions out of core (Chebyshev expansion of the flow applied through streamed
 * products with the tiled kernel) against the in-memory eigendecomposition of {@link Predictor}.
 */
class TiledFlowTest {
    @TempDir Path tmp;

    @Test
    void chebyshevFlowAgreesWithTheEigendecomposition() {
        TensorProgram tp = TiledFixtures.program();
        DMatrixRMaj x = TiledFixtures.points(600, 1), z = TiledFixtures.points(90, 2);
        DMatrixRMaj y = new DMatrixRMaj(600, 2);
        for (int i = 0; i < 600; i++) for (int c = 0; c < 2; c++) y.set(i, c, Math.cos(2 * x.get(i, c)) - x.get(i, c + 2));
        TileLayout layout = new TileLayout(600, 600, 256, true);
        LocalStorage st = new LocalStorage(tmp.resolve("k.tpk"));
        TiledKernelRun.run(st, TiledFixtures.manifest(layout, List.of("ntk"), x, null), new TileEngine(tp, x, null, layout, List.of("ntk")),
                new TiledKernelRun.Listener() {});
        TiledKernel k = TiledKernel.open(st);
        DMatrixRMaj kxx = tp.ntk(x, null), kzx = tp.ntk(z, x);
        for (double reg : new double[] {0, 1e-3}) {
            for (double time : reg == 0 ? new double[] {0, 3, 300} : new double[] {30, 3000}) {
                DMatrixRMaj want = Predictor.predictNtk(new KernelBlocks(kxx, kzx, null), null, y, time, 1, reg, false).mean();
                double a = time / (600.0 * 2);
                DMatrixRMaj got = TiledRegression.flowMean(k, "ntk", reg, a, y, TiledRegression.computed(tp, "ntk", z, x, 256), s -> { });
                double scale = Math.max(1e-300, CommonOps_DDRM.elementMaxAbs(want));
                for (int i = 0; i < want.data.length; i++) {
                    assertEquals(want.data[i], got.data[i], 1e-9 * Math.max(scale, 1e-3), "time " + time + " reg " + reg);
                }
            }
        }
        assertThrows(UserError.class, () -> TiledRegression.flowMean(k, "ntk", 0, 1e9, y,
                TiledRegression.computed(tp, "ntk", z, x, 256), s -> { }));
    }

    @Test
    void chebyshevCoefficientsOfAKnownFunction() {
        // exp(x) = I_0(1) + 2 sum I_j(1) T_j(x): c_1 = 2 I_1(1) = 1.1303182079849700, c_2 = 2 I_2(1) = 0.2714953395340766
        double[] c = TiledRegression.chebyshev(Math::exp);
        assertEquals(1.2660658777520082, c[0], 1e-14);
        assertEquals(1.1303182079849700, c[1], 1e-14);
        assertEquals(0.2714953395340766, c[2], 1e-14);
        assertEquals(true, c.length < 20);
        assertEquals(3.0 / 7 * 0 + 1e-3, TiledRegression.phi(1e-3, 0), 0.0);
    }
}
