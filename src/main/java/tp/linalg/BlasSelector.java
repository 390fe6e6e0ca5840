package tp.linalg;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import tp.UserError;

/**
 * Makes and remembers the process-wide {@link Blas} choice. Lazy (not a holder class) so that a
 * {@link UserError} for {@code TP_BLAS=native} reaches the caller as itself, not wrapped in an
 * {@link ExceptionInInitializerError}.
 */
final class BlasSelector {
    /** What was chosen; {@code fallbackReason} is null when the choice is native. */
    record Choice(Blas blas, String fallbackReason) {}

    private static volatile Choice choice;
    private static UserError failure;

    private BlasSelector() {}

    static Blas get() {
        return choice().blas();
    }

    static Optional<String> fallbackReason() {
        return Optional.ofNullable(choice().fallbackReason());
    }

    private static Choice choice() {
        Choice c = choice;
        if (c != null) return c;
        synchronized (BlasSelector.class) {
            if (choice == null) {
                if (failure != null) throw failure;
                try {
                    choice = choose(setting(), OpenBlas::load);
                } catch (UserError e) {
                    failure = e;
                    throw e;
                }
            }
            return choice;
        }
    }

    /** {@code -Dtp.blas} if set, else {@code TP_BLAS}, else null. */
    static String setting() {
        String p = System.getProperty("tp.blas");
        if (p != null && !p.isBlank()) return p;
        return System.getenv("TP_BLAS");
    }

    /**
     * The choice for a given setting; {@code loadNative} either returns the native
     * implementation or throws (anything, including linkage errors) to say why it cannot.
     */
    static Choice choose(String setting, Supplier<Blas> loadNative) {
        String s = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "", "auto":
                try {
                    return new Choice(loadNative.get(), null);
                } catch (Throwable t) {
                    return new Choice(EjmlBlas.INSTANCE, "native OpenBLAS could not be loaded: " + describe(t));
                }
            case "ejml":
                return new Choice(EjmlBlas.INSTANCE, "forced by TP_BLAS=ejml");
            case "native":
                try {
                    return new Choice(loadNative.get(), null);
                } catch (Throwable t) {
                    throw new UserError(null, "TP_BLAS=native but native OpenBLAS could not be loaded: " + describe(t));
                }
            default:
                throw new UserError(null, "TP_BLAS (or -Dtp.blas) must be auto, native or ejml, not '" + setting + "'");
        }
    }

    /** Exception class and message, plus the root cause's, on one line. */
    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.getClass().getSimpleName());
        if (t.getMessage() != null) sb.append(": ").append(t.getMessage());
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root != t) {
            sb.append(" (caused by ").append(root.getClass().getSimpleName());
            if (root.getMessage() != null) sb.append(": ").append(root.getMessage());
            sb.append(')');
        }
        return sb.toString().replace('\n', ' ');
    }
}
