package tp.lang;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import tp.lang.antlr.TpParser;

/**
 * Re-reads the options of a MatIn/VecIn statement from their tokens. The grammar reads each
 * option as {@code key expr?}, so in {@code frozen mean -1} (or {@code frozen init zero}) the
 * parser lets {@code frozen} swallow the next option as its value. Here a new option starts at
 * every option word ({@code sigma mean init frozen}) and at every other word the parser took as
 * a key, except right after a key that takes a value ({@code init zero}); {@code frozen} takes
 * none. Each option's value is the run of tokens up to the next option.
 */
final class OptionTokens {
    private OptionTokens() {}

    static final Set<String> WORDS = Set.of("sigma", "mean", "init", "frozen", "standard", "ntk");

    /** An option as written: its key and the tokens of its value (empty when none). */
    record Raw(Token key, List<Token> value) {
        String valueText() {
            StringBuilder sb = new StringBuilder();
            for (Token t : value) sb.append(t.getText());
            return sb.toString();
        }
    }

    static List<Raw> split(List<TpParser.OptionContext> opts) {
        List<Token> toks = new ArrayList<>();
        Set<Token> keys = new HashSet<>();
        for (TpParser.OptionContext o : opts) {
            keys.add(o.key);
            collect(o, toks);
        }
        List<Raw> out = new ArrayList<>();
        int i = 0;
        while (i < toks.size()) {
            Token key = toks.get(i++);
            int j = i;
            // a value's first token is never a key ("init zero" may parse as options "init", "zero")
            if (!takesNoValue(key.getText()) && j < toks.size() && !WORDS.contains(toks.get(j).getText())) j++;
            while (j < toks.size() && !keys.contains(toks.get(j)) && !WORDS.contains(toks.get(j).getText())) j++;
            out.add(new Raw(key, List.copyOf(toks.subList(i, j))));
            i = j;
        }
        return out;
    }

    /** The flag options: a word after them starts the next option. */
    private static boolean takesNoValue(String key) {
        return key.equals("frozen") || key.equals("standard") || key.equals("ntk");
    }

    private static void collect(ParseTree t, List<Token> out) {
        if (t instanceof TerminalNode n) {
            out.add(n.getSymbol());
            return;
        }
        for (int i = 0; i < t.getChildCount(); i++) collect(t.getChild(i), out);
    }

    /** The tokens as exactly one expression, or null when they are not one. */
    static TpParser.ExprContext parseExpr(List<Token> tokens) {
        List<Token> copies = new ArrayList<>(); // the token stream renumbers the tokens it reads
        for (Token t : tokens) copies.add(new CommonToken(t));
        TpParser p = new TpParser(new CommonTokenStream(new ListTokenSource(copies)));
        p.removeErrorListeners();
        p.setErrorHandler(new BailErrorStrategy());
        try {
            TpParser.ExprContext e = p.expr();
            return p.getCurrentToken().getType() == Token.EOF ? e : null;
        } catch (ParseCancellationException e) {
            return null;
        }
    }
}
