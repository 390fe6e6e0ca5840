package tp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.io.DataReader;

/**
 * The commands on Netsor+ programs: {@code --width} for the NTK of the standard parametrization
 * (required, checked against the neural-tangents reference, affine in the width, part of a tiled
 * kernel's identity), {@code tp info} showing moments and the parametrization.
 */
class NetsorPlusCommandsTest {
    @TempDir Path tmp;

    static String ref(String name) {
        try {
            return Path.of(NetsorPlusCommandsTest.class.getResource("/tp/netsor_plus/" + name).toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    private static final String STD = "programs/relu_mlp_std.tp";

    /** max |a - b| / max |b|. */
    private static double relErr(DMatrixRMaj a, DMatrixRMaj b) {
        double d = 0, s = 0;
        for (int i = 0; i < a.data.length; i++) {
            d = Math.max(d, Math.abs(a.data[i] - b.data[i]));
            s = Math.max(s, Math.abs(b.data[i]));
        }
        return d / s;
    }

    @Test
    void theStandardNtkNeedsTheWidth() {
        Cli r = Cli.run("kernel", STD, "--x1", ref("relu_mlp_std.x1.csv"), "--kind", "ntk").assertNoTrace();
        assertEquals(2, r.status(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().contains("the NTK of relu_mlp_std depends on the width") && r.err().contains("W2 (line")
                && r.err().contains("--width N"), r::toString);
        // as does predict with the NTK; the NNGP needs no width
        Cli p = Cli.run("predict", STD, "--train", ref("relu_mlp_std.x1.csv"), "--targets", ref("relu_mlp_std.x1.csv"),
                "--test", ref("relu_mlp_std.x2.csv"), "--kind", "ntk").assertNoTrace();
        assertEquals(2, p.status(), p::toString);
        assertTrue(p.err().contains("--width N"), p::toString);
        Cli k = Cli.run("kernel", STD, "--x1", ref("relu_mlp_std.x1.csv"), "--kind", "nngp");
        assertEquals(0, k.status(), k::toString);
        Cli bad = Cli.run("kernel", STD, "--x1", ref("relu_mlp_std.x1.csv"), "--kind", "ntk", "--width", "0").assertNoTrace();
        assertEquals(2, bad.status(), bad::toString);
    }

    @Test
    void theStandardNtkAtWidth512IsNeuralTangents() throws Exception {
        Path out = tmp.resolve("k.csv");
        Cli r = Cli.run("kernel", STD, "--x1", ref("relu_mlp_std.x1.csv"), "--x2", ref("relu_mlp_std.x2.csv"), "--kind", "ntk",
                "--width", "512", "--out", out.toString());
        assertEquals(0, r.status(), r::toString);
        // ReLU kernels: neural-tangents' angle carries 1e-8 noise on parallel points (reference README)
        assertTrue(relErr(DataReader.read(out), DataReader.read(Path.of(ref("relu_mlp_std.ntk.12.csv")))) < 1e-7);
        // and at another width it is 1000 ntk_per_width + ntk_const: affine in the width
        r = Cli.run("kernel", STD, "--x1", ref("relu_mlp_std.x1.csv"), "--kind", "ntk", "--width", "1000", "--out", out.toString());
        assertEquals(0, r.status(), r::toString);
        DMatrixRMaj per = DataReader.read(Path.of(ref("relu_mlp_std.ntk_per_width.11.csv")));
        DMatrixRMaj expected = DataReader.read(Path.of(ref("relu_mlp_std.ntk_const.11.csv")));
        for (int i = 0; i < expected.data.length; i++) expected.data[i] += 1000 * per.data[i];
        assertTrue(relErr(DataReader.read(out), expected) < 1e-7);
        // predict at a width runs
        Cli p = Cli.run("predict", STD, "--train", ref("relu_mlp_std.x2.csv"), "--targets", ref("relu_mlp_std.x2.csv"),
                "--test", ref("relu_mlp_std.x1.csv"), "--kind", "ntk", "--width", "512", "--reg", "1e-6");
        assertEquals(0, p.status(), p::toString);
    }

    @Test
    void aTiledStandardNtkRemembersItsWidth() throws Exception {
        Path dir = tmp.resolve("k.tpk");
        Cli r = Cli.run("kernel", STD, "--x1", ref("relu_mlp_std.x1.csv"), "--kind", "ntk", "--width", "512", "--out", dir.toString());
        assertEquals(0, r.status(), r::toString);
        // the same directory at another width is not the same kernel: refused or recomputed, never reused
        Cli again = Cli.run("kernel", STD, "--x1", ref("relu_mlp_std.x1.csv"), "--kind", "ntk", "--width", "256", "--out", dir.toString())
                .assertNoTrace();
        if (again.status() == 0) {
            Path flat = tmp.resolve("k256.csv");
            Cli.run("kernel", STD, "--x1", ref("relu_mlp_std.x1.csv"), "--kind", "ntk", "--width", "256", "--out", flat.toString());
            Path tile = Files.list(dir).filter(f -> f.toString().endsWith(".npy")).findFirst().orElseThrow();
            assertTrue(relErr(DataReader.read(tile), DataReader.read(flat)) < 1e-12, "tiles recomputed at width 256");
        } else {
            assertEquals(2, again.status(), again::toString);
        }
    }

    @Test
    void infoShowsMomentsAndTheParametrization() {
        Cli r = Cli.run("info", "programs/ln_mlp.tp");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().matches("(?s).*\\n  h1__mean +moment +scalar +C1 +mean\\(g1\\)\\n.*"), r::toString);
        assertTrue(r.out().contains("parameters (at width 1000; NTK parametrization)"), r::toString);
        r = Cli.run("info", STD);
        assertTrue(r.out().contains("parameters (at width 1000; standard parametrization)"), r::toString);
        assertTrue(r.out().contains("trainable, standard"), r::toString);
        r = Cli.run("info", "--expand", "programs/attn_softmax.tp");
        assertTrue(r.out().contains("\nMoment A_0_0__sum := exp(G_0_0) + exp(G_0_1) + exp(G_0_2) + exp(G_0_3)\n"), r::toString);
        assertTrue(r.out().contains("\nLinComb o_0 := A_0_0 * v_0 + A_0_1 * v_1 + A_0_2 * v_2 + A_0_3 * v_3\n"), r::toString);
    }
}
