package tp;

/**
 * A mistake in the user's input (program, data file, command line): reported as one located
 * line {@code WHERE: error: MESSAGE} on standard error with exit status 2, never with a stack trace.
 *
 * <p>{@code where} is {@code FILE:LINE:COL} for programs, {@code FILE:ROW} for data files, or
 * {@code null} when there is no location (e.g. a bad command-line option). Several errors found
 * in one pass (the checker reports all it finds) travel together in {@link #all()}.
 *
 * <p>Location and message are made printable on construction ({@link #escape}): a control
 * character from a file name, a data cell or a program (an escape sequence, a carriage return,
 * a NUL) is shown as {@code \xNN}, never sent to the user's terminal.
 */
public class UserError extends RuntimeException {
    private final String where;
    private final String bare;
    private final java.util.List<UserError> all;

    public UserError(String where, String message) {
        super(text(escape(where), escape(message)), null, false, false);
        this.where = escape(where);
        this.bare = escape(message);
        this.all = java.util.List.of(this);
    }

    /** Several errors at once; the first one is this exception's own message. */
    public UserError(java.util.List<UserError> errors) {
        super(errors.get(0).getMessage(), null, false, false);
        this.where = errors.get(0).where;
        this.bare = errors.get(0).bare;
        this.all = java.util.List.copyOf(errors);
    }

    private static String text(String where, String message) {
        return where == null ? "error: " + message : where + ": error: " + message;
    }

    /** A data-file error: {@code FILE:ROW: error: MESSAGE}. */
    public static UserError atRow(String file, int row, String message) {
        return new UserError(file + ":" + row, message);
    }

    /** A program error: {@code FILE:LINE:COL: error: MESSAGE} (line and column 1-based). */
    public static UserError at(String file, int line, int col, String message) {
        return new UserError(file + ":" + line + ":" + col, message);
    }

    /**
     * {@code text} with every control character (C0, DEL, C1) and Unicode bidirectional override
     * replaced by a visible escape: {@code \t}, {@code \n}, {@code \r}, {@code \xNN}, or a
     * backslash, {@code u} and four hex digits. Printable text, non-ASCII letters included, is
     * unchanged; null stays null.
     */
    public static String escape(String text) {
        if (text == null) return null;
        int k = 0;
        while (k < text.length() && !needsEscape(text.charAt(k))) k++;
        if (k == text.length()) return text;
        StringBuilder sb = new StringBuilder(text.length() + 8).append(text, 0, k);
        for (; k < text.length(); k++) {
            char c = text.charAt(k);
            if (!needsEscape(c)) sb.append(c);
            else if (c == '\t') sb.append("\\t");
            else if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (c < 0x100) sb.append(String.format("\\x%02x", (int) c));
            else sb.append(String.format("\\u%04x", (int) c));
        }
        return sb.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c;
    }

    /** Location prefix, or null. */
    public String where() { return where; }

    /** The message without location and without "error:". */
    public String bareMessage() { return bare; }

    /** Every error carried (at least this one). */
    public java.util.List<UserError> all() { return all; }
}
