package tp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed write to standard output (a full disk, {@code > /dev/full}, a closed pipe) is an error,
 * exit status 2 with a message, for every command that prints (issue 13, item 1): a result that
 * did not arrive must not look like success. Standard output here is the stream {@link Main#main}
 * builds, over a stream that fails like a full disk.
 */
class StdoutFailureTest {
    @TempDir Path dir;

    /** Fails every write after {@code budget} bytes, as /dev/full does from the first. */
    private static final class FullDisk extends OutputStream {
        private long budget;

        FullDisk(long budget) {
            this.budget = budget;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > budget) throw new IOException("No space left on device");
            budget -= len;
        }
    }

    private record Result(int status, String err) {}

    private static Result runWithFullStdout(long budget, String... args) {
        FailureRecordingStream stdout = new FailureRecordingStream(new FullDisk(budget));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        StringWriter err = new StringWriter();
        int status = Main.run(args, out, new PrintWriter(err), stdout::failure);
        return new Result(status, err.toString());
    }

    private List<String[]> everyPrintingCommand() throws IOException {
        String prog = "programs/mlp_relu_2.tp";
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "0.1,0.2,0.3,0.4\n-0.5,0.6,0.7,-0.8\n1,0,0,1\n");
        Path y = dir.resolve("y.csv");
        Files.writeString(y, "1\n-1\n0.5\n");
        String xs = x.toString(), ys = y.toString();
        return List.of(
                new String[] {"kernel", prog, "--x1", xs, "--kind", "nngp"},
                new String[] {"kernel", prog, "--x1", xs, "--kind", "ntk"},
                new String[] {"empirical", prog, "--x1", xs, "--kind", "ntk", "--width", "16"},
                new String[] {"predict", prog, "--train", xs, "--targets", ys, "--test", xs, "--kind", "ntk", "--reg", "1e-3"},
                new String[] {"train", prog, "--train", xs, "--targets", ys, "--width", "16", "--lr", "0.1", "--steps", "2"},
                new String[] {"check", prog, "--x1", xs, "--widths", "8,16", "--seeds", "1"},
                new String[] {"info", prog},
                new String[] {"info", prog, "--expand"},
                new String[] {"--help"},
                new String[] {"--version"});
    }

    @Test
    void everyCommandExitsTwoWhenStandardOutputIsFull() throws IOException {
        for (String[] args : everyPrintingCommand()) {
            for (long budget : new long[] {0, 10}) { // nothing fits / the first bytes do, then the disk is full
                Result r = runWithFullStdout(budget, args);
                String what = String.join(" ", args) + " (room for " + budget + " bytes)\n" + r.err();
                assertEquals(2, r.status(), what);
                assertTrue(r.err().endsWith("tp: error: cannot write to standard output: No space left on device\n"), what);
            }
        }
    }

    @Test
    void theSameCommandsSucceedWhenStandardOutputWorks() throws IOException {
        for (String[] args : everyPrintingCommand()) {
            Result r = runWithFullStdout(Long.MAX_VALUE, args);
            assertEquals(0, r.status(), () -> String.join(" ", args) + "\n" + r.err());
        }
    }

    /** A user error stays a user error (exit 2, its own message first) when standard output also fails. */
    @Test
    void aUserErrorKeepsItsMessage() {
        Result r = runWithFullStdout(0, "kernel", "programs/mlp_relu_2.tp", "--x1", dir.resolve("none.csv").toString(),
                "--kind", "nngp");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith(dir.resolve("none.csv") + ": error: cannot read: no such file"), r.err());
    }
}
