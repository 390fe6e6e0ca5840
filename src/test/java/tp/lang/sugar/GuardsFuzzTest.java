package tp.lang.sugar;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tp.UserError;
import tp.lang.Frontend;

/**
 * Seeded random mutations of programs using guards, if blocks, conditions, strides and pooling,
 * with the words and operators of those forms, straight into the front end: every mutant is
 * either a program or a {@link UserError} whose every message is located inside the file; never
 * another exception (a crash on a half-parsed condition or if chain, say).
 */
class GuardsFuzzTest {
    private static final long SEED = Long.getLong("tp.fuzz.seed", 20261202L);
    private static final int MUTANTS = 2000;

    private static final String[] SOURCES = {
        """
        let S = 4
        input x[0..S-1][0..S-1] : 2
        MatIn A[0..2][0..2] : n x 2 sigma 1.5 / 3
        VecIn c : n sigma 0.1
        for i in 0..S-1, j in 0..S-1 {
          for a in 0..2, b in 0..2 if i+a-1 in 0..S-1 && 0 <= j+b-1 < S { MatMul u[i][j][a][b] := A[a][b] x[i+a-1][j+b-1] }
          LinComb g[i][j] := sum(a in 0..2, b in 0..2 if i+a-1 in 0..S-1 && 0 <= j+b-1 < S) u[i][j][a][b] + c
          if i == 0 || !(j != 0) { Nonlin h[i][j] := relu(g[i][j]) } else if i > j { Nonlin h[i][j] := tanh(g[i][j]) } else {
            Nonlin h[i][j] := erf(g[i][j])
          }
        }
        for i in 0..S/2-1, j in 0..S/2-1 {
          let count = sum(a in 0..1, b in 0..1 if 2*i+a < S) 1
          LinComb p[i][j] := sum(a in 0..1, b in 0..1) h[2*i+a][2*j+b] / count
        }
        LinComb pool := sum(i in 0..S/2-1, j in 0..S/2-1 if i <= j) p[i][j] / 4
        MatIn R : 1 x n
        MatMul f := R pool
        Output f
        """,
        """
        let L = 3
        input x : 2
        MatIn W[1..L] : n x n
        MatIn U : n x 2
        MatMul h[0] := U x
        for l in 1..L if l != 2 || L < 3 {
          if l == 1 { MatMul z[l] := W[l] h[0] } else { MatMul z[l] := W[l] h[l-2] }
          Nonlin h[l] := relu(z[l])
        }
        MatIn R : 1 x n
        MatMul f := R h[L]
        Output f
        """,
    };

    private static final String[] WORDS = {
        "if", "else", "for", "in", "sum", "let", "{", "}", "(", ")", "[", "]", "..", "&&", "||", "!", "<", "<=", ">",
        ">=", "==", "!=", "&", "|", "=", "i", "j", "a", "S", "0", "1", "-1", "2.5", "1e999", "\n", ";", ",", "#",
        "MatMul", "LinComb", "Nonlin", "x[i]", "h[i][j]", "0..3", "if i > 0", "} else {", "else if",
    };

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|\\d+(?:\\.\\d*)?|\\.\\.|&&|\\|\\||[<>=!]=|:=|\\S");

    @Test
    void mutantsAreProgramsOrLocatedErrors() {
        Random rnd = new Random(SEED);
        int programs = 0, errors = 0;
        for (int i = 0; i < MUTANTS; i++) {
            String mutant = SOURCES[i % SOURCES.length];
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) mutant = mutate(mutant, rnd);
            int lines = mutant.split("\\R", -1).length;
            try {
                Frontend.parse("f.tp", mutant);
                programs++;
            } catch (UserError e) {
                errors++;
                for (UserError u : e.all()) {
                    String where = u.where();
                    if (where == null) continue; // "N more error(s) not shown"
                    Matcher m = Pattern.compile("f\\.tp(?::(\\d+):(\\d+))?").matcher(where);
                    assertTrue(m.matches(), "unlocated: " + u.getMessage() + "\n" + mutant);
                    if (m.group(1) != null) {
                        int l = Integer.parseInt(m.group(1));
                        assertTrue(l >= 1 && l <= lines, "outside the file: " + u.getMessage() + "\n" + mutant);
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                fail("front end crashed on mutant " + i + ":\n" + mutant, e);
            }
        }
        assertTrue(programs > 0 && errors > MUTANTS / 2, programs + " programs, " + errors + " rejected");
    }

    private static String mutate(String text, Random rnd) {
        List<int[]> toks = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) toks.add(new int[] {m.start(), m.end()});
        int[] t = toks.get(rnd.nextInt(toks.size()));
        String word = WORDS[rnd.nextInt(WORDS.length)];
        return switch (rnd.nextInt(4)) {
            case 0 -> text.substring(0, t[0]) + text.substring(t[1]);                      // delete a token
            case 1 -> text.substring(0, t[0]) + word + text.substring(t[1]);               // replace it
            case 2 -> text.substring(0, t[0]) + word + " " + text.substring(t[0]);         // insert before it
            default -> text.substring(0, t[1]) + " " + text.substring(t[0], t[1]) + text.substring(t[1]); // duplicate
        };
    }
}
