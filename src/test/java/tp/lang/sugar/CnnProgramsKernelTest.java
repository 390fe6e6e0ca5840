package tp.lang.sugar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import tp.api.TensorProgram;
import tp.infinite.Kernels;

/**
 * The real-size CNNs of programs/ (MNIST, CIFAR VALID / SAME / GAP, strides and pooling), scaled
 * down by overriding their {@code let} sizes, against the neural-tangents-style recursion of
 * {@link CnnReference} written independently in this test: NNGP and NTK on three random images.
 * This checks that each file means the network its header names, padding, strides and pooling
 * included. (The full sizes are for the engine's benchmarks, not for unit tests.)
 */
class CnnProgramsKernelTest {
    private static final double W = Math.sqrt(2), B = 0.1;

    private static DMatrixRMaj images(int count, int side, int channels, long seed) {
        Random r = new Random(seed);
        DMatrixRMaj x = new DMatrixRMaj(count, side * side * channels);
        for (int i = 0; i < x.data.length; i++) x.data[i] = r.nextGaussian();
        return x;
    }

    /** The program file with some of its top-level {@code let NAME = ...} lines replaced. */
    static String scaled(String file, Map<String, Integer> lets) throws IOException {
        String text = Files.readString(Path.of("programs", file));
        for (Map.Entry<String, Integer> e : lets.entrySet()) {
            Matcher m = Pattern.compile("(?m)^let " + e.getKey() + " = [^#\\n]*?(\\s*(#.*)?)$").matcher(text);
            assertTrue(m.find(), file + " has no 'let " + e.getKey() + " = ...' line");
            text = text.substring(0, m.start()) + "let " + e.getKey() + " = " + e.getValue() + m.group(1) + text.substring(m.end());
        }
        return text;
    }

    private static void assertKernels(double[][][] expected, Kernels actual, String what) {
        for (int a = 0; a < expected[0].length; a++) {
            for (int b = 0; b < expected[0].length; b++) {
                assertClose(expected[0][a][b], actual.nngp().get(a, b), what + " NNGP " + a + "," + b);
                assertClose(expected[1][a][b], actual.ntk().get(a, b), what + " NTK " + a + "," + b);
            }
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= 1e-10 * Math.abs(expected), what + ": " + actual + " vs " + expected);
    }

    private static Kernels kernels(String name, String text, DMatrixRMaj x) {
        return TensorProgram.parse(name, text).kernels(x, null);
    }

    @Test
    void mnistCnnScaledTo12x12() throws IOException {
        // 12x12 -> 5x5 VALID -> 8x8 -> 5x5 VALID -> 4x4, flatten readout without bias
        DMatrixRMaj x = images(3, 12, 1, 1);
        CnnReference r = CnnReference.input(x, 12, 1).conv(5, 1, 0, 8, W, B).relu().conv(5, 1, 0, 4, W, B).relu();
        assertKernels(r.flattenDense(W, 0), kernels("cnn_mnist.tp", scaled("cnn_mnist.tp", Map.of("S", 12)), x), "cnn_mnist");
    }

    @Test
    void cifarValidScaledTo8x8WithThreeLayers() throws IOException {
        DMatrixRMaj x = images(3, 8, 3, 2);
        CnnReference r = CnnReference.input(x, 8, 3);
        for (int l = 1, side = 6; l <= 3; l++, side -= 2) r = r.conv(3, 1, 0, side, W, B).relu();
        assertKernels(r.flattenDense(W, B), kernels("v.tp", scaled("cnn_cifar_valid.tp", Map.of("S", 8, "L", 3)), x),
                "cnn_cifar_valid");
    }

    @Test
    void cifarSameScaledTo4x4() throws IOException {
        // six SAME layers on 4x4: every layer has border pixels whose taps fall in the padding
        DMatrixRMaj x = images(3, 4, 3, 3);
        CnnReference r = CnnReference.input(x, 4, 3);
        for (int l = 1; l <= 6; l++) r = r.conv(3, 1, 1, 4, W, B).relu();
        assertKernels(r.flattenDense(W, B), kernels("s.tp", scaled("cnn_cifar_same.tp", Map.of("S", 4)), x), "cnn_cifar_same");
    }

    @Test
    void cifarGapScaledTo4x4WithThreeLayers() throws IOException {
        DMatrixRMaj x = images(3, 4, 3, 4);
        CnnReference r = CnnReference.input(x, 4, 3);
        for (int l = 1; l <= 3; l++) r = r.conv(3, 1, 1, 4, W, B).relu();
        assertKernels(r.gapDense(W, B), kernels("g.tp", scaled("cnn_cifar_gap.tp", Map.of("S", 4, "L", 3)), x), "cnn_cifar_gap");
    }

    @Test
    void cifarGap16ScaledTo8x8WithTwoLayers() throws IOException {
        DMatrixRMaj x = images(3, 8, 3, 5);
        CnnReference r = CnnReference.input(x, 8, 3).conv(3, 1, 0, 6, W, B).relu().conv(3, 1, 0, 4, W, B).relu();
        assertKernels(r.gapDense(W, B), kernels("g16.tp", scaled("cnn_cifar_gap16.tp", Map.of("S", 8, "L", 2)), x),
                "cnn_cifar_gap16");
    }

    @Test
    void stridesAndPoolingScaledTo8x8() throws IOException {
        // 8x8 SAME conv -> 2x2/2 pool (4x4) -> 3x3/2 SAME conv, padding 0 before, 1 after (2x2)
        // -> 3x3/1 SAME pool divided by 9 at the edges too -> flatten
        DMatrixRMaj x = images(3, 8, 3, 6);
        CnnReference r = CnnReference.input(x, 8, 3).conv(3, 1, 1, 8, W, B).relu()
                .avgPool(2, 2, 0, 4, 4).conv(3, 2, 0, 2, W, B).relu().avgPool(3, 1, 1, 2, 9);
        assertKernels(r.flattenDense(W, B), kernels("p.tp", scaled("cnn_pool.tp", Map.of("S", 8)), x), "cnn_pool");
    }
}
