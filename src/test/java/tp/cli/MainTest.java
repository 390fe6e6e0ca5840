package tp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command-line behaviour that needs no data file: help, version, usage errors (exit 2, one
 * message), unreadable programs, and the commands other stages fill in (exit 2 while they are
 * not built; their messages are not pinned here).
 */
class MainTest {

    @TempDir
    Path dir;

    private static final List<String> COMMANDS = List.of("info", "kernel", "empirical", "check", "predict", "train");

    /** Exactly one line of standard error says "error". */
    private static void assertOneMessage(Cli r) {
        assertEquals(2, r.status(), r::toString);
        assertEquals(1, r.errLines().stream().filter(l -> l.contains("error")).count(), r::toString);
        r.assertNoTrace();
    }

    @Test
    void helpListsEveryCommand() {
        for (String flag : List.of("--help", "-h")) {
            Cli r = Cli.run(flag);
            assertEquals(0, r.status(), r::toString);
            assertEquals("", r.err());
            assertTrue(r.out().startsWith("Usage: tp"), r::toString);
            for (String c : COMMANDS) assertTrue(r.out().contains("\n  " + c + " "), c);
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : COMMANDS) {
            Cli r = Cli.run(c, "--help");
            assertEquals(0, r.status(), r::toString);
            assertTrue(r.out().startsWith("Usage: tp " + c), r::toString);
            assertTrue(r.out().contains("PROG.tp"), r::toString);
            assertEquals(0, Cli.run("help", c).status());
        }
    }

    @Test
    void version() {
        for (String flag : List.of("--version", "-V")) {
            Cli r = Cli.run(flag);
            assertEquals(0, r.status(), r::toString);
            assertEquals("tp " + VersionInfo.VERSION, r.out().lines().findFirst().orElse(""));
            assertTrue(r.out().contains("Java "), r::toString);
        }
    }

    @Test
    void usageMistakesExitTwoWithOneMessage() {
        assertOneMessage(Cli.run());
        assertOneMessage(Cli.run("frobnicate"));
        assertOneMessage(Cli.run("--frobnicate"));
        assertOneMessage(Cli.run("info", "--bogus", "x.tp"));
        assertOneMessage(Cli.run("info"));
        assertOneMessage(Cli.run("info", "a.tp", "b.tp"));
        assertOneMessage(Cli.run("info", "x.tp", "--width", "abc"));
        assertOneMessage(Cli.run("info", "x.tp", "--width"));
        assertTrue(Cli.run("frobnicate").err().contains("'frobnicate'"));
        assertTrue(Cli.run("info", "--bogus", "x.tp").err().contains("--bogus"));
    }

    @Test
    void infoRejectsANonPositiveWidth() throws IOException {
        Path p = dir.resolve("ok.tp");
        Files.writeString(p, "VecIn b : 1\nOutput b\n");
        for (String w : List.of("0", "-3")) {
            Cli r = Cli.info(p, "--width", w);
            assertOneMessage(r);
            assertTrue(r.err().contains("--width must be a positive integer, got " + w), r::toString);
        }
    }

    @Test
    void unreadablePrograms() throws IOException {
        Path missing = dir.resolve("missing.tp");
        Cli r = Cli.info(missing);
        assertOneMessage(r);
        assertEquals(List.of(missing + ": error: cannot read program: no such file"), r.errLines());

        r = Cli.info(dir);
        assertOneMessage(r);
        assertTrue(r.err().startsWith(dir + ": error: cannot read program: "), r::toString);

        Path binary = dir.resolve("binary.tp");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        r = Cli.info(binary);
        assertOneMessage(r);
        assertEquals(List.of(binary + ": error: cannot read program: not UTF-8 text"), r.errLines());
    }

    @Test
    void commandsOfLaterStagesExitTwoWithoutATrace() throws IOException {
        // a missing data file is a user error whether or not the command is built yet
        Path prog = dir.resolve("p.tp");
        Files.writeString(prog, "input x : 2\nMatIn W : n x 2\nMatMul g := W x\nNonlin h := relu(g)\n"
                + "MatIn V : 1 x n\nMatMul f := V h\nOutput f\n");
        String nodata = dir.resolve("nodata.csv").toString();
        List<String[]> runs = List.of(
                new String[] {"kernel", prog.toString(), "--x1", nodata, "--kind", "ntk"},
                new String[] {"empirical", prog.toString(), "--x1", nodata, "--kind", "nngp", "--width", "8"},
                new String[] {"check", prog.toString(), "--x1", nodata, "--widths", "8,16"},
                new String[] {"predict", prog.toString(), "--train", nodata, "--targets", nodata, "--test", nodata,
                        "--kind", "ntk"},
                new String[] {"train", prog.toString(), "--train", nodata, "--targets", nodata, "--width", "8",
                        "--lr", "0.1", "--steps", "3"});
        for (String[] args : runs) {
            Cli r = Cli.run(args).assertNoTrace();
            assertEquals(2, r.status(), () -> String.join(" ", args) + "\n" + r);
            assertFalse(r.err().isBlank(), r::toString);
        }
    }

    @Test
    void commandsOfLaterStagesCheckTheirRequiredOptions() {
        assertOneMessage(Cli.run("kernel", "p.tp", "--x1", "a.csv")); // --kind missing
        assertOneMessage(Cli.run("kernel", "p.tp", "--x1", "a.csv", "--kind", "both"));
    }
}
