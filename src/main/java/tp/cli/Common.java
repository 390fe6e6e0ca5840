package tp.cli;

import java.nio.file.Path;
import tp.UserError;

/** Small helpers the subcommands share. */
final class Common {
    private Common() {}

    /** For commands whose stage is not built yet: a clear message and exit status 2. */
    static UserError notBuilt(String command) {
        return new UserError(null, "'tp " + command + "' is not available in this build yet");
    }

    static void requirePositive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UserError(null, option + " must be a positive number, got " + value);
        }
    }

    static String show(Path p) {
        return p == null ? "-" : p.toString();
    }
}
