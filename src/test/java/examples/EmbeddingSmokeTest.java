package examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import examples.embedding.Embedding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The embedding example runs through its main, prints its table, and beats the trivial predictor. */
class EmbeddingSmokeTest {
    @Test
    void mainPrintsAPredictionTable() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Embedding.main(new String[] {"30"});
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("test RMSE with 30 train points"), out);
        long rows = out.lines().filter(l -> l.matches("\\s*-?\\d+\\.\\d{3}\\s+-?\\d+\\.\\d{3}\\s+.*")).count();
        assertEquals(8, rows, out);
    }

    /**
     * The target sin(2 x1) + x2^2/2 on [-1.5, 1.5]^2 has mean 0.375 and standard deviation about
     * 0.79 (so predicting 0 has RMSE about 0.87); 40 points of kernel regression do far better.
     */
    @Test
    void kernelRegressionLearnsTheTarget() {
        double rmse = Embedding.run(40, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertTrue(rmse < 0.2, "test RMSE " + rmse);
    }
}
