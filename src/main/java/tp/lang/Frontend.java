package tp.lang;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tp.UserError;
import tp.lang.sugar.Expander;
import tp.lang.sugar.Expansion;

/**
 * The language pipeline in one call: text, syntax tree, sugar unrolled into core statements
 * ({@link Expansion}), checked {@link Program}.
 */
public final class Frontend {
    private Frontend() {}

    /** Parses and checks program text; {@code file} is the name used in error locations. */
    public static Program parse(String file, String text) {
        return check(expand(file, text));
    }

    /** The passes recurse on expression depth: a sum of 10^5 terms is a user error, not a trace. */
    private static UserError tooDeep(String file) {
        return new UserError(file, "an expression is nested too deeply or is too long (thousands of terms);"
                + " split it into several statements");
    }

    /** Reads, parses and checks a {@code .tp} file. */
    public static Program load(Path path) {
        return parse(path.toString(), read(path));
    }

    /** Parses program text and unrolls its sugar (not yet checked). */
    public static Expansion expand(String file, String text) {
        try {
            // editors on Windows may start UTF-8 files with a byte-order mark
            String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
            return Expander.expand(file, Syntax.parseSurface(file, body));
        } catch (StackOverflowError e) {
            throw tooDeep(file);
        }
    }

    /** Checks unrolled statements; errors name generated variables as the user wrote them. */
    public static Program check(Expansion e) {
        try {
            Program p = Checker.check(e.file(), e.stmts());
            p.setDisplay(e.display());
            return p;
        } catch (UserError u) {
            throw e.explain(u);
        } catch (StackOverflowError x) {
            throw tooDeep(e.file());
        }
    }

    /** A program file's text, or a UserError saying why it cannot be read. */
    public static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(path.toString(), "cannot read program: " + describe(e));
        }
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.charset.MalformedInputException) return "not UTF-8 text";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        // other file-system errors repeat the path before the reason ("x.tp: Is a directory")
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
