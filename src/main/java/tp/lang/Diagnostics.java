package tp.lang;

import java.util.ArrayList;
import java.util.List;
import tp.UserError;

/**
 * The one place where errors found in a program are collected. Every pass reports through it;
 * the caller ends the pass with {@link #throwIfAny()}, which throws one {@link UserError}
 * carrying all of them (at most {@link #LIMIT}, so a garbled file does not flood the terminal).
 *
 * <p>By default errors are kept in the order reported. A {@link #sorted()} collection, for
 * passes whose errors come from several sources (syntax errors and the syntax-tree builder's),
 * keeps the {@link #LIMIT} errors that come first in the file, in file order, in bounded memory.
 */
public final class Diagnostics {
    public static final int LIMIT = 20;

    private record Entry(Pos pos, UserError error) {}

    private final List<Entry> errors = new ArrayList<>();
    private final boolean sorted;
    private int dropped;

    public Diagnostics() {
        this(false);
    }

    private Diagnostics(boolean sorted) {
        this.sorted = sorted;
    }

    /** A collection that reports its errors sorted by position (line, then column). */
    public static Diagnostics sorted() {
        return new Diagnostics(true);
    }

    public void error(Pos pos, String message) {
        Entry e = new Entry(pos, UserError.at(pos.file(), pos.line(), pos.col(), message));
        if (!sorted) {
            if (errors.size() >= LIMIT) dropped++;
            else errors.add(e);
            return;
        }
        // insert after every error at or before this position (stable for equal positions)
        int at = errors.size();
        while (at > 0 && before(pos, errors.get(at - 1).pos)) at--;
        if (at >= LIMIT) {
            dropped++;
            return;
        }
        errors.add(at, e);
        if (errors.size() > LIMIT) {
            errors.remove(errors.size() - 1);
            dropped++;
        }
    }

    private static boolean before(Pos a, Pos b) {
        return a.line() < b.line() || (a.line() == b.line() && a.col() < b.col());
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public int count() {
        return errors.size() + dropped;
    }

    public void throwIfAny() {
        if (errors.isEmpty()) return;
        List<UserError> all = new ArrayList<>();
        for (Entry e : errors) all.add(e.error);
        if (dropped > 0) all.add(new UserError(null, dropped + " more error(s) not shown"));
        throw new UserError(all);
    }
}
