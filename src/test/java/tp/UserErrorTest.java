package tp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Messages never carry raw control characters to the terminal (issue 13): they are escaped visibly. */
class UserErrorTest {
    @Test
    void controlCharactersAreEscapedOnce() {
        assertEquals("plain σ text, unchanged", UserError.escape("plain σ text, unchanged"));
        assertEquals("a\\tb\\nc\\rd\\x00e\\x1b[31mf\\x7fg\\x85h", UserError.escape("a\tb\nc\rd\0e\u001b[31mf\u007fg\u0085h"));
        assertEquals("evil\\u202etxt.exe", UserError.escape("evil\u202etxt.exe")); // a right-to-left override
        String once = UserError.escape("x\u0007y");
        assertEquals(once, UserError.escape(once), "escaping twice changes nothing");
        UserError e = UserError.atRow("f\u001b.csv", 3, "bad \"\u0001\"");
        assertEquals("f\\x1b.csv:3: error: bad \"\\x01\"", e.getMessage());
        assertEquals("f\\x1b.csv:3", e.where());
        assertEquals("bad \"\\x01\"", e.bareMessage());
        assertEquals(null, UserError.escape(null));
    }
}
