package tp.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tp.lang.Programs.errors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.cli.Cli;

/** A file with several mistakes reports all of them, in order, without cascades, up to the limit. */
class MultipleErrorsTest {

    @TempDir
    Path dir;

    /** The "L:C" of each message. */
    private static List<String> locations(List<String> messages) {
        return messages.stream().map(m -> m.replaceFirst("^t\\.tp:(\\d+:\\d+): error: .*$", "$1")).toList();
    }

    @Test
    void everyIndependentErrorIsReportedInOrder() throws IOException {
        String text = """
                input x : 4
                MatIn W : n x 5
                MatMul g := W x
                VecIn b : n sigma -1
                VecIn g2 : n
                Nonlin h := foo(g2)
                LinComb s := g2 * g2
                VecIn o : 1
                Output o
                Output o
                """;
        List<String> errs = errors(text);
        assertEquals(List.of("3:15", "4:19", "6:13", "7:17", "10:1"), locations(errs), String.join("\n", errs));
        assertTrue(errs.get(0).contains("dimension conflict: 5 (columns of W, line 2:7) vs 4 (dimension of x, line 1:7)"));
        assertTrue(errs.get(1).contains("sigma must not be negative"));
        assertTrue(errs.get(2).contains("unknown function 'foo'"));
        assertTrue(errs.get(3).contains("LinComb must be linear"));
        assertTrue(errs.get(4).contains("more than one Output"));

        Path file = dir.resolve("several.tp");
        Files.writeString(file, text);
        Cli r = Cli.info(file).assertNoTrace();
        assertEquals(2, r.status());
        assertEquals(errs.stream().map(m -> m.replaceFirst("^t\\.tp:", file + ":")).toList(), r.errLines());
    }

    @Test
    void aFailedDefinitionIsNotReportedAgainAtItsUses() {
        List<String> errs = errors("""
                input x : n
                MatIn W : m x 4
                MatMul g := W x
                Nonlin h := relu(g)
                LinComb s := h + g
                Output s
                """);
        assertEquals(List.of("1:11"), locations(errs), String.join("\n", errs));
    }

    @Test
    void redefiningAFailedDefinitionPointsAtTheFirst() {
        List<String> errs = errors("input x : n\ninput x : 3\n");
        assertEquals(List.of("1:11", "2:7"), locations(errs));
        assertTrue(errs.get(1).endsWith("'x' is already defined (line 1:7)"), errs.get(1));
    }

    @Test
    void severalSyntaxErrorsAndNoCheckingAfterThem() {
        List<String> errs = errors("input x 4\nMatMul g := W x\ninput y 3\n");
        assertEquals(List.of("1:9", "3:9"), locations(errs), String.join("\n", errs)); // W undefined is not reported
    }

    @Test
    void manyErrorsAreCappedAtTheLimit() throws IOException {
        StringBuilder sb = new StringBuilder();
        int n = Diagnostics.LIMIT + 5;
        for (int i = 1; i <= n; i++) sb.append("LinComb g").append(i).append(" := u").append(i).append('\n');
        Path file = dir.resolve("many.tp");
        Files.writeString(file, sb.toString());
        Cli r = Cli.info(file).assertNoTrace();
        assertEquals(2, r.status());
        List<String> lines = r.errLines();
        assertEquals(Diagnostics.LIMIT + 1, lines.size(), r::toString);
        for (int i = 1; i <= Diagnostics.LIMIT; i++) {
            int col = "LinComb g := ".length() + String.valueOf(i).length() + 1;
            assertEquals(file + ":" + i + ":" + col + ": error: undefined name 'u" + i + "'", lines.get(i - 1));
        }
        assertEquals("error: 5 more error(s) not shown", lines.get(Diagnostics.LIMIT));
    }

    @Test
    void aStrayCharacterDoesNotHideTheOtherErrorsOfTheFile() {
        // before: only "2:1 unexpected character" (the syntax error stopped the syntax-tree builder)
        List<String> errs = errors("MatIn W : n x 3 sigma sigma\n%%%\nVecIn b : n frozen 3\ninput x 4\n");
        assertEquals(List.of("1:17", "1:23", "1:23", "2:1", "3:20", "4:9"), locations(errs), String.join("\n", errs));
        assertTrue(errs.get(0).endsWith("'sigma' needs a value, e.g. sigma 1.5"), errs.get(0));
        assertTrue(errs.get(1).endsWith("'sigma' given twice"), errs.get(1));
        assertTrue(errs.get(3).endsWith("unexpected character '%'"), errs.get(3));
        assertTrue(errs.get(4).endsWith("unexpected '3' after 'frozen'"), errs.get(4));
        assertTrue(errs.get(5).contains("syntax error"), errs.get(5));
    }

    @Test
    void syntaxAndBuilderErrorsAreCappedByPosition() {
        // the first LIMIT errors of the file, whichever pass found them
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Diagnostics.LIMIT; i++) sb.append(i % 2 == 0 ? "VecIn b : n frozen 3\n" : "input x 4\n");
        sb.append("%\n");
        List<String> errs = errors(sb.toString());
        assertEquals(Diagnostics.LIMIT + 1, errs.size());
        for (int i = 0; i < Diagnostics.LIMIT; i++) assertTrue(errs.get(i).startsWith("t.tp:" + (i + 1) + ":"), errs.get(i));
        assertEquals("error: 1 more error(s) not shown", errs.get(Diagnostics.LIMIT));
    }

    @Test
    void syntaxErrorsAreCappedToo() {
        List<String> errs = errors("input x 4\n".repeat(Diagnostics.LIMIT + 10));
        assertEquals(Diagnostics.LIMIT + 1, errs.size());
        assertEquals("error: 10 more error(s) not shown", errs.get(Diagnostics.LIMIT));
    }

    @Test
    void tooDeepOrTooLongExpressionsAreUserErrors() throws IOException {
        Path file = dir.resolve("deep.tp");
        Files.writeString(file, "VecIn a : n\nNonlin h := " + "(".repeat(100_000) + "a" + ")".repeat(100_000) + "\n");
        Cli r = Cli.info(file).assertNoTrace();
        assertEquals(2, r.status(), r::toString);
        assertEquals(List.of(file + ": error: an expression is nested too deeply or is too long (thousands of terms);"
                + " split it into several statements"), r.errLines());
    }
}
