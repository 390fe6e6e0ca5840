package tp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.io.AtomicFile;

/**
 * {@code tp} as a separate process ({@code java -cp <the test classpath> tp.cli.Main}), killed in
 * the middle of writing its result (issue 13, item 2): the output file is then the previous one,
 * or absent, never a truncated file that ends on a row boundary and looks complete. And a
 * standard output that cannot be written ({@code > /dev/full}) makes the process exit 2.
 */
class CrashConsistencyTest {
    @TempDir Path dir;

    /** Points enough that the CSV (about 120 MB) takes a second or more to write. */
    private static final int POINTS = 2500;

    private Path points() throws IOException {
        SplittableRandom rnd = new SplittableRandom(13);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < POINTS; i++) {
            for (int j = 0; j < 4; j++) sb.append(j > 0 ? "," : "").append(rnd.nextDouble() * 2 - 1);
            sb.append('\n');
        }
        Path x = dir.resolve("x.csv");
        Files.writeString(x, sb);
        return x;
    }

    private static ProcessBuilder tp(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Xss16m", "-cp", System.getProperty("java.class.path"), "tp.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** Waits until the process has started writing (a non-empty temporary file, or a changed target). */
    private boolean waitForWriting(Process p, Path out, long sizeBefore) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(out) ? Files.size(out) != sizeBefore : sizeBefore >= 0) return true;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    if (AtomicFile.isTemporaryName(f.getFileName().toString()) && Files.exists(f) && Files.size(f) > 0) {
                        return true;
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // a temporary file renamed while listed: writing is under way
                return true;
            }
            Thread.sleep(2);
        }
        return false;
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(AtomicFile::isTemporaryName).toList();
        }
    }

    @Test
    void killedMidWriteLeavesThePreviousFile() throws Exception {
        Path x = points();
        Path out = dir.resolve("k.csv");
        String previous = "1,0.5\n0.5,1\n";
        Files.writeString(out, previous);
        Path log = dir.resolve("err.txt");
        Process p = tp("kernel", "programs/mlp_relu_2.tp", "--x1", x.toString(), "--kind", "nngp", "--out", out.toString())
                .redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            boolean writing = waitForWriting(p, out, Files.size(out));
            assertTrue(writing, () -> "the process ended before writing: " + readLog(log));
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            p.waitFor(30, TimeUnit.SECONDS);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(previous, Files.readString(out), "the previous result survives a kill in the middle of the write");
    }

    @Test
    void terminatedMidWriteLeavesNoFileAndNoTemporary() throws Exception {
        Path x = points();
        Path out = dir.resolve("k.npy");
        Path log = dir.resolve("err.txt");
        Process p = tp("kernel", "programs/mlp_relu_2.tp", "--x1", x.toString(), "--kind", "nngp", "--out", out.toString())
                .redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertTrue(waitForWriting(p, out, -1), () -> "the process ended before writing: " + readLog(log));
            p.destroy(); // SIGTERM: the JVM shuts down and runs its hooks
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertFalse(Files.exists(out), "no result file: the run did not finish");
        assertEquals(List.of(), leftovers(), "the temporary file is removed on a normal shutdown");
    }

    @Test
    void aFullStandardOutputIsExitStatusTwo() throws Exception {
        File full = new File("/dev/full");
        assumeTrue(full.exists(), "needs /dev/full (Linux)");
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "0.1,0.2,0.3,0.4\n-0.5,0.6,0.7,-0.8\n");
        Path log = dir.resolve("err.txt");
        Process p = tp("kernel", "programs/mlp_relu_2.tp", "--x1", x.toString(), "--kind", "nngp")
                .redirectOutput(full).redirectError(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), readLog(log));
        // (a progress line may come first on a slow machine)
        assertTrue(readLog(log).endsWith("tp: error: cannot write to standard output: No space left on device\n"), readLog(log));
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
