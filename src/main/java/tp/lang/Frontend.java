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

    /** Reads, parses and checks a {@code .tp} file. */
    public static Program load(Path path) {
        return parse(path.toString(), read(path));
    }

    /** Parses program text and unrolls its sugar (not yet checked). */
    public static Expansion expand(String file, String text) {
        return Expander.expand(file, Syntax.parseSurface(file, text));
    }

    /** Checks unrolled statements; errors name generated variables as the user wrote them. */
    public static Program check(Expansion e) {
        try {
            return Checker.check(e.file(), e.stmts());
        } catch (UserError u) {
            throw e.explain(u);
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
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
