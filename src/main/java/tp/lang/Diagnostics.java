package tp.lang;

import java.util.ArrayList;
import java.util.List;
import tp.UserError;

/**
 * The one place where errors found in a program are collected. Every pass reports through it;
 * the caller ends the pass with {@link #throwIfAny()}, which throws one {@link UserError}
 * carrying all of them (at most {@link #LIMIT}, so a garbled file does not flood the terminal).
 */
public final class Diagnostics {
    public static final int LIMIT = 20;
    private final List<UserError> errors = new ArrayList<>();
    private int dropped;

    public void error(Pos pos, String message) {
        if (errors.size() >= LIMIT) {
            dropped++;
            return;
        }
        errors.add(UserError.at(pos.file(), pos.line(), pos.col(), message));
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public int count() {
        return errors.size() + dropped;
    }

    public void throwIfAny() {
        if (errors.isEmpty()) return;
        List<UserError> all = new ArrayList<>(errors);
        if (dropped > 0) all.add(new UserError(null, dropped + " more error(s) not shown"));
        throw new UserError(all);
    }
}
