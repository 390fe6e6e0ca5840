package tp;

/**
 * A mistake in the user's input (program, data file, command line): reported as one located
 * line {@code WHERE: error: MESSAGE} on standard error with exit status 2, never with a stack trace.
 *
 * <p>{@code where} is {@code FILE:LINE:COL} for programs, {@code FILE:ROW} for data files, or
 * {@code null} when there is no location (e.g. a bad command-line option). Several errors found
 * in one pass (the checker reports all it finds) travel together in {@link #all()}.
 */
public class UserError extends RuntimeException {
    private final String where;
    private final String bare;
    private final java.util.List<UserError> all;

    public UserError(String where, String message) {
        super(where == null ? "error: " + message : where + ": error: " + message, null, false, false);
        this.where = where;
        this.bare = message;
        this.all = java.util.List.of(this);
    }

    /** Several errors at once; the first one is this exception's own message. */
    public UserError(java.util.List<UserError> errors) {
        super(errors.get(0).getMessage(), null, false, false);
        this.where = errors.get(0).where;
        this.bare = errors.get(0).bare;
        this.all = java.util.List.copyOf(errors);
    }

    /** A data-file error: {@code FILE:ROW: error: MESSAGE}. */
    public static UserError atRow(String file, int row, String message) {
        return new UserError(file + ":" + row, message);
    }

    /** A program error: {@code FILE:LINE:COL: error: MESSAGE} (line and column 1-based). */
    public static UserError at(String file, int line, int col, String message) {
        return new UserError(file + ":" + line + ":" + col, message);
    }

    /** Location prefix, or null. */
    public String where() { return where; }

    /** The message without location and without "error:". */
    public String bareMessage() { return bare; }

    /** Every error carried (at least this one). */
    public java.util.List<UserError> all() { return all; }
}
