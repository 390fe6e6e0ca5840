package tp.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.DecisionInfo;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.junit.jupiter.api.Test;
import tp.UserError;
import tp.lang.antlr.TpLexer;
import tp.lang.antlr.TpParser;

/**
 * Parsing is linear in the file and runs of blank and comment lines cost O(1) tokens (issue 13,
 * item 10: 80 000 comment lines took 10.9 s and 50 million blank lines ran out of memory). The
 * cost is counted, not timed: the tokens the lexer makes, and the lookahead tokens the parser's
 * predictions examine (ANTLR's profiler), which grew as the square of a run of separators.
 */
class LinearParsingTest {
    private static final String PROGRAM = "input x : 1\nMatIn W : n x 1\nMatMul h := W x\nMatIn R : 1 x n\nMatMul f := R h\nOutput f\n";

    /** Tokens the lexer makes for the text (EOF included). */
    private static int tokens(String text) {
        TpLexer lexer = new TpLexer(CharStreams.fromString(text));
        int n = 0;
        for (Token t = lexer.nextToken(); ; t = lexer.nextToken()) {
            n++;
            if (t.getType() == Token.EOF) return n;
        }
    }

    /** Lookahead tokens examined by all the parser's predictions (SLL and LL). */
    private static long lookahead(String text) {
        TpParser parser = new TpParser(new CommonTokenStream(new TpLexer(CharStreams.fromString(text))));
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setProfile(true);
        parser.program();
        assertEquals(0, parser.getNumberOfSyntaxErrors());
        long look = 0;
        for (DecisionInfo d : parser.getParseInfo().getDecisionInfo()) look += d.SLL_TotalLook + d.LL_TotalLook;
        return look;
    }

    @Test
    void aRunOfBlankAndCommentLinesIsOneToken() {
        String run = "\n# comment\n\n   \n\t# indented comment\n".repeat(200_000);  // a million lines
        int program = tokens(PROGRAM);
        assertEquals(program + 1, tokens("# header\n" + run + PROGRAM), "a leading run");
        assertEquals(program, tokens("input x : 1" + run + PROGRAM.substring("input x : 1".length())), "a run between statements");
        assertEquals(program, tokens(PROGRAM + run), "a trailing run");
    }

    @Test
    void lookaheadIsLinearInRunsOfSeparators() {
        // runs of ';' are tokens of their own; no prediction may scan a whole run once per separator
        int n = 4000;
        String run = "; ".repeat(n);
        long base = lookahead(PROGRAM);
        for (String text : new String[] {run + PROGRAM, PROGRAM.replace("\nMatIn R", "\n" + run + "MatIn R"), PROGRAM + run,
                "for i in 0..1 {" + run + "VecIn b[i] : n" + run + "}\n" + PROGRAM}) {
            long look = lookahead(text) - base;
            assertTrue(look < 10L * n, "lookahead " + look + " for a run of " + n + " separators (quadratic: ~" + (long) n * n / 2 + ")");
        }
    }

    @Test
    void linesAreCountedThroughLongRuns() {
        String text = "# a million comment lines\n" + "# comment\n\n".repeat(500_000) + "input x : 1\nMatIn W : n x 1\nMatMul h := W y\n";
        UserError u = assertThrows(UserError.class, () -> Frontend.parse("t.tp", text));
        assertEquals("t.tp:1000004:15", u.all().get(0).where(), u.getMessage());
    }

    @Test
    void fiftyMillionBlankLinesParseInBoundedMemory() {
        // 50 MB of text: before, 50 million NEWLINE tokens (gigabytes) and an out-of-memory error
        Program p = Frontend.parse("blank.tp", "\n".repeat(50_000_000) + PROGRAM);
        assertEquals(5, p.vars().size());
    }
}
