package tp.lang.sugar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tp.UserError;
import tp.lang.Ast;

/**
 * The core statements a {@code .tp} file unrolls to ({@link Expander}), with what is needed to
 * talk about them in the user's terms: the spelling of every generated name ({@code x_3_4} was
 * written {@code x[3][4]}).
 *
 * @param file     the file name used in error locations
 * @param stmts    core statements, positions pointing at the text they came from
 * @param display  generated core name to the user's spelling
 * @param unrolled true when some statement or sum was repeated (a loop, a family, a sum)
 */
public record Expansion(String file, List<Ast.Stmt> stmts, Map<String, String> display, boolean unrolled) {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The core program as {@code .tp} text (see {@link CoreWriter}). */
    public String coreText() {
        return CoreWriter.write(this);
    }

    /**
     * Rewrites the checker's errors about generated statements in the user's terms: generated
     * names spelled as written ({@code x[3][4]}), and one report per source position when a
     * loop repeats the same mistake on every iteration.
     */
    public UserError explain(UserError u) {
        if (display.isEmpty() && !unrolled) return u;
        List<UserError> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (UserError e : u.all()) {
            String where = e.where();
            if (where != null && unrolled && seen.containsKey(where)) continue;
            if (where != null) seen.put(where, out.size());
            out.add(new UserError(where, rename(e.bareMessage())));
        }
        return new UserError(out);
    }

    private String rename(String msg) {
        if (display.isEmpty()) return msg;
        Matcher m = IDENT.matcher(msg);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String shown = display.get(m.group());
            m.appendReplacement(sb, Matcher.quoteReplacement(shown != null ? shown : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
