package tp.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import tp.UserError;

/** Error-location tests: program text with one '§' marking where the first error must be reported. */
public final class MarkedError {
    private MarkedError() {}

    /**
     * Parses {@code marked} without its marker (plus {@code suffix}) as e.tp, asserts that the
     * first error is at the marker's line and column and that its message contains every fragment.
     */
    public static UserError assertAt(String marked, String suffix, List<String> fragments) {
        int mark = marked.indexOf('§');
        assertTrue(mark >= 0 && marked.indexOf('§', mark + 1) < 0, "exactly one marker");
        String text = marked.substring(0, mark) + marked.substring(mark + 1) + suffix;
        int line = 1, lineStart = 0;
        for (int i = 0; i < mark; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String where = "e.tp:" + line + ":" + (mark - lineStart + 1);
        UserError u = assertThrows(UserError.class, () -> Frontend.parse("e.tp", text));
        UserError first = u.all().get(0);
        assertEquals(where, first.where(), "location of: " + first.getMessage());
        for (String f : fragments) {
            assertTrue(first.bareMessage().contains(f), "message '" + first.bareMessage() + "' should contain '" + f + "'");
        }
        return u;
    }
}
