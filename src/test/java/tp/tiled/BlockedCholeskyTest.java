package tp.tiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.UserError;
import tp.api.TensorProgram;
import tp.kernels.Predictor;

/**
 * The out-of-core solve: the dense blocked factor reproduces its matrix, and tiled kernel
 * regression (blocked Cholesky on disk, streamed test-train product) agrees with the in-memory
 * {@link Predictor} (EJML Cholesky) to 1e-10; a singular kernel is refused; a finished factor is
 * reused and an unfinished one resumed.
 */
class BlockedCholeskyTest {
    @TempDir Path tmp;

    private static final TensorProgram TP = TiledFixtures.program();

    @Test
    void denseBlockedFactorReproducesTheMatrix() {
        int n = 600; // two full 256-blocks and a partial one
        SplittableRandom r = new SplittableRandom(4);
        DMatrixRMaj g = new DMatrixRMaj(n, n);
        for (int i = 0; i < g.data.length; i++) g.data[i] = r.nextDouble() - 0.5;
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(g, g, a);
        for (int i = 0; i < n; i++) a.add(i, i, 1.0);
        DenseCholesky f = DenseCholesky.factor(a.copy().data, n);
        assertNotNull(f);
        DMatrixRMaj l = DMatrixRMaj.wrap(n, n, f.l);
        DMatrixRMaj llt = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(l, l, llt);
        double scale = CommonOps_DDRM.elementMaxAbs(a);
        for (int i = 0; i < n * n; i++) assertEquals(a.data[i], llt.data[i], 1e-12 * scale);
        // X L^T = P for a 70-row panel
        DMatrixRMaj p = new DMatrixRMaj(70, n);
        for (int i = 0; i < p.data.length; i++) p.data[i] = r.nextDouble();
        DMatrixRMaj x = p.copy();
        f.rightSolveTransposed(x.data, 70);
        DMatrixRMaj back = new DMatrixRMaj(70, n);
        CommonOps_DDRM.multTransB(x, l, back);
        for (int i = 0; i < p.data.length; i++) assertEquals(p.data[i], back.data[i], 1e-10);
        // not positive definite
        DMatrixRMaj bad = a.copy();
        bad.set(300, 300, -1);
        assertNull(DenseCholesky.factor(bad.data, n));
    }

    private TiledKernel tiled(Path dir, DMatrixRMaj x1, DMatrixRMaj x2, List<String> kinds) {
        TileLayout layout = new TileLayout(x1.numRows, x2 == null ? x1.numRows : x2.numRows, 256, x2 == null);
        LocalStorage st = new LocalStorage(dir);
        TiledKernelRun.run(st, TiledFixtures.manifest(layout, kinds, x1, x2), new TileEngine(TP, x1, x2, layout, kinds),
                new TiledKernelRun.Listener() {});
        return TiledKernel.open(st);
    }

    private static DMatrixRMaj targets(DMatrixRMaj x, int k) {
        DMatrixRMaj y = new DMatrixRMaj(x.numRows, k);
        for (int i = 0; i < x.numRows; i++) for (int c = 0; c < k; c++) y.set(i, c, Math.sin(3 * x.get(i, c)) + x.get(i, c + 1));
        return y;
    }

    @Test
    void tiledRegressionAgreesWithTheInMemoryPath() {
        DMatrixRMaj x = TiledFixtures.points(600, 1), z = TiledFixtures.points(300, 2), y = targets(x, 3);
        TiledKernel k = tiled(tmp.resolve("k.tpk"), x, null, List.of("nngp", "ntk"));
        TiledKernel kz = tiled(tmp.resolve("kz.tpk"), z, x, List.of("ntk"));
        for (String kind : List.of("nngp", "ntk")) {
            for (double reg : new double[] {0, 1e-3}) {
                DMatrixRMaj kxx = kind.equals("ntk") ? TP.ntk(x, null) : TP.nngp(x, null);
                DMatrixRMaj kzx = kind.equals("ntk") ? TP.ntk(z, x) : TP.nngp(z, x);
                DMatrixRMaj want = Predictor.kernelRegression(kxx, kzx, y, reg);
                BlockedCholesky f = BlockedCholesky.factor(k, kind, reg, s -> { });
                DMatrixRMaj got = TiledRegression.predict(f, y, TiledRegression.computed(TP, kind, z, x, 256), s -> { });
                double scale = CommonOps_DDRM.elementMaxAbs(want);
                for (int i = 0; i < want.data.length; i++) assertEquals(want.data[i], got.data[i], 1e-10 * scale, kind + " reg " + reg);
                if (kind.equals("ntk")) {
                    DMatrixRMaj stored = TiledRegression.predict(f, y, TiledRegression.stored(kz, "ntk"), s -> { });
                    for (int i = 0; i < want.data.length; i++) assertEquals(got.data[i], stored.data[i], 1e-12 * scale);
                }
            }
        }
    }

    @Test
    void aSingularKernelIsRefusedWithAHint() {
        DMatrixRMaj x = TiledFixtures.points(300, 5);
        System.arraycopy(x.data, 0, x.data, 299 * 40, 40); // point 299 repeats point 0
        TiledKernel k = tiled(tmp.resolve("s.tpk"), x, null, List.of("ntk"));
        UserError e = assertThrows(UserError.class, () -> BlockedCholesky.factor(k, "ntk", 0, s -> { }));
        assertTrue(e.getMessage().contains("--reg"), e.getMessage());
        assertNotNull(BlockedCholesky.factor(k, "ntk", 1e-3, s -> { }));
    }

    @Test
    void aFinishedFactorIsReusedAndAnUnfinishedOneResumed() throws Exception {
        DMatrixRMaj x = TiledFixtures.points(600, 1), y = targets(x, 2);
        TiledKernel k = tiled(tmp.resolve("r.tpk"), x, null, List.of("ntk"));
        BlockedCholesky f = BlockedCholesky.factor(k, "ntk", 1e-3, s -> { });
        double[] want = f.solve(y.data, 2);
        Path dir = tmp.resolve("r.tpk/cholesky-ntk-reg-0.001");
        Path first = dir.resolve("L/tile-00000-00000.npy"), last = dir.resolve("L/tile-00002-00002.npy");
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(first, old);
        Files.setLastModifiedTime(last, old);
        BlockedCholesky.factor(k, "ntk", 1e-3, s -> { });
        assertEquals(old, Files.getLastModifiedTime(first));
        assertEquals(old, Files.getLastModifiedTime(last));
        // forget the last block column: only it is computed again
        Path m = dir.resolve(Manifest.FILE);
        Files.writeString(m, Files.readString(m).replaceAll(",\\s*\"[^\"]*L/tile-00002-00002.npy\": \"crc32c:[0-9a-f]+\"", ""));
        List<String> log = new java.util.ArrayList<>();
        BlockedCholesky g = BlockedCholesky.factor(k, "ntk", 1e-3, log::add);
        assertTrue(log.get(0).contains("resuming the Cholesky factor: 2 of 3"), log.toString());
        assertEquals(old, Files.getLastModifiedTime(first));
        assertTrue(Files.getLastModifiedTime(last).compareTo(old) > 0);
        double[] again = g.solve(y.data, 2);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], again[i], 0.0);
        // reg 0 (the default) is reused too
        BlockedCholesky.factor(k, "ntk", 0, s -> { });
        Path zero = tmp.resolve("r.tpk/cholesky-ntk-reg-0.0/L/tile-00000-00000.npy");
        Files.setLastModifiedTime(zero, old);
        BlockedCholesky.factor(k, "ntk", 0, s -> { });
        assertEquals(old, Files.getLastModifiedTime(zero));
    }
}
