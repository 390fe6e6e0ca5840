package tp.lang;

import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import tp.lang.antlr.TpLexer;
import tp.lang.antlr.TpParser;
import tp.lang.sugar.Expander;
import tp.lang.sugar.Surface;

/**
 * Text to syntax tree: runs the ANTLR lexer and parser, then {@link AstBuilder} (the tree as
 * written, sugar included), then {@link Expander} (the core statements it unrolls to).
 */
public final class Syntax {
    private Syntax() {}

    /**
     * Parses a program and unrolls its sugar into core statements; all syntax errors (then all
     * sugar errors) are reported together as one UserError.
     */
    public static List<Ast.Stmt> parse(String file, String text) {
        return Expander.expand(file, parseSurface(file, text)).stmts();
    }

    /**
     * Parses a program into the tree as written (sugar not yet unrolled). On syntax errors the
     * syntax-tree builder still reads the statements that parsed cleanly, so that every error
     * in the text is reported, syntax errors and the builder's together, sorted by position
     * (a stray character on line 2 does not hide a misused option on line 1).
     */
    public static List<Surface.Stmt> parseSurface(String file, String text) {
        Diagnostics diags = Diagnostics.sorted();
        TpLexer lexer = new TpLexer(CharStreams.fromString(text, file));
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        TpParser parser = new TpParser(tokens);
        lexer.removeErrorListeners();
        parser.removeErrorListeners();
        // two-stage parsing: the fast SLL mode first, full LL (and its error messages) only when that fails
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        TpParser.ProgramContext tree;
        try {
            tree = parser.program();
        } catch (ParseCancellationException e) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new DefaultErrorStrategy());
            tree = parseReportingErrors(parser, file, diags);
        }
        if (diags.hasErrors()) {
            new AstBuilder(file, diags, true).build(tree);
            diags.throwIfAny();
        }
        List<Surface.Stmt> stmts = new AstBuilder(file, diags, false).build(tree);
        diags.throwIfAny();
        return stmts;
    }

    private static TpParser.ProgramContext parseReportingErrors(TpParser parser, String file, Diagnostics diags) {
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col,
                                    String msg, RecognitionException e) {
                diags.error(new Pos(file, line, col + 1), describe(offending, msg, parser.getInputStream()));
            }
        };
        parser.addErrorListener(listener);
        return parser.program();
    }

    /** ANTLR's messages quote token names like NEWLINE; make them read as the user sees them. */
    static String describe(Object offending, String msg, TokenStream tokens) {
        if (offending instanceof Token t) {
            if (t.getType() == TpLexer.ERRCHAR) {
                String c = t.getText();
                String hint = c.equals("&") ? " (and is '&&')" : c.equals("|") ? " (or is '||')" : "";
                return "unexpected character '" + c + "'" + hint;
            }
            if (t.getType() == TpLexer.ELSE && startsStatement(t, tokens)) {
                return "syntax error: 'else' must follow the '}' of an if block on the same line ('} else {')";
            }
            String shown = t.getType() == Token.EOF ? "end of file"
                    : t.getType() == TpLexer.NEWLINE ? "end of line" : "'" + t.getText() + "'";
            if (msg.startsWith("missing ")) { // ANTLR says "missing ')' at '\n'": name the token as users see it
                int at = msg.lastIndexOf(" at ");
                return "syntax error: " + clean(at < 0 ? msg : msg.substring(0, at)) + " before " + shown;
            }
            return "syntax error: unexpected " + shown + clean(expecting(msg));
        }
        return "syntax error: " + clean(msg);
    }

    /** True when the token follows a separator (or starts the file): where a statement starts. */
    private static boolean startsStatement(Token t, TokenStream tokens) {
        int i = t.getTokenIndex();
        if (i <= 0) return true;
        Token prev = tokens.get(i - 1);
        return prev.getType() == TpLexer.NEWLINE || prev.getText().equals(";");
    }

    private static String expecting(String msg) {
        int i = msg.indexOf(" expecting ");
        return i < 0 ? "" : msg.substring(i);
    }

    private static String clean(String msg) {
        return msg.replace("NEWLINE", "end of line").replace("<EOF>", "end of file")
                .replace("NUMBER", "a number").replace("ID", "a name");
    }
}
