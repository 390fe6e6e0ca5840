package tp.finite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tp.infinite.InfiniteWidth;
import tp.infinite.Kernels;
import tp.lang.Frontend;
import tp.lang.Program;

/**
 * The Netsor+ programs without a neural-tangents reference (issue 11's list: layer norm after
 * relu, relu attention, multi-head attention, the transformer block, the CNNs with layer norm over
 * the channels and over all positions): the finite executor's mean empirical kernels at a large
 * width against the infinite-width engine's, within the Monte-Carlo error. (The CNNs with layer
 * norm are also checked against an independent recursion in tp.lang.sugar.NetsorPlusCnnTest.)
 */
class NetsorPlusConvergenceTest {
    static Program program(String name) {
        return Frontend.load(Path.of("programs", name + ".tp"));
    }

    static DMatrixRMaj data(Program p) {
        return Fixtures.data(4, p.inputWidth(), 77, 0.9);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ln_after_relu", "attn_relu", "attn_multihead", "transformer", "cnn_ln_channels", "cnn_ln_all"})
    void meanEmpiricalKernelsAreTheInfiniteWidthOnes(String name) {
        agreesAtWidth(name, 512);
    }

    /** The mean of 16 networks' empirical kernels at this width against the engine's (4 / width allowed for the O(1/n) bias). */
    private static void agreesAtWidth(String name, int width) {
        Program p = program(name);
        DMatrixRMaj x = data(p);
        Kernels inf = new InfiniteWidth(p).both(x, null);
        MonteCarlo mc = new MonteCarlo(p, x, null, width, 16);
        mc.assertAgrees(0, inf.nngp(), 4.0 / width, name);
        mc.assertAgrees(1, inf.ntk(), 4.0 / width, name);
    }

    /** The engine against width 2048 (a Monte-Carlo error half as large). */
    @Tag("slow")
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ln_after_relu", "attn_relu", "attn_multihead", "transformer", "attn_softmax", "cnn_ln_channels", "cnn_ln_all"})
    void atALargerWidth(String name) {
        agreesAtWidth(name, 2048);
    }

    /**
     * What {@code tp check} reports: the relative error of the empirical kernels falls like
     * n^-1/2 (slope -0.5 +- 0.15, with the verdict's confidence interval). One program in the
     * default run, all of them over a wider range of widths in the slow one.
     */
    @Test
    void checkSlopeOfLayerNormAfterRelu() {
        assertSlope("ln_after_relu", List.of(64, 128, 256, 512, 1024), 6);
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ln_after_relu", "attn_relu", "attn_multihead", "transformer", "attn_softmax", "cnn_ln_channels", "cnn_ln_all",
        "ln_mlp"})
    void checkSlope(String name) {
        assertSlope(name, List.of(64, 128, 256, 512, 1024, 2048), 12);
    }

    private static void assertSlope(String name, List<Integer> widths, int seeds) {
        Program p = program(name);
        DMatrixRMaj x = data(p);
        Kernels inf = new InfiniteWidth(p).both(x, null);
        Convergence.Result r = Convergence.run(p, x, inf.nngp(), inf.ntk(), widths, seeds, null);
        StringBuilder table = new StringBuilder(name + "\n");
        for (Convergence.Point pt : r.points()) table.append(String.format("%6d %.4f %.4f%n", pt.width(), pt.nngpMean(), pt.ntkMean()));
        table.append(r.verdict());
        assertTrue(r.nngpConverges() && r.ntkConverges(), table.toString());
    }
}
