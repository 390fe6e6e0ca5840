package tp.lang;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tp.UserError;

/** Test helper: check program text, collect its errors, read the bundled reference programs. */
public final class Programs {
    private Programs() {}

    /** The reference programs copied from the shared reference folder (test resources). */
    public static final List<String> REFERENCE = List.of("mlp_relu_2", "mlp_erf_3", "resnet", "cnn1d_flatten");

    /** Checks text that must be a valid program (file name "t.tp"). */
    public static Program check(String text) {
        try {
            return Frontend.parse("t.tp", text);
        } catch (UserError e) {
            StringBuilder sb = new StringBuilder("expected a valid program, got:\n");
            for (UserError u : e.all()) sb.append(u.getMessage()).append('\n');
            return fail(sb.toString());
        }
    }

    /** Every error message ("t.tp:L:C: error: ...") of text that must not check. */
    public static List<String> errors(String text) {
        try {
            Frontend.parse("t.tp", text);
        } catch (UserError e) {
            List<String> out = new ArrayList<>();
            for (UserError u : e.all()) out.add(u.getMessage());
            return out;
        }
        return fail("expected errors, but the program checked:\n" + text);
    }

    /** Text of a bundled reference program. */
    public static String resource(String name) {
        try (InputStream in = Programs.class.getResourceAsStream("/tp/lang/" + name + ".tp")) {
            assertNotNull(in, "missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The value array {@link Fn#eval} expects, with the named variables set. */
    public static double[] values(Program p, Object... nameValuePairs) {
        double[] v = new double[p.vars().size()];
        java.util.Arrays.fill(v, Double.NaN); // a variable the expression should not read
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            v[p.var((String) nameValuePairs[i]).id()] = ((Number) nameValuePairs[i + 1]).doubleValue();
        }
        return v;
    }
}
