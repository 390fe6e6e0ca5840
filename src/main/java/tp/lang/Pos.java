package tp.lang;

/** A source position: file name as the user gave it, 1-based line and column. */
public record Pos(String file, int line, int col) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + col;
    }

    /** "line 7:15" — how a message points at a second place in the same file. */
    public String shortForm() {
        return "line " + line + ":" + col;
    }
}
