package tp.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One in-process run of the {@code tp} command line through {@link Main#run}, with what it
 * printed. Test helper shared by the CLI and language tests.
 */
public record Cli(int status, String out, String err) {

    public static Cli run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Cli(status, out.toString(), err.toString());
    }

    public static Cli info(Path program, String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "info";
        args[1] = program.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return run(args);
    }

    /** Standard error split into lines (no empty last line). */
    public List<String> errLines() {
        return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
    }

    /** A user mistake never shows a Java stack trace or an exception class name. */
    public Cli assertNoTrace() {
        for (String s : List.of(out, err)) {
            assertFalse(s.contains("Exception"), () -> "exception name in output:\n" + this);
            assertFalse(s.contains("\tat "), () -> "stack trace in output:\n" + this);
            assertFalse(s.contains("internal error"), () -> "internal error:\n" + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
