package tp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.lang.Frontend;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Programs;
import tp.lang.Var;

/**
 * {@code tp info} on the reference programs and on programs built to separate or join width
 * classes: the right common dimension classes, ratios shown, parameter counts at a width worked
 * out by hand from the layer shapes.
 */
class InfoCommandTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name + ".tp");
        Files.writeString(p, text);
        return p;
    }

    private static Cli ok(Path p, String... more) {
        Cli r = Cli.info(p, more).assertNoTrace();
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err());
        return r;
    }

    /** The line describing class {@code k} (1-based, as printed). */
    private static String classLine(Cli r, int k) {
        return r.out().lines().filter(l -> l.startsWith("  C" + k + ": ")).findFirst().orElse("(no class C" + k + ")");
    }

    private static void assertWideVarsInOneClass(Program p) {
        assertEquals(1, p.cdcs().size());
        assertEquals(Map.of("n", 1.0), p.cdcs().get(0).symbols());
        for (Var v : p.vars()) {
            if (v.kind().isWide()) {
                assertEquals(0, v.dim().cdc(), v.name());
                assertEquals(1.0, v.dim().ratio(), v.name());
            }
            if (v.kind() == Kind.MATRIX && !v.cols().isFinite()) assertEquals(0, v.cols().cdc(), v.name());
        }
    }

    @Test
    void mlpRelu() throws IOException {
        Program p = Frontend.parse("mlp_relu_2.tp", Programs.resource("mlp_relu_2"));
        assertWideVarsInOneClass(p);
        Cli r = ok(write("mlp_relu_2", Programs.resource("mlp_relu_2")), "--width", "10");
        assertEquals("  C1: width symbols n; unit n (= width n); 8 vectors: z2 b3 g4 h5 z7 b8 g9 h10", classLine(r, 1));
        // 10x4 + 10 + 10x10 + 10 + 1x10 + 1
        assertTrue(r.out().contains("total: 171 trainable, 0 frozen"), r::toString);
        assertTrue(ok(write("mlp_relu_2", Programs.resource("mlp_relu_2")), "--width", "7").out()
                .contains("total: 99 trainable, 0 frozen")); // 28 + 7 + 49 + 7 + 7 + 1
        assertEquals(171, p.parameterCount(10, true));
    }

    @Test
    void mlpErf() throws IOException {
        Program p = Frontend.parse("mlp_erf_3.tp", Programs.resource("mlp_erf_3"));
        assertWideVarsInOneClass(p);
        Cli r = ok(write("mlp_erf_3", Programs.resource("mlp_erf_3")), "--width", "10");
        assertTrue(classLine(r, 1).endsWith("12 vectors: z2 b3 g4 h5 z7 b8 g9 h10 z12 b13 g14 h15"), r::toString);
        // 40 + 10 + 100 + 10 + 100 + 10 + 10 + 1
        assertTrue(r.out().contains("total: 281 trainable, 0 frozen"), r::toString);
    }

    @Test
    void resnet() throws IOException {
        Program p = Frontend.parse("resnet.tp", Programs.resource("resnet"));
        assertWideVarsInOneClass(p);
        Cli r = ok(write("resnet", Programs.resource("resnet")), "--width", "10");
        assertTrue(classLine(r, 1).endsWith("13 vectors: z2 b3 g4 h5 z7 b8 g9 h10 z12 b13 g14 s h15"), r::toString);
        // 40 + 10 + 100 + 10 + 100 + 10 + 10 (no readout bias)
        assertTrue(r.out().contains("total: 280 trainable, 0 frozen"), r::toString);
    }

    @Test
    void cnnPositionsShareOneClass() throws IOException {
        Program p = Frontend.parse("cnn1d_flatten.tp", Programs.resource("cnn1d_flatten"));
        assertWideVarsInOneClass(p);
        assertEquals(8, p.inputs().size());
        assertEquals(16, p.inputWidth());
        Cli r = ok(write("cnn1d_flatten", Programs.resource("cnn1d_flatten")), "--width", "5");
        // layer 1: 6 positions x (3 taps + sum + relu) + bias; layer 2: 4 x 5 + bias
        assertTrue(classLine(r, 1).startsWith("  C1: width symbols n; unit n (= width n); 52 vectors: "), r::toString);
        assertFalse(r.out().contains("  C2:"));
        // taps 3 x (5x2) + c1 5 + taps 3 x (5x5) + c2 5 + readouts 4 x (1x5) + cout 1 = 3n^2 + 12n + 1
        assertTrue(r.out().contains("total: 136 trainable, 0 frozen"), r::toString);
        assertEquals(3 * 100 + 12 * 10 + 1, p.parameterCount(10, true));
    }

    @Test
    void distinctWidthSymbolsThatNothingUnifiesStaySeparate() throws IOException {
        String text = """
                input x : 4
                MatIn W1 : n1 x 4
                MatMul g1 := W1 x
                Nonlin h1 := relu(g1)
                MatIn W2 : n2 x n1
                MatMul g2 := W2 h1
                Nonlin h2 := relu(g2)
                MatIn W3 : n3 x n2
                MatMul g3 := W3 h2
                Nonlin h3 := relu(g3)
                MatIn V : 1 x n3
                MatMul f := V h3
                Output f
                """;
        Program p = Frontend.parse("mlp3.tp", text);
        assertEquals(3, p.cdcs().size());
        for (int i = 1; i <= 3; i++) {
            int c = p.var("g" + i).dim().cdc();
            assertEquals(Map.of("n" + i, 1.0), p.cdcs().get(c).symbols());
            assertEquals(c, p.var("h" + i).dim().cdc());
        }
        assertEquals(p.var("g1").dim().cdc(), p.var("W2").cols().cdc());
        Cli r = ok(write("mlp3", text), "--width", "10");
        assertEquals("  C1: width symbols n1; unit n1 (= width n); 2 vectors: g1 h1", classLine(r, 1));
        assertEquals("  C2: width symbols n2; unit n2 (= width n); 2 vectors: g2 h2", classLine(r, 2));
        assertEquals("  C3: width symbols n3; unit n3 (= width n); 2 vectors: g3 h3", classLine(r, 3));
        assertTrue(r.out().contains("total: 250 trainable, 0 frozen"), r::toString); // 40 + 100 + 100 + 10

        // a skip connection from layer 1 to layer 2 forces n1 = n2: one class, two symbols
        String joined = text.replace("Nonlin h2 := relu(g2)", "LinComb s := g2 + g1\nNonlin h2 := relu(s)");
        Program q = Frontend.parse("mlp3.tp", joined);
        assertEquals(2, q.cdcs().size());
        assertEquals(Map.of("n1", 1.0, "n2", 1.0), q.cdcs().get(q.var("g1").dim().cdc()).symbols());
        assertTrue(classLine(ok(write("joined", joined)), 1).startsWith("  C1: width symbols n1, n2; unit n1"));
    }

    @Test
    void ratiosAreShownAndCounted() throws IOException {
        String text = """
                dim n
                dim m = 2 * n
                dim k = n / 2
                input x : 3
                MatIn W1 : m x 3
                MatMul g1 := W1 x
                Nonlin h1 := relu(g1)
                MatIn W2 : k x m sigma 2 frozen
                MatMul g2 := W2 h1
                VecIn b2 : k init zero
                LinComb s := g2 + b2
                Nonlin h2 := erf(s)
                MatIn V : 2 x k
                MatMul f := V h2
                Output f
                """;
        Cli r = ok(write("ratio", text), "--width", "10");
        assertEquals("  C1: width symbols n, m = 2*n, k = 0.5*n; unit n (= width n); 6 vectors: g1 h1 g2 b2 s h2",
                classLine(r, 1));
        assertTrue(r.out().contains("output f (dimension 2)"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+W2\\s+A-var\\s+0\\.5\\*n x 2\\*n\\s+C1 x C1\\s+MatIn sigma 2 frozen")),
                r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+W2\\s+matrix\\s+5 x 20\\s+100\\s+frozen")), r::toString);
        // W1 20x3 + b2 5 + V 2x5 trainable; W2 5x20 frozen
        assertTrue(r.out().contains("total: 75 trainable, 100 frozen"), r::toString);
        // width 1: m = 2, k = max(1, round(0.5)) = 1: W1 6 + b2 1 + V 2; W2 1x2
        assertTrue(ok(write("ratio", text), "--width", "1").out().contains("total: 9 trainable, 2 frozen"));
    }

    @Test
    void aWidthTooLargeForARatioIsRejectedBeforeAnyOutput() throws IOException {
        Path p = write("wide", "dim m = 2 * n\nMatIn W : m x n\nVecIn o : 1\nOutput o\n");
        // W is 2e9 x 1e9, plus the output bias
        assertTrue(ok(p, "--width", "1000000000").out().contains("total: 2000000000000000001 trainable, 0 frozen"));
        Cli r = Cli.info(p, "--width", "2000000000").assertNoTrace();
        assertEquals(2, r.status(), r::toString);
        assertEquals("", r.out());
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("4000000000"), r::toString);
    }

    @Test
    void aProgramWithoutWidthSymbols() throws IOException {
        Cli r = ok(write("tiny", "VecIn b : 3 sigma 0.5 mean 1\nOutput b\n"));
        assertTrue(r.out().contains("(none: the program has no width symbols)"), r::toString);
        assertTrue(r.out().contains("total: 3 trainable, 0 frozen"), r::toString);
    }

    @Test
    void everyProgramInTheLibraryChecks() throws IOException {
        Path lib = Path.of("programs");
        List<Path> files;
        try (Stream<Path> s = Files.list(lib)) {
            files = s.filter(f -> f.toString().endsWith(".tp")).sorted().toList();
        }
        assertTrue(files.size() >= 4, "programs/ should hold the starting library");
        for (Path f : files) {
            Cli r = ok(f);
            assertTrue(r.out().startsWith("program "), r::toString);
        }
    }
}
