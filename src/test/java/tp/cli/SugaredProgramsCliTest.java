package tp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.io.DataReader;

/**
 * The sugared 2-D CNN and RNN programs of programs/ go through {@code tp kernel},
 * {@code tp empirical} and {@code tp check}: the empirical kernels of a wide sampled network
 * (an independent computation: a finite random network) land near the infinite-width ones, and
 * {@code tp check} sees the errors fall.
 */
class SugaredProgramsCliTest {

    private static DMatrixRMaj run(Path dir, String name, String... args) {
        Path out = dir.resolve(name + ".csv");
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--out";
        all[args.length + 1] = out.toString();
        Cli c = Cli.run(all).assertNoTrace();
        assertEquals(0, c.status(), c.toString());
        return DataReader.read(out);
    }

    private static double relativeError(DMatrixRMaj a, DMatrixRMaj b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.getNumElements(); i++) {
            num += (a.data[i] - b.data[i]) * (a.data[i] - b.data[i]);
            den += b.data[i] * b.data[i];
        }
        return Math.sqrt(num / den);
    }

    private static void kernelsAgreeAtWidth(Path dir, String program, String data, int width) {
        for (String kind : new String[] {"nngp", "ntk"}) {
            DMatrixRMaj inf = run(dir, kind + "-inf", "kernel", program, "--x1", data, "--kind", kind);
            DMatrixRMaj emp = run(dir, kind + "-emp", "empirical", program, "--x1", data, "--kind", kind,
                    "--width", Integer.toString(width), "--seed", "3");
            assertEquals(inf.numRows, emp.numRows);
            // fluctuations at width n are ~ n^-1/2 relative: about 0.03 here
            double err = relativeError(emp, inf);
            assertTrue(err < 0.15, program + " " + kind + ": relative error " + err + " at width " + width);
        }
    }

    @Test
    void cnn2dThroughKernelEmpiricalAndCheck(@TempDir Path dir) throws Exception {
        kernelsAgreeAtWidth(dir, "programs/cnn2d_gap.tp", "examples/data/img8x8_x1.csv", 1024);
        Cli c = Cli.run("check", "programs/cnn2d_flatten.tp", "--x1", "examples/data/img8x8_x1.csv",
                "--widths", "32,128,512", "--seeds", "3", "--plot", dir.resolve("c.png").toString()).assertNoTrace();
        assertEquals(0, c.status(), c.toString());
        assertTrue(c.out().contains("slope"), c.out());
        assertTrue(Files.size(dir.resolve("c.png")) > 1000);
    }

    @Test
    void rnnThroughKernelEmpiricalAndCheck(@TempDir Path dir) {
        kernelsAgreeAtWidth(dir, "programs/rnn_last.tp", "examples/data/img_x1.csv", 2048);
        kernelsAgreeAtWidth(dir, "programs/rnn_avg.tp", "examples/data/img_x1.csv", 2048);
        Cli c = Cli.run("check", "programs/rnn_last.tp", "--x1", "examples/data/img_x1.csv",
                "--widths", "64,256,1024", "--seeds", "3").assertNoTrace();
        assertEquals(0, c.status(), c.toString());
        assertTrue(c.out().contains("verdict: OK"), c.out());
    }
}
