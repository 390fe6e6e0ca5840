package examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import examples.mnist.Mnist;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MNIST example end to end on a tiny synthetic stand-in for the scikit-learn digits (the
 * fallback data set; the real run is examples/run.sh mnist): ten 8x8 prototype images with noise.
 */
class MnistSmokeTest {
    @TempDir Path tmp;

    /** 520 rows (the last 500 are the digits' test rows) of "prototype of the label + noise", pixels 0..16. */
    private Path fakeDigits() throws Exception {
        SplittableRandom rng = new SplittableRandom(5);
        int[][] proto = new int[10][64];
        for (int[] p : proto) for (int j = 0; j < 64; j++) p[j] = rng.nextInt(17);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 520; i++) {
            int label = i % 10;
            for (int j = 0; j < 64; j++) sb.append(Math.max(0, Math.min(16, proto[label][j] + rng.nextInt(-3, 4)))).append(',');
            sb.append(label).append('\n');
        }
        Path f = tmp.resolve("cache/digits.csv.gz");
        Files.createDirectories(f.getParent());
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(f))) {
            gz.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return f.getParent();
    }

    @Test
    void tinyRunOnSyntheticDigits() throws Exception {
        Path png = tmp.resolve("m.png");
        Mnist.Settings s = new Mnist.Settings(20, 20, 5, 300, new int[] {8}, new int[] {4}, new int[0], 2, List.of("mlp", "cnn"),
                fakeDigits(), tmp.resolve("out"), png);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        List<Mnist.Line> lines = Mnist.run(s, out);
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("scikit-learn digits"), text);
        assertTrue(text.contains("$ ./tp predict examples/mnist/cnn8.tp"), text);
        // per architecture: NTK inf, NTK t, NNGP inf, network, its linearization, mean of networks
        assertEquals(12, lines.size());
        for (Mnist.Line l : lines) {
            if (l.method().startsWith("NTK, t = inf") || l.method().startsWith("NNGP")) {
                assertEquals(1.0, l.trainAcc(), "kernel regression interpolates the train points: " + l);
                assertTrue(l.testAcc() >= 0.8, "ten well-separated prototypes: " + l);
            }
        }
        examples.mnist.MnistPlot.save(lines, "smoke test", png);
        assertTrue(Files.size(png) > 10_000);
    }
}
