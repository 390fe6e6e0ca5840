package tp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's quick-JIT start: a run the cost model calls long continues in a relaunched JVM
 * with the full compiler, and writes exactly what a run in one JVM writes.
 */
class QuickJitTest {
    @TempDir
    Path dir;

    @Test
    void relaunchDropsTheQuickFlagAndMarksTheChild() {
        List<String> cmd = QuickJit.commandLine("/jdk/bin/java",
                new String[] {"-Xmx2g", QuickJit.FLAG, "-jar", "tp.jar", "kernel", "p.tp"});
        assertEquals(List.of("/jdk/bin/java", "-Dtp.relaunched=true", "-Xmx2g", "-jar", "tp.jar", "kernel", "p.tp"), cmd);
    }

    @Test
    void aLongRunIsRelaunchedAndWritesTheSameKernel() throws Exception {
        Path direct = dir.resolve("direct.csv"), relaunched = dir.resolve("relaunched.csv");
        Run a = run("1e9", direct), b = run("0", relaunched);
        assertEquals(0, a.status, a.err);
        assertEquals(0, b.status, b.err);
        // with tp.timing each front end reports itself: one JVM, then the quick one and its relaunch
        assertEquals(1, a.err.split("front end", -1).length - 1, a.err);
        assertEquals(2, b.err.split("front end", -1).length - 1, b.err);
        assertArrayEquals(Files.readAllLines(direct).toArray(), Files.readAllLines(relaunched).toArray());
    }

    @Test
    void aLongTiledRunIsRelaunchedToo() throws Exception {
        Run b = run("0", dir.resolve("k.tpk"), "off", "programs/mlp_relu_2.tp", "examples/data/vec_x1.csv");
        assertEquals(0, b.status, b.err);
        assertEquals(2, b.err.split("front end", -1).length - 1, b.err);
    }

    @Test
    void theRelaunchedRunLoadsThePlanItsParentStored() throws Exception {
        Run b = run("0", dir.resolve("cached.csv"), dir.resolve("cache").toString());
        assertEquals(0, b.status, b.err);
        assertEquals(1, b.err.split("front end", -1).length - 1, b.err);
        assertEquals(1, b.err.split("plan from the cache", -1).length - 1, b.err);
    }

    private record Run(int status, String err) {}

    private Run run(String longRun, Path out) throws Exception {
        return run(longRun, out, "off");
    }

    private Run run(String longRun, Path out, String cache) throws Exception {
        return run(longRun, out, cache, "programs/cnn2d_flatten.tp", "examples/data/img8x8_x1.csv");
    }

    private Run run(String longRun, Path out, String cache, String program, String data) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                QuickJit.FLAG, "-Dtp.fullJitAbove=" + longRun, "-Dtp.timing=true", "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), "tp.cli.Main", "kernel", program, "--x1",
                data, "--kind", "ntk", "--out", out.toString()));
        Path err = dir.resolve(out.getFileName() + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TP_CACHE", cache);
        Process p = pb.start();
        int status = p.waitFor();
        return new Run(status, Files.readString(err));
    }
}
