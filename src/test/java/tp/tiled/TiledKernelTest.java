package tp.tiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.UserError;
import tp.api.TensorProgram;
import tp.infinite.Kernels;

/**
 * Tiled kernels: every tile bit-for-bit equal to the one in-memory engine call on all the data
 * (whatever the tiling, including a last partial tile), resuming after a simulated kill without
 * recomputing finished tiles, and refusing damaged files and mismatched jobs.
 */
class TiledKernelTest {
    @TempDir Path tmp;

    private static final TensorProgram TP = TiledFixtures.program();
    private static final DMatrixRMaj X = TiledFixtures.points(600, 1);

    private Manifest run(Path dir, TileLayout layout, List<String> kinds, DMatrixRMaj x1, DMatrixRMaj x2,
                         TiledKernelRun.Listener l) {
        LocalStorage st = new LocalStorage(dir);
        return TiledKernelRun.run(st, TiledFixtures.manifest(layout, kinds, x1, x2),
                new TileEngine(TP, x1, x2, layout, kinds), l).manifest();
    }

    @Test
    void symmetricTilesAreBitForBitTheInMemoryKernel() {
        Kernels full = TP.kernels(X, null);
        for (int tile : new int[] {256, 512}) {
            Path dir = tmp.resolve("k" + tile + ".tpk");
            Manifest m = run(dir, new TileLayout(600, 600, tile, true), List.of("nngp", "ntk"), X, null, new TiledKernelRun.Listener() {});
            assertTrue(m.complete());
            TiledKernel k = TiledKernel.open(new LocalStorage(dir));
            assertArrayEquals(full.nngp().data, k.toMatrix("nngp").data, "nngp, tile " + tile);
            assertArrayEquals(full.ntk().data, k.toMatrix("ntk").data, "ntk, tile " + tile);
        }
        // a subset: the first 512 points in memory are the first tiles of the 600-point run
        Kernels sub = TP.kernels(TileEngine.rows(X, 0, 512), null);
        TiledKernel k = TiledKernel.open(new LocalStorage(tmp.resolve("k256.tpk")));
        double[] b01 = k.block("ntk", 0, 1);
        for (int i = 0; i < 256; i++) for (int j = 0; j < 256; j++) assertEquals(sub.ntk().get(i, 256 + j), b01[i * 256 + j], 0.0);
    }

    @Test
    void crossTilesAreBitForBitTheInMemoryKernel() {
        DMatrixRMaj z = TiledFixtures.points(300, 2);
        DMatrixRMaj full = TP.ntk(z, X);
        Path dir = tmp.resolve("cross.tpk");
        run(dir, new TileLayout(300, 600, 256, false), List.of("ntk"), z, X, new TiledKernelRun.Listener() {});
        assertArrayEquals(full.data, TiledKernel.open(new LocalStorage(dir)).toMatrix("ntk").data);
    }

    @Test
    void aKilledRunResumesWithoutRecomputingFinishedTiles() throws Exception {
        Path dir = tmp.resolve("resume.tpk");
        TileLayout layout = new TileLayout(600, 600, 256, true); // 6 tiles
        AtomicInteger written = new AtomicInteger();
        RuntimeException kill = new RuntimeException("killed");
        RuntimeException e = assertThrows(RuntimeException.class, () -> run(dir, layout, List.of("nngp", "ntk"), X, null,
                new TiledKernelRun.Listener() {
                    @Override
                    public void tileWritten(double done, double left, int tilesLeft) {
                        if (written.incrementAndGet() == 3) throw kill;
                    }
                }));
        assertEquals("killed", e.getMessage());
        Manifest half = Manifest.read(new LocalStorage(dir));
        assertFalse(half.complete());
        assertEquals(6, half.tiles().size()); // 3 tiles x 2 kinds
        assertThrows(UserError.class, () -> TiledKernel.open(new LocalStorage(dir)));
        // a write killed midway leaves only a temporary file, which the next run removes
        Files.write(dir.resolve("ntk/tile-00001-00002.npy" + TileStorage.TMP + "dead"), new byte[100]);

        AtomicInteger starting = new AtomicInteger(-1);
        LocalStorage st = new LocalStorage(dir);
        TiledKernelRun.Result r = TiledKernelRun.run(st, TiledFixtures.manifest(layout, List.of("nngp", "ntk"), X, null),
                new TileEngine(TP, X, null, layout, List.of("nngp", "ntk")) {
                    @Override
                    public double[][] compute(int bi, int bj) {
                        assertFalse(half.has(TileLayout.name("ntk", bi, bj)), "recomputed finished tile " + bi + "," + bj);
                        return super.compute(bi, bj);
                    }
                }, new TiledKernelRun.Listener() {
                    @Override
                    public void starting(int finished, int total) {
                        starting.set(finished);
                    }
                });
        assertEquals(3, starting.get());
        assertEquals(3, r.computed());
        assertEquals(3, r.skipped());
        assertFalse(Files.list(dir.resolve("ntk")).anyMatch(p -> p.toString().contains(TileStorage.TMP)));
        assertArrayEquals(TP.ntk(X, null).data, TiledKernel.open(st).toMatrix("ntk").data);
    }

    @Test
    void aTileRenamedButNotYetRecordedIsAdopted() throws Exception {
        Path dir = tmp.resolve("adopt.tpk");
        TileLayout layout = new TileLayout(600, 600, 512, true);
        run(dir, layout, List.of("nngp"), X, null, new TiledKernelRun.Listener() {});
        // forget one finished tile in the manifest, as if the run died between rename and manifest update
        LocalStorage st = new LocalStorage(dir);
        String text = Files.readString(dir.resolve(Manifest.FILE));
        Files.writeString(dir.resolve(Manifest.FILE), text.replaceFirst(",\\s*\"nngp/tile-00001-00001.npy\": \"crc32c:[0-9a-f]+\"", "")
                .replace("\"complete\": true", "\"complete\": false"));
        assertFalse(Manifest.read(st).has("nngp/tile-00001-00001.npy"));
        TiledKernelRun.Result r = TiledKernelRun.run(st, TiledFixtures.manifest(layout, List.of("nngp"), X, null),
                new TileEngine(TP, X, null, layout, List.of("nngp")), new TiledKernelRun.Listener() {});
        assertEquals(0, r.computed());
        assertTrue(r.manifest().complete());
    }

    @Test
    void aDamagedTileIsAnErrorNotWrongNumbers() throws Exception {
        Path dir = tmp.resolve("damaged.tpk");
        run(dir, new TileLayout(600, 600, 512, true), List.of("ntk"), X, null, new TiledKernelRun.Listener() {});
        Path tile = dir.resolve("ntk/tile-00000-00001.npy");
        byte[] b = Files.readAllBytes(tile);
        b[b.length - 3] ^= 1;
        Files.write(tile, b);
        TiledKernel k = TiledKernel.open(new LocalStorage(dir));
        UserError e = assertThrows(UserError.class, () -> k.block("ntk", 0, 1));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        Files.write(tile, java.util.Arrays.copyOf(b, b.length / 2));
        e = assertThrows(UserError.class, () -> k.block("ntk", 0, 1));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void anotherJobInTheSameDirectoryIsRefused() {
        Path dir = tmp.resolve("job.tpk");
        TileLayout layout = new TileLayout(600, 600, 512, true);
        run(dir, layout, List.of("ntk"), X, null, new TiledKernelRun.Listener() {});
        DMatrixRMaj other = TiledFixtures.points(600, 9);
        UserError e = assertThrows(UserError.class, () -> run(dir, layout, List.of("ntk"), other, null, new TiledKernelRun.Listener() {}));
        assertTrue(e.getMessage().contains("other --x1 data"), e.getMessage());
        e = assertThrows(UserError.class, () -> run(dir, layout, List.of("nngp", "ntk"), X, null, new TiledKernelRun.Listener() {}));
        assertTrue(e.getMessage().contains("holds kinds [ntk]"), e.getMessage());
    }

    @Test
    void manifestRoundTripsThroughJson() {
        Manifest m = TiledFixtures.manifest(new TileLayout(600, 300, 256, false), List.of("nngp", "ntk"), X, TiledFixtures.points(300, 3));
        m.put("ntk/tile-00000-00001.npy", 0xdeadbeefL);
        Manifest back = Manifest.parse(m.toJson());
        assertEquals(m.toJson(), back.toJson());
        assertEquals("crc32c:deadbeef", back.checksum("ntk/tile-00000-00001.npy"));
        assertThrows(IllegalArgumentException.class, () -> Manifest.parse(m.toJson().replace("\"version\": 1", "\"version\": 7")));
    }
}
