package tp.lang;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tp.UserError;

/** The language pipeline in one call: text, syntax tree, checked {@link Program}. */
public final class Frontend {
    private Frontend() {}

    /** Parses and checks program text; {@code file} is the name used in error locations. */
    public static Program parse(String file, String text) {
        try {
            // editors on Windows may start UTF-8 files with a byte-order mark
            String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
            return Checker.check(file, Syntax.parse(file, body));
        } catch (StackOverflowError e) { // the parser and the passes recurse on expression depth
            throw new UserError(file, "an expression is nested too deeply or is too long (thousands of terms);"
                    + " split it into several statements");
        }
    }

    /** Reads, parses and checks a {@code .tp} file. */
    public static Program load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(path.toString(), "cannot read program: " + describe(e));
        }
        return parse(path.toString(), text);
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.charset.MalformedInputException) return "not UTF-8 text";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
