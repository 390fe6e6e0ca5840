package examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import examples.orrhede.Orrhede;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Orrhede example end to end at a small width (the full run is examples/run.sh orrhede). */
class OrrhedeSmokeTest {
    @TempDir Path tmp;

    /** Orrhede eq. 21 for 1-D inputs: x x' + 3/2 on the same side of 0, 1 across it. */
    private static double eq21(double x, double y) {
        return x * y > 0 ? x * y + 1.5 : 1;
    }

    @Test
    void smallRunGivesKernelsCurvesAndAFigure() throws Exception {
        Path png = tmp.resolve("o.png");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        Orrhede.Settings s = new Orrhede.Settings(300, 3, new int[] {2, 60}, 21, tmp.resolve("out"), png);
        Orrhede.Result r = Orrhede.run(s, out);
        Orrhede.printTable(r, s, out);
        Orrhede.plot(r, png);

        assertTrue(log.toString(StandardCharsets.UTF_8).contains("$ ./tp train programs/orrhede_1hidden.tp"));
        double[] x = {-0.9, -0.3, 0.2, 0.7};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                // exactly collinear inputs: the kernel is good to about 1e-9 (see PredictCommandTest)
                assertEquals(eq21(x[i], x[j]), r.thetaAnalytic().get(i, j), 1e-8);
                // width 300: the empirical NTK fluctuates by O(1/sqrt(300)) around eq. 21
                assertEquals(eq21(x[i], x[j]), r.thetaEmpirical().get(i, j), 0.4);
            }
        }
        assertEquals(2, r.rows().size());
        assertEquals(21, r.rows().get(0).net().length);
        assertTrue(r.rows().get(1).loss() < r.rows().get(0).loss(), "training lowers the loss");
        assertTrue(Files.size(png) > 10_000, "a PNG was written");
    }
}
