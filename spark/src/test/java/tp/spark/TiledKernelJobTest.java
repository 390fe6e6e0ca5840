package tp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.UserError;
import tp.api.TensorProgram;
import tp.io.Npy;
import tp.tiled.Fingerprint;
import tp.tiled.LocalStorage;
import tp.tiled.Manifest;
import tp.tiled.TileEngine;
import tp.tiled.TileLayout;
import tp.tiled.TiledKernel;
import tp.tiled.TiledKernelRun;

/**
 * The Spark job in local[2]: the same tile files (same bytes, so the same checksums) as the
 * single-machine run, which are the in-memory kernel bit for bit; resuming skips finished tiles.
 */
class TiledKernelJobTest {
    static final String PROGRAM = String.join("\n",
            "program mlp40", "input x : 40",
            "MatIn W1 : n x 40 sigma 1.5", "MatMul z2 := W1 x", "VecIn b3 : n sigma 0.05", "LinComb g4 := z2 + b3",
            "Nonlin h5 := relu(g4)", "MatIn W6 : n x n sigma 1.5", "MatMul z7 := W6 h5", "VecIn b8 : n sigma 0.05",
            "LinComb g9 := z7 + b8", "Nonlin h10 := relu(g9)", "MatIn W11 : 1 x n sigma 1.5", "MatMul z12 := W11 h10",
            "VecIn b13 : 1 sigma 0.05", "LinComb g14 := z12 + b13", "Output g14", "");

    static JavaSparkContext sc;
    @TempDir static Path tmp;
    static Path prog, data, data2;
    static DMatrixRMaj x, z;

    @BeforeAll
    static void start() throws Exception {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("tp-spark test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
        prog = tmp.resolve("mlp40.tp");
        Files.writeString(prog, PROGRAM);
        x = points(600, 1);
        z = points(300, 2);
        data = tmp.resolve("x.npy");
        data2 = tmp.resolve("z.npy");
        write(x, data);
        write(z, data2);
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    static DMatrixRMaj points(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DMatrixRMaj m = new DMatrixRMaj(n, 40);
        for (int i = 0; i < m.data.length; i++) m.data[i] = 2 * r.nextDouble() - 1;
        return m;
    }

    static void write(DMatrixRMaj m, Path p) throws Exception {
        try (OutputStream out = Files.newOutputStream(p)) {
            Npy.write(out, m);
        }
    }

    private static Map<String, String> options(Path out, String kind, Path x2) {
        Map<String, String> o = new HashMap<>();
        o.put("program", prog.toUri().toString());
        o.put("x1", data.toUri().toString());
        if (x2 != null) o.put("x2", x2.toUri().toString());
        o.put("kind", kind);
        o.put("out", out.toUri().toString());
        o.put("tile", "256");
        return o;
    }

    private static Manifest singleMachine(Path dir, DMatrixRMaj x1, DMatrixRMaj x2, List<String> kinds) throws Exception {
        TensorProgram tp = TensorProgram.parse("mlp40.tp", PROGRAM);
        TileLayout layout = new TileLayout(x1.numRows, x2 == null ? x1.numRows : x2.numRows, 256, x2 == null);
        Manifest m = new Manifest(layout, kinds, "mlp40", Fingerprint.sha256(Files.readAllBytes(prog)), Fingerprint.of(x1),
                x2 == null ? null : Fingerprint.of(x2));
        return TiledKernelRun.run(new LocalStorage(dir), m, new TileEngine(tp, x1, x2, layout, kinds),
                new TiledKernelRun.Listener() {}).manifest();
    }

    @Test
    void sparkTilesAreTheSingleMachineTiles() throws Exception {
        Path out = tmp.resolve("spark.tpk");
        TiledKernelJob.Result r = TiledKernelJob.run(sc, options(out, "both", null));
        assertEquals(6, r.computed());
        assertTrue(r.manifest().complete());
        Manifest local = singleMachine(tmp.resolve("local.tpk"), x, null, List.of("nngp", "ntk"));
        assertEquals(local.tiles(), r.manifest().tiles()); // same CRC-32C of every tile file
        TiledKernel k = TiledKernel.open(new LocalStorage(out));
        TensorProgram tp = TensorProgram.parse("mlp40.tp", PROGRAM);
        assertArrayEquals(tp.nngp(x, null).data, k.toMatrix("nngp").data);
        assertArrayEquals(tp.ntk(x, null).data, k.toMatrix("ntk").data);
        assertFalse(Files.list(out.resolve("ntk")).anyMatch(p -> p.getFileName().toString().startsWith(".")), "no side files");
    }

    @Test
    void crossKernelAndResume() throws Exception {
        Path out = tmp.resolve("cross.tpk");
        Map<String, String> o = options(out, "ntk", data2);
        o.put("x1", data2.toUri().toString());
        o.put("x2", data.toUri().toString());
        TiledKernelJob.Result first = TiledKernelJob.run(sc, o);
        assertEquals(6, first.computed()); // 2 x 3 tiles
        Manifest local = singleMachine(tmp.resolve("cross-local.tpk"), z, x, List.of("ntk"));
        assertEquals(local.tiles(), first.manifest().tiles());
        // lose two tiles (one file gone, one never recorded): the rerun computes just those
        Files.delete(out.resolve("ntk/tile-00001-00002.npy"));
        Path m = out.resolve(Manifest.FILE);
        Files.writeString(m, Files.readString(m).replaceAll(",\\s*\"ntk/tile-00000-00001.npy\": \"crc32c:[0-9a-f]+\"", "")
                .replace("\"complete\": true", "\"complete\": false"));
        TiledKernelJob.Result again = TiledKernelJob.run(sc, o);
        assertEquals(1, again.computed());
        assertEquals(5, again.skipped());
        assertEquals(local.tiles(), again.manifest().tiles());
    }

    @Test
    void badInputIsAUserErrorOnTheDriver() throws Exception {
        Path bad = tmp.resolve("bad.tp");
        Files.writeString(bad, "input x : 40\nMatMul z := W x\nOutput z\n");
        Map<String, String> o = options(tmp.resolve("bad.tpk"), "ntk", null);
        o.put("program", bad.toUri().toString());
        UserError e = assertThrows(UserError.class, () -> TiledKernelJob.run(sc, o));
        assertTrue(e.getMessage().contains("bad.tp:2"), e.getMessage());
        Map<String, String> o2 = options(tmp.resolve("bad2.tpk"), "ntk", null);
        o2.put("tile", "100");
        assertThrows(UserError.class, () -> TiledKernelJob.run(sc, o2));
    }
}
