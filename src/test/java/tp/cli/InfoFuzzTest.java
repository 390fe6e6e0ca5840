package tp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.UserError;
import tp.lang.Frontend;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Programs;
import tp.lang.Var;

/**
 * Randomly mutated programs (seeded: deleted, duplicated, swapped and replaced tokens and lines,
 * stray characters, truncation) never crash the front end: {@code tp info} exits 0 or 2, never
 * shows a stack trace, and every error line is {@code FILE:LINE:COL: error: ...}. Mutants that
 * still check must give a well-formed {@link Program}.
 */
class InfoFuzzTest {

    /** Through the whole command line (file, picocli, printing): slower, so a few hundred. */
    private static final int CLI_MUTANTS = Integer.getInteger("tp.fuzz.cli", 300);
    /**
     * Straight into {@link Frontend#parse}: cheap, so many more; by default as many as fit in a
     * few seconds (a prefix of one seeded sequence, at least 300), exactly this many when set.
     */
    private static final int PARSE_MUTANTS = Integer.getInteger("tp.fuzz.parse", 1500);
    private static final boolean PARSE_TIMED = System.getProperty("tp.fuzz.parse") == null;
    private static final long PARSE_BUDGET_NANOS = 3_000_000_000L;
    private static final long SEED = Long.getLong("tp.fuzz.seed", 20240611L);

    private static final Pattern TOKEN = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*|\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?|\\.\\d+|:=|#[^\\n]*|\\S");

    private static final String[] VOCABULARY = {
        "program", "dim", "input", "MatIn", "VecIn", "T", "MatMul", "LinComb", "Nonlin", "Output",
        "sigma", "mean", "init", "zero", "frozen", "x", "n", "m", "pi", "relu", "leaky_relu", "log", "sqrt", "exp",
        "gelu", "step", "foo", ":=", ":", "=", "^", "*", "/", "+", "-", "(", ")", ",", ";", "\n", "#",
        "0", "1", "-1", "0.5", "2.", ".5", "1e999", "1e-400", "3000000000", "99999999999999999999", "1.5e-3",
        // words and brackets of the sugar (loops, families, sums, constants)
        "let", "for", "in", "sum", "[", "]", "{", "}", "..", "0..3", "i", "[i]", "[i+1]",
    };

    private static final String[] STRAY = {
        "@", "$", "!", "{", "}", "[", "]", "\"", "'", "\\", "\t", "\0", "\r", "\u00a0", "é", "→", "\uD83D\uDE00",
        "\u0000\u0001", "..", "::", "==", "**",
    };

    /** A program using every form, so mutations reach every rule. */
    private static final String ALL_FORMS = """
            program demo
            dim n, k
            dim m = 2 * n
            input x : 3
            input y : 2; input z : 1
            MatIn W : n x 3 sigma 1.5
            MatIn U : m x n sigma sqrt(2) frozen
            MatIn Y : n x 2
            VecIn b : n sigma 0.1 mean -0.5 init zero
            VecIn c : m frozen
            VecIn d : 1 sigma 2 mean 3
            T Ut := U^T
            MatMul g := W x
            MatMul e := Y y
            LinComb s := 0.5*(g + b) - e/2
            Nonlin h := relu(s) + leaky_relu(s, 0.1) * gelu(b) - log(1 + exp(s))
            MatMul u := U h
            Nonlin q := tanh(u) * c + u^2 / sqrt(abs(c) + 1)
            MatMul back := Ut q
            LinComb mix := 2*back - h
            MatIn R : 1 x m sigma 0.5
            MatMul o := R q
            LinComb f := o + d ;
            Output f
            """;

    /**
     * The reference programs, every form, and the program library (which may use sugar), but not
     * its real-size CNNs (cnn_*: tens of thousands of statements per mutant; their guard and if
     * forms are fuzzed by the front end's own test).
     */
    private static List<String> sources() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : Programs.REFERENCE) out.add(Programs.resource(name));
        out.add(ALL_FORMS);
        try (Stream<Path> lib = Files.list(Path.of("programs"))) {
            for (Path p : lib.filter(f -> f.toString().endsWith(".tp") && !f.getFileName().toString().startsWith("cnn_"))
                    .sorted().toList()) {
                out.add(Files.readString(p));
            }
        }
        return out;
    }

    @Test
    void mutantsThroughTpInfo(@TempDir Path dir) throws IOException {
        Random rnd = new Random(SEED);
        List<String> sources = sources();
        int ok = 0, rejected = 0;
        for (int i = 0; i < CLI_MUTANTS; i++) {
            // the first round runs the sources themselves, so that both outcomes are exercised
            String mutant = i < sources.size() ? sources.get(i) : mutate(sources.get(i % sources.size()), rnd);
            Path file = dir.resolve("m" + i + ".tp");
            Files.writeString(file, mutant);
            Cli r = Cli.info(file, "--width", "3");
            String where = "mutant " + i + " (seed " + SEED + "):\n" + mutant + "\n" + r;
            if (r.status() != 0 && r.status() != 2) fail("exit status " + r.status() + " for " + where);
            try {
                r.assertNoTrace();
            } catch (AssertionError e) {
                fail(e.getMessage() + "\n" + where);
            }
            if (i < sources.size()) assertEquals(0, r.status(), where);
            if (r.status() == 0) {
                ok++;
                assertEquals("", r.err(), where);
                assertTrue(r.out().startsWith("program "), where);
            } else {
                rejected++;
                assertEquals("", r.out(), where);
                assertTrue(!r.errLines().isEmpty(), where);
                int lines = mutant.split("\\R", -1).length;
                for (String line : r.errLines()) assertLocated(line, file.toString(), lines, where);
            }
        }
        // most mutations must break the program (else they test little)
        assertTrue(rejected > CLI_MUTANTS / 2, ok + " ok, " + rejected + " rejected");
    }

    @Test
    void manyMoreMutantsStraightIntoTheFrontEnd() throws IOException {
        Random rnd = new Random(SEED + 1);
        List<String> sources = sources();
        int ok = 0;
        long start = System.nanoTime();
        for (int i = 0; i < PARSE_MUTANTS; i++) {
            if (PARSE_TIMED && i >= 300 && System.nanoTime() - start > PARSE_BUDGET_NANOS) break;
            String mutant = mutate(sources.get(i % sources.size()), rnd);
            try {
                assertWellFormed(Frontend.parse("f.tp", mutant));
                ok++;
            } catch (UserError e) {
                int lines = mutant.split("\\R", -1).length;
                for (UserError u : e.all()) assertLocated(u.getMessage(), "f.tp", lines, mutant);
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("front end crashed on mutant " + i + " (seed " + (SEED + 1) + "):\n" + mutant, e);
            }
        }
        assertTrue(ok > 0);
    }

    /** "FILE:L:C: error: msg" with L within the file (or one past a final line), or the overflow note. */
    private static void assertLocated(String line, String file, int lines, String where) {
        if (line.matches("error: \\d+ more error\\(s\\) not shown")) return;
        Matcher m = Pattern.compile(Pattern.quote(file) + ":(\\d+):(\\d+): error: .+").matcher(line);
        if (!m.matches()) {
            assertTrue(line.startsWith(file + ": error: "), () -> "unlocated error line '" + line + "' for " + where);
            return;
        }
        int l = Integer.parseInt(m.group(1)), c = Integer.parseInt(m.group(2));
        assertTrue(l >= 1 && l <= lines && c >= 1, () -> "location out of the file: " + line + " for " + where);
    }

    /** What later stages rely on: ids in order, definitions read earlier variables, dims resolved. */
    private static void assertWellFormed(Program p) {
        assertNotNull(p.output());
        assertEquals(Kind.FINITE, p.output().kind());
        for (int i = 0; i < p.vars().size(); i++) {
            Var v = p.vars().get(i);
            assertEquals(i, v.id());
            assertNotNull(v.dim(), v.name());
            assertEquals(v.kind() == Kind.MATRIX, v.cols() != null, v.name());
            if (v.kind() != Kind.MATRIX) {
                // a moment (Netsor+) is one number per data point: dimension 1
                assertEquals(v.kind() == Kind.FINITE || v.kind() == Kind.DATA || v.kind() == Kind.SCALAR, v.dim().isFinite(), v.name());
            } else {
                assertTrue(!v.dim().isFinite() || !v.cols().isFinite(), v.name()); // at most one finite side
            }
            for (Var r : Program.reads(v)) assertTrue(r.id() < v.id(), v.name() + " reads " + r.name());
            if (!v.dim().isFinite()) assertTrue(v.dim().at(3) >= 1);
        }
    }

    // ---- mutations --------------------------------------------------------------------------

    static String mutate(String text, Random rnd) {
        int k = 1 + rnd.nextInt(3);
        for (int i = 0; i < k && !text.isEmpty(); i++) text = mutateOnce(text, rnd);
        return text;
    }

    private static String mutateOnce(String text, Random rnd) {
        List<int[]> toks = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) toks.add(new int[] {m.start(), m.end()});
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int op = rnd.nextInt(11);
        if (toks.isEmpty() && op < 5) op = 9;
        int[] t = toks.isEmpty() ? null : toks.get(rnd.nextInt(toks.size()));
        switch (op) {
            case 0: // delete a token
                return text.substring(0, t[0]) + text.substring(t[1]);
            case 1: // duplicate a token
                return text.substring(0, t[1]) + " " + text.substring(t[0], t[1]) + text.substring(t[1]);
            case 2: { // swap a token with its neighbour or with a random one
                int i = toks.indexOf(t);
                int j = rnd.nextBoolean() && i + 1 < toks.size() ? i + 1 : rnd.nextInt(toks.size());
                return swap(text, toks.get(Math.min(i, j)), toks.get(Math.max(i, j)));
            }
            case 3: // replace a token by a word of the language (or a troublesome number)
                return text.substring(0, t[0]) + VOCABULARY[rnd.nextInt(VOCABULARY.length)] + text.substring(t[1]);
            case 4: // insert a word of the language
                return text.substring(0, t[0]) + VOCABULARY[rnd.nextInt(VOCABULARY.length)] + " " + text.substring(t[0]);
            case 5: // delete a line
                lines.remove(rnd.nextInt(lines.size()));
                return String.join("\n", lines);
            case 6: { // duplicate a line
                int i = rnd.nextInt(lines.size());
                lines.add(i, lines.get(i));
                return String.join("\n", lines);
            }
            case 7: { // swap two lines
                int i = rnd.nextInt(lines.size()), j = rnd.nextInt(lines.size());
                String a = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, a);
                return String.join("\n", lines);
            }
            case 8: // truncate
                return text.substring(0, rnd.nextInt(text.length() + 1));
            case 9: { // a stray character
                int at = rnd.nextInt(text.length() + 1);
                return text.substring(0, at) + STRAY[rnd.nextInt(STRAY.length)] + text.substring(at);
            }
            default: { // a random printable character replaces one
                int at = rnd.nextInt(text.length());
                return text.substring(0, at) + (char) (32 + rnd.nextInt(95)) + text.substring(at + 1);
            }
        }
    }

    private static String swap(String text, int[] a, int[] b) {
        if (a == b) return text;
        return text.substring(0, a[0]) + text.substring(b[0], b[1]) + text.substring(a[1], b[0])
                + text.substring(a[0], a[1]) + text.substring(b[1]);
    }
}
