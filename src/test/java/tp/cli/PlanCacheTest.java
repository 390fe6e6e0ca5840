package tp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.api.TensorProgram;
import tp.infinite.CompiledPlan;
import tp.io.Npy;

/**
 * The plan cache of {@code tp kernel}: a stored plan computes bit for bit what the compiled one
 * does; a second run loads it (shown by planting another program's plan under the key); an
 * edited program, a damaged entry, a plan that cannot be stored and {@code off} all compile.
 */
class PlanCacheTest {
    private static final String MLP = """
            input x : 3
            MatIn W1 : n x 3 sigma 1.5
            MatMul z1 := W1 x
            VecIn b1 : n sigma 0.1
            LinComb g1 := z1 + b1
            Nonlin h1 := relu(g1)
            MatIn W2 : 1 x n sigma SIGMA
            MatMul f := W2 h1
            Output f
            """;

    @TempDir Path dir;
    private Path cache;
    private String saved;

    @BeforeEach
    void cacheOn() throws IOException {
        cache = Files.createDirectories(dir.resolve("cache"));
        saved = System.getProperty("tp.cache");
        System.setProperty("tp.cache", cache.toString());
        Files.writeString(dir.resolve("x.csv"), "0.3,-1.2,0.8\n1.1,0.4,-0.5\n-0.7,0.9,2.0\n0.3,-1.2,0.8\n");
    }

    @AfterEach
    void restore() {
        if (saved == null) System.clearProperty("tp.cache");
        else System.setProperty("tp.cache", saved);
    }

    @Test
    void storedPlansComputeTheSameBits() {
        Random r = new Random(5);
        record Case(String file) {}
        for (Case c : List.of(new Case("cnn2d_flatten.tp"), new Case("mlp_relu_2.tp"), new Case("resnet.tp"),
                new Case("cnn_pool.tp"))) {
            TensorProgram p = TensorProgram.load(Path.of("programs", c.file()));
            int d = p.program().inputWidth();
            DMatrixRMaj x = new DMatrixRMaj(5, d);
            for (int i = 0; i < x.data.length; i++) x.data[i] = r.nextGaussian();
            DMatrixRMaj y = new DMatrixRMaj(3, d);
            for (int i = 0; i < y.data.length; i++) y.data[i] = r.nextGaussian();
            CompiledPlan compiled = p.compiled(true, true);
            byte[] bytes = compiled.toBytes();
            assertNotNull(bytes, c.file());
            CompiledPlan loaded = CompiledPlan.fromBytes(bytes);
            assertEquals(compiled.inputWidth(), loaded.inputWidth());
            tp.infinite.PlanCost c1 = compiled.cost(), c2 = loaded.cost();
            assertEquals(java.util.Arrays.toString(c1.covariances()) + c1.buffers() + c1.crossNanos(),
                    java.util.Arrays.toString(c2.covariances()) + c2.buffers() + c2.crossNanos(), c.file());
            for (DMatrixRMaj x2 : new DMatrixRMaj[] {null, y}) {
                DMatrixRMaj[] a = compiled.run(x, x2), b = loaded.run(x, x2);
                for (int k = 0; k < 2; k++) assertArrayEquals(a[k].data, b[k].data, 0, c.file() + " kernel " + k);
            }
        }
    }

    @Test
    void aSecondRunLoadsTheStoredPlan() throws IOException {
        Path prog = write("mlp.tp", MLP.replace("SIGMA", "1.0"));
        double[] first = kernel(prog);
        Path entry = onlyEntry();
        // plant the plan of the same network with twice the readout sigma under this program's key:
        // the next run computes with it, so it did not compile (the NTK's readout part scales by 4)
        Path other = write("other.tp", MLP.replace("SIGMA", "2.0"));
        byte[] planted = TensorProgram.load(other).compiled(false, true).toBytes();
        Files.write(entry, planted);
        double[] second = kernel(prog);
        double[] expected = withCacheOff(() -> kernel(other));
        assertArrayEquals(expected, second, 0);
        assertFalse(java.util.Arrays.equals(first, second));
    }

    @Test
    void anEditedProgramIsCompiledAgain() throws IOException {
        Path prog = write("mlp.tp", MLP.replace("SIGMA", "1.0"));
        double[] first = kernel(prog);
        write("mlp.tp", MLP.replace("SIGMA", "2.0"));
        double[] edited = kernel(prog);
        assertArrayEquals(withCacheOff(() -> kernel(prog)), edited, 0);
        assertNotEquals(first[0], edited[0]);
        assertEquals(2, entries().size());
    }

    @Test
    void aDamagedEntryIsReplaced() throws IOException {
        Path prog = write("mlp.tp", MLP.replace("SIGMA", "1.0"));
        double[] first = kernel(prog);
        Path entry = onlyEntry();
        byte[] good = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(good, good.length / 2)); // truncated
        assertArrayEquals(first, kernel(prog), 0);
        Files.write(entry, new byte[] {1, 2, 3});
        assertArrayEquals(first, kernel(prog), 0);
        assertArrayEquals(good, Files.readAllBytes(onlyEntry()));
    }

    @Test
    void plansWithFunctionsAreNotStoredAndOffStoresNothing() throws IOException {
        Path tanh = write("tanh.tp", MLP.replace("SIGMA", "1.0").replace("relu", "tanh"));
        double[] k = kernel(tanh);
        assertEquals(0, entries().size());
        assertNull(TensorProgram.load(tanh).compiled(false, true).toBytes());
        assertEquals(16, k.length); // the 4 x 4 kernel was still written
        Path prog = write("mlp.tp", MLP.replace("SIGMA", "1.0"));
        withCacheOff(() -> kernel(prog));
        assertEquals(0, entries().size());
    }

    @Test
    void theLeastRecentlyUsedPlansGoPastTheLimit() throws IOException {
        for (int i = 0; i < 4; i++) {
            Path p = Files.write(cache.resolve(i + ".plan"), new byte[1000]);
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Files.write(cache.resolve("other.txt"), new byte[5000]);
        long saved = PlanCache.limitBytes;
        PlanCache.limitBytes = 3000;
        try {
            PlanCache.prune(cache);
        } finally {
            PlanCache.limitBytes = saved;
        }
        assertEquals(List.of("3.plan"), entries().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(true, Files.exists(cache.resolve("other.txt")));
    }

    private interface Run {
        double[] get() throws IOException;
    }

    private double[] withCacheOff(Run r) throws IOException {
        System.setProperty("tp.cache", "off");
        try {
            return r.get();
        } finally {
            System.setProperty("tp.cache", cache.toString());
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private double[] kernel(Path prog) throws IOException {
        Path out = dir.resolve("k.npy");
        Cli c = Cli.run("kernel", prog.toString(), "--x1", dir.resolve("x.csv").toString(), "--kind", "ntk", "--out", out.toString());
        assertEquals(0, c.status(), c::toString);
        try (var in = Files.newInputStream(out)) {
            return Npy.read(in).data;
        }
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.toString().endsWith(".plan")).toList();
        }
    }

    private Path onlyEntry() throws IOException {
        List<Path> e = entries();
        assertEquals(1, e.size(), e::toString);
        return e.get(0);
    }
}
