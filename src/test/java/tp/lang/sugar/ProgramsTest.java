package tp.lang.sugar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tp.cli.Main;
import tp.lang.Def;
import tp.lang.Frontend;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Var;

/**
 * The programs/ directory: every file parses and checks; the sugared rewrites of the reference
 * programs (whose neural-tangents kernels are in the test resources' reference/ folder) unroll
 * to them statement by statement up to names; every program's {@code tp info --expand} text
 * parses back to the same program.
 */
class ProgramsTest {
    static Stream<Path> programs() throws IOException {
        return Files.list(Path.of("programs")).filter(p -> p.toString().endsWith(".tp")).sorted();
    }

    private static Program reference(String name) throws IOException {
        try (InputStream in = ProgramsTest.class.getResourceAsStream("reference/" + name + ".tp")) {
            return Frontend.parse(name + ".tp", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void allProgramsAreThere() throws IOException {
        List<String> names = programs().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("cnn1d.tp", "cnn1d_flatten.tp", "cnn2d_flatten.tp", "cnn2d_gap.tp", "rnn_last.tp",
                "rnn_avg.tp", "gru.tp", "mlp_deep.tp", "mlp_relu_2.tp", "mlp_erf_3.tp", "resnet.tp", "cnn_mnist.tp",
                "cnn_cifar_valid.tp", "cnn_cifar_same.tp", "cnn_cifar_gap.tp", "cnn_cifar_gap16.tp", "cnn_pool.tp",
                "ln_mlp.tp", "ln_after_relu.tp", "relu_mlp_std.tp", "attn_softmax.tp", "attn_relu.tp", "attn_multihead.tp",
                "transformer.tp", "cnn_ln_channels.tp", "cnn_ln_all.tp")), names.toString());
    }

    /** Input row lengths the headers of the real-size CNNs state (28x28x1, 32x32x3, 16x16x3). */
    private static final Map<String, Integer> INPUT_WIDTHS = Map.of("cnn_mnist.tp", 784, "cnn_cifar_valid.tp", 3072,
            "cnn_cifar_same.tp", 3072, "cnn_cifar_gap.tp", 3072, "cnn_cifar_gap16.tp", 768, "cnn_pool.tp", 3072);

    /** The real-size CNNs scaled down (their 'let' sizes overridden), to keep the default run fast. */
    private static final Map<String, Map<String, Integer>> SMALL = Map.of("cnn_mnist.tp", Map.of("S", 12),
            "cnn_cifar_valid.tp", Map.of("S", 16), "cnn_cifar_same.tp", Map.of("S", 6), "cnn_cifar_gap.tp", Map.of("S", 6),
            "cnn_cifar_gap16.tp", Map.of("S", 14), "cnn_pool.tp", Map.of("S", 8));

    @ParameterizedTest
    @MethodSource("programs")
    void parsesAndChecksWithAHeaderComment(Path file) throws IOException {
        Program p = Frontend.load(file);
        assertEquals(Kind.FINITE, p.output().kind());
        assertTrue(Files.readString(file).startsWith("# " + p.name() + ":"), "header comment naming the network");
        Integer width = INPUT_WIDTHS.get(file.getFileName().toString());
        if (width != null) assertEquals(width, p.inputWidth(), "input row length");
    }

    @ParameterizedTest
    @MethodSource("programs")
    void expandedTextParsesBackToTheSameProgram(Path file) throws IOException {
        Map<String, Integer> small = SMALL.get(file.getFileName().toString());
        roundTrip(file, small == null ? Files.readString(file) : CnnProgramsKernelTest.scaled(file.getFileName().toString(), small));
    }

    /** The real-size CNNs, printed and parsed back at full size (tens of thousands of statements). */
    @Tag("slow")
    @ParameterizedTest
    @MethodSource("programs")
    void expandedTextOfTheRealSizesParsesBack(Path file) throws IOException {
        if (SMALL.containsKey(file.getFileName().toString())) roundTrip(file, Files.readString(file));
    }

    private static void roundTrip(Path file, String text) {
        Expansion e = Frontend.expand(file.toString(), text);
        Program original = Frontend.check(e);
        Program again = Frontend.parse("elsewhere/again.tp", e.coreText());
        SameProgram.assertSame(original, again, true);
        // and the printed text is a fixed point: unrolling it again prints it again
        assertEquals(e.coreText().lines().skip(1).toList(),
                Frontend.expand("again.tp", e.coreText()).coreText().lines().skip(1).toList());
    }

    @Test
    void cnn1dIsTheReferenceProgramStatementByStatement() throws IOException {
        Program sugared = Frontend.load(Path.of("programs/cnn1d.tp"));
        SameProgram.assertSame(reference("cnn1d_flatten"), sugared, false);
        // spot checks of the renaming, independent of the comparison above
        assertEquals("x_7", sugared.vars().get(7).name());
        Def.MatMul m = (Def.MatMul) sugared.var("u_5_2").def();
        assertEquals("A_2", m.matrix().name());
        assertEquals("x_7", m.arg().name());
        assertEquals(1.5 / Math.sqrt(3), ((Def.MatIn) sugared.var("B_1").def()).sigma(), 0.0);
        assertEquals(0.75, ((Def.MatIn) sugared.var("R_3").def()).sigma(), 0.0);
    }

    @Test
    void theCoreCnn1dFileIsUnchanged() throws IOException {
        try (InputStream in = ProgramsTest.class.getResourceAsStream("reference/cnn1d_flatten.tp")) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), Files.readString(Path.of("programs/cnn1d_flatten.tp")));
        }
    }

    @Test
    void sugaredMlpsAndResnetAreTheReferencePrograms() throws IOException {
        for (String name : List.of("mlp_relu_2", "mlp_erf_3", "resnet")) {
            SameProgram.assertSame(reference(name), Frontend.load(Path.of("programs/" + name + ".tp")), false);
        }
    }

    @Test
    void cnn2dProgramsHaveTheShapesOfTheirHeaders() {
        Program flat = Frontend.load(Path.of("programs/cnn2d_flatten.tp"));
        Program gap = Frontend.load(Path.of("programs/cnn2d_gap.tp"));
        for (Program p : List.of(flat, gap)) {
            assertEquals(64, p.inputWidth());
            // 9 filter taps per convolution, each shared by every output pixel: 36 and 16 of them
            assertEquals(36, p.usesOf(p.var("A_1_2")).size());
            assertEquals(16, p.usesOf(p.var("B_0_0")).size());
            assertEquals(0.5, ((Def.MatIn) p.var("A_0_0").def()).sigma(), 0.0);
            // the tap (a, b) = (1, 2) at pixel (3, 4) reads pixel (4, 6): column 4 * 8 + 6
            Def.MatMul u = (Def.MatMul) p.var("u_3_4_1_2").def();
            assertEquals(38, ((Def.Input) u.arg().def()).offset());
        }
        // flatten: one readout per position, sigma 1.5 / sqrt(16)
        assertEquals(0.375, ((Def.MatIn) flat.var("R_3_3").def()).sigma(), 0.0);
        // global average pooling: one H-var averaging the 16 positions
        Def.LinComb pool = (Def.LinComb) gap.var("pool").def();
        assertEquals(16, pool.args().size());
        for (double c : pool.coefs()) assertEquals(1.0 / 16, c, 0.0);
        assertEquals(Kind.H, gap.var("pool").kind());
    }

    @Test
    void rnnsShareTheirWeightsAcrossTime() {
        for (String name : List.of("rnn_last", "rnn_avg")) {
            Program p = Frontend.load(Path.of("programs/" + name + ".tp"));
            assertEquals(16, p.inputWidth());
            assertEquals(7, p.usesOf(p.var("W")).size());
            assertEquals(8, p.usesOf(p.var("U")).size());
            assertEquals("h_6", ((Def.MatMul) p.var("wh_7").def()).arg().name());
        }
        Def.LinComb avg = (Def.LinComb) Frontend.load(Path.of("programs/rnn_avg.tp")).var("hbar").def();
        for (double c : avg.coefs()) assertEquals(0.125, c, 0.0);
        Program gru = Frontend.load(Path.of("programs/gru.tp"));
        Def.Nonlin h1 = (Def.Nonlin) gru.var("h_1").def();
        assertEquals(List.of("gz_1", "h_0", "gh_1"), h1.args().stream().map(Var::name).toList());
    }

    @Test
    void cliExpandPrintsTheCoreProgramAndInfoAgrees(@TempDir Path dir) throws IOException {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, Main.run(new String[] {"info", "--expand", "programs/cnn1d.tp"}, new PrintWriter(out), new PrintWriter(err)),
                err.toString());
        String core = out.toString();
        assertTrue(core.contains("\nprogram cnn1d\n"), core);
        assertTrue(core.contains("\nLinComb g_0 := u_0_0 + u_0_1 + u_0_2 + c1\n"), core);
        assertFalse(core.contains("["), "no sugar left");
        Path saved = dir.resolve("cnn1d_core.tp");
        Files.writeString(saved, core);
        String infoSugared = info("programs/cnn1d.tp"), infoCore = info(saved.toString());
        // identical apart from the file name in the first line
        assertEquals(infoSugared.replace("(programs/cnn1d.tp)", "(X)"), infoCore.replace("(" + saved + ")", "(X)"));
    }

    @Test
    void cliExpandPrintsTheUnrolledTextThenTheCheckersErrors(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.tp");
        Files.writeString(bad, "input x[0..1] : 2\nMatIn A : n x 2\nfor i in 0..1 { MatMul g[i] := A x[i] }\n");
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(2, Main.run(new String[] {"info", "--expand", bad.toString()}, new PrintWriter(out), new PrintWriter(err)));
        assertTrue(out.toString().contains("MatMul g_1 := A x_1\n"), out.toString());
        assertTrue(err.toString().contains(":3:17: error: the program has no Output statement"), err.toString());
    }

    private static String info(String file) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, Main.run(new String[] {"info", file}, new PrintWriter(out), new PrintWriter(err)), err.toString());
        return out.toString();
    }
}
