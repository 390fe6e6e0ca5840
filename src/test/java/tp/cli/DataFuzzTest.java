package tp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.io.AtomicFile;
import tp.io.MatrixWriter;

/**
 * Randomly mutated data files (CSV and .npy; seeded: bytes, cells, lines and headers deleted,
 * duplicated, replaced, truncated; troublesome numbers such as 1e308, 1e-320, NaN spellings; .npy
 * headers, shapes and raw data bits) fed to {@code tp kernel} and {@code tp predict} through the
 * command line in-process (issue 13). Every run must exit 0 or 2, never show a stack trace or an
 * internal error, write only finite numbers (to standard output or an {@code --out} file), and,
 * when it fails, write no output file and leave no temporary file; error lines about the data
 * file are located {@code FILE:ROW: error:} (ROW within the file) or {@code FILE: error:}.
 *
 * <p>{@code mvn test} runs {@value #QUICK} mutants; {@code mvn test -Pslow} adds {@value #MANY}
 * more ({@code -Dtp.fuzz.data=N} sets that number, {@code -Dtp.fuzz.seed=S} the seed).
 */
class DataFuzzTest {
    static final int QUICK = 150;
    static final int MANY = 1000;
    private static final long SEED = Long.getLong("tp.fuzz.seed", 20240613L);

    @TempDir Path dir;

    private static final String[] PROGRAMS = {"programs/mlp_relu_2.tp", "programs/mlp_erf_3.tp"};

    private static final String[] CELLS = {
        "0", "-0", "1", "-1", "0.5", "1e308", "-1e308", "1.7976931348623157e308", "1e-320", "4.9e-324", "1e400",
        "-1e-400", "nan", "NaN", "inf", "-Infinity", "1.5.2", "1e", "", " ", "x", "\"1\"", "0x10", "1d", "1,2",
        "99999999999999999999999999", "0.30000000000000004", "1e22", "-.5", "5.", "+3", "--3", "é", "\u0000", "\t7",
        "123456789012345678901234567890e-300",
    };

    private static final String[] INSERTS = {",", "\n", "\r\n", "\r", ".", "e", "-", "+", " ", "\t", "#", "\"", "\0",
        "\u00ff", "\uFEFF", "a", "nan", ",,", "\n\n", "1e999"};

    // ---- seeds ---------------------------------------------------------------------------------

    private static String csvSeed(Random rnd) {
        int rows = 2 + rnd.nextInt(4);
        StringBuilder sb = new StringBuilder();
        switch (rnd.nextInt(4)) {
            case 0: sb.append("a,b,c,d\n"); break;
            case 1: sb.append(",x1,x2,x3\n"); break; // pandas-like header with an empty first name
            default: break;
        }
        String eol = rnd.nextInt(5) == 0 ? "\r\n" : "\n";
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 4; j++) {
                if (j > 0) sb.append(rnd.nextBoolean() ? "," : ", ");
                sb.append(rnd.nextInt(3) == 0 ? Double.toString(rnd.nextGaussian())
                        : tp.io.DoubleFormat.format(rnd.nextGaussian()));
            }
            sb.append(eol);
        }
        return sb.toString();
    }

    private static byte[] npySeed(Random rnd) throws IOException {
        int rows = 2 + rnd.nextInt(4);
        DMatrixRMaj m = new DMatrixRMaj(rows, 4);
        for (int k = 0; k < m.data.length; k++) m.data[k] = rnd.nextGaussian();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MatrixWriter.writeNpy(m, out);
        byte[] b = out.toByteArray();
        if (rnd.nextInt(3) == 0) { // float32 or int32 instead: same header length, narrower data
            String h = new String(b, 10, b.length - 10, StandardCharsets.ISO_8859_1);
            boolean f4 = rnd.nextBoolean();
            int hl = (b[8] & 0xff) | (b[9] & 0xff) << 8;
            String header = new String(b, 10, hl, StandardCharsets.ISO_8859_1).replace("<f8", f4 ? "<f4" : "<i4");
            ByteBuffer data = ByteBuffer.allocate(4 * m.data.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : m.data) {
                if (f4) data.putFloat((float) v);
                else data.putInt((int) Math.round(3 * v));
            }
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(b, 0, 10);
            o.write(header.getBytes(StandardCharsets.ISO_8859_1));
            o.write(data.array());
            return h.isEmpty() ? b : o.toByteArray();
        }
        return b;
    }

    // ---- mutations -----------------------------------------------------------------------------

    static String mutateCsv(String text, Random rnd) {
        int k = 1 + rnd.nextInt(3);
        for (int i = 0; i < k; i++) text = mutateCsvOnce(text, rnd);
        return text;
    }

    private static String mutateCsvOnce(String text, Random rnd) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int li = rnd.nextInt(lines.size());
        switch (rnd.nextInt(9)) {
            case 0: { // replace a cell by a troublesome value
                List<String> cells = new ArrayList<>(Arrays.asList(lines.get(li).split(",", -1)));
                cells.set(rnd.nextInt(cells.size()), CELLS[rnd.nextInt(CELLS.length)]);
                lines.set(li, String.join(",", cells));
                return String.join("\n", lines);
            }
            case 1: { // delete or add a cell
                List<String> cells = new ArrayList<>(Arrays.asList(lines.get(li).split(",", -1)));
                if (rnd.nextBoolean() && cells.size() > 1) cells.remove(rnd.nextInt(cells.size()));
                else cells.add(rnd.nextInt(cells.size() + 1), CELLS[rnd.nextInt(CELLS.length)]);
                lines.set(li, String.join(",", cells));
                return String.join("\n", lines);
            }
            case 2: // delete a line
                lines.remove(li);
                return String.join("\n", lines);
            case 3: // duplicate a line
                lines.add(li, lines.get(li));
                return String.join("\n", lines);
            case 4: // a header line of names, or of a typo
                lines.add(0, rnd.nextBoolean() ? "x,y,z,w" : "1.5.2");
                return String.join("\n", lines);
            case 5: // truncate
                return text.substring(0, rnd.nextInt(text.length() + 1));
            case 6: { // insert a troublesome piece
                int at = rnd.nextInt(text.length() + 1);
                return text.substring(0, at) + INSERTS[rnd.nextInt(INSERTS.length)] + text.substring(at);
            }
            case 7: { // delete a character
                if (text.isEmpty()) return text;
                int at = rnd.nextInt(text.length());
                return text.substring(0, at) + text.substring(at + 1);
            }
            default: { // a random printable character replaces one
                if (text.isEmpty()) return text;
                int at = rnd.nextInt(text.length());
                return text.substring(0, at) + (char) (32 + rnd.nextInt(95)) + text.substring(at + 1);
            }
        }
    }

    static byte[] mutateNpy(byte[] b, Random rnd) {
        int k = 1 + rnd.nextInt(2);
        for (int i = 0; i < k; i++) b = mutateNpyOnce(b, rnd);
        return b;
    }

    private static byte[] mutateNpyOnce(byte[] b, Random rnd) {
        int headerEnd = Math.min(b.length, 10 + ((b.length > 9 ? (b[8] & 0xff) | (b[9] & 0xff) << 8 : 0)));
        switch (rnd.nextInt(7)) {
            case 0: { // a header byte
                if (headerEnd == 0) return b;
                byte[] c = b.clone();
                c[rnd.nextInt(headerEnd)] = (byte) " ()',:{}0123456789<>fiTF\n".charAt(rnd.nextInt(25));
                return c;
            }
            case 1: { // a shape digit
                String h = new String(b, StandardCharsets.ISO_8859_1);
                Matcher m = Pattern.compile("\\((\\d+), (\\d+)\\)").matcher(h);
                if (!m.find()) return b;
                String[] shapes = {"(0, 4)", "(2, 0)", "(3,)", "(2, 4, 1)", "()", "(99999999999, 4)", "(2, 2)", "(1, 4)",
                    "(" + (Integer.parseInt(m.group(1)) + 1) + ", 4)"};
                return (h.substring(0, m.start()) + shapes[rnd.nextInt(shapes.length)] + h.substring(m.end()))
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
            case 2: { // raw data: special bit patterns
                if (b.length <= headerEnd + 8) return b;
                byte[] c = b.clone();
                int at = headerEnd + rnd.nextInt(b.length - headerEnd - 7);
                long[] bits = {Double.doubleToRawLongBits(Double.NaN), Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
                    Double.doubleToRawLongBits(1e308), Double.doubleToRawLongBits(Double.MIN_VALUE), 0x7ff0000000000001L,
                    Double.doubleToRawLongBits(-0.0), rnd.nextLong()};
                ByteBuffer.wrap(c, at, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(bits[rnd.nextInt(bits.length)]);
                return c;
            }
            case 3: // truncate
                return Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            case 4: { // append bytes
                byte[] c = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(16));
                for (int i = b.length; i < c.length; i++) c[i] = (byte) rnd.nextInt(256);
                return c;
            }
            case 5: { // flip a random bit anywhere
                if (b.length == 0) return b;
                byte[] c = b.clone();
                c[rnd.nextInt(c.length)] ^= (byte) (1 << rnd.nextInt(8));
                return c;
            }
            default: { // header length or version bytes
                if (b.length < 10) return b;
                byte[] c = b.clone();
                c[6 + rnd.nextInt(4)] = (byte) rnd.nextInt(256);
                return c;
            }
        }
    }

    // ---- runs ----------------------------------------------------------------------------------

    private static final Pattern LOCATED = Pattern.compile("(.*?):(\\d+): error: .+");

    private void run(int count, long seed) throws IOException {
        Random rnd = new Random(seed);
        Path good = dir.resolve("good.csv");
        Files.writeString(good, "0.1,0.2,0.3,0.4\n-0.5,0.6,0.7,-0.8\n1,0,0,1\n");
        Path targets = dir.resolve("targets.csv");
        Files.writeString(targets, "1\n-1\n0.5\n");
        int ok = 0, rejected = 0;
        for (int i = 0; i < count; i++) {
            boolean npy = rnd.nextInt(3) == 0;
            Path data = dir.resolve("m" + i + (npy ? ".npy" : ".csv"));
            byte[] bytes;
            if (npy) bytes = mutateNpy(npySeed(rnd), rnd);
            else bytes = mutateCsv(csvSeed(rnd), rnd).getBytes(StandardCharsets.UTF_8);
            Files.write(data, bytes);
            String prog = PROGRAMS[rnd.nextInt(PROGRAMS.length)];
            String kind = rnd.nextBoolean() ? "nngp" : "ntk";
            Path out = switch (rnd.nextInt(3)) {
                case 0 -> dir.resolve("out" + i + ".csv");
                case 1 -> dir.resolve("out" + i + ".npy");
                default -> null;
            };
            List<String> args = new ArrayList<>();
            switch (rnd.nextInt(4)) {
                case 0, 1 -> args.addAll(List.of("kernel", prog, "--x1", data.toString(), "--kind", kind));
                case 2 -> args.addAll(List.of("kernel", prog, "--x1", good.toString(), "--x2", data.toString(), "--kind", kind));
                default -> {
                    // the mutant as train points (targets follow its row count when they can), or as test points
                    boolean asTrain = rnd.nextBoolean();
                    args.addAll(List.of("predict", prog, "--train", (asTrain ? data : good).toString(), "--targets",
                            asTrain ? targetsFor(bytes, npy, rnd).toString() : targets.toString(), "--test",
                            (asTrain ? good : data).toString(), "--kind", kind, "--reg", "1e-6"));
                }
            }
            if (out != null) args.addAll(List.of("--out", out.toString()));
            Cli r = Cli.run(args.toArray(String[]::new));
            String where = "mutant " + i + " (seed " + seed + "): " + String.join(" ", args) + "\n"
                    + (npy ? "(binary .npy)" : new String(bytes, StandardCharsets.UTF_8)) + "\n" + r;
            if (r.status() != 0 && r.status() != 2) fail("exit status " + r.status() + " for " + where);
            try {
                r.assertNoTrace();
            } catch (AssertionError e) {
                fail(e.getMessage() + "\n" + where);
            }
            if (r.status() == 0) {
                ok++;
                assertAllFinite(out == null ? r.out().getBytes(StandardCharsets.US_ASCII) : Files.readAllBytes(out),
                        out != null && out.toString().endsWith(".npy"), where);
            } else {
                rejected++;
                assertEquals("", r.out(), where);
                if (out != null) assertTrue(!Files.exists(out), "an output file after a failure: " + where);
                assertTrue(!r.errLines().isEmpty(), where);
                for (String line : r.errLines()) assertLocated(line, data.toString(), bytes, npy, where);
            }
            Files.deleteIfExists(data);
            if (out != null) Files.deleteIfExists(out);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(AtomicFile::isTemporaryName).toList());
        }
        System.out.printf("DataFuzzTest: %d mutants (seed %d): %d ran, %d rejected%n", count, seed, ok, rejected);
        // both outcomes must occur often, else the mutations test little
        assertTrue(ok > count / 10 && rejected > count / 4, ok + " ok, " + rejected + " rejected");
    }

    /** Targets with as many rows as the mutant has lines (a guess; a wrong count is a fine user error too). */
    private Path targetsFor(byte[] bytes, boolean npy, Random rnd) throws IOException {
        int rows = npy ? 2 + rnd.nextInt(4) : (int) new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.max(1, rows); i++) sb.append(rnd.nextGaussian()).append('\n');
        Path t = dir.resolve("t.csv");
        Files.writeString(t, sb);
        return t;
    }

    /** Every number written parses as a finite double; CSV text has no NaN/Infinity words. */
    private static void assertAllFinite(byte[] written, boolean npy, String where) {
        if (npy) {
            int hl = (written[8] & 0xff) | (written[9] & 0xff) << 8;
            ByteBuffer data = ByteBuffer.wrap(written, 10 + hl, written.length - 10 - hl).order(ByteOrder.LITTLE_ENDIAN);
            assertTrue(data.remaining() > 0 && data.remaining() % 8 == 0, where);
            while (data.hasRemaining()) {
                double v = data.getDouble();
                assertTrue(Double.isFinite(v), () -> "non-finite " + v + " written: " + where);
            }
            return;
        }
        String text = new String(written, StandardCharsets.US_ASCII);
        assertTrue(!text.isEmpty(), where);
        for (String line : text.split("\n")) {
            for (String cell : line.split(",")) {
                double v = Double.parseDouble(cell);
                assertTrue(Double.isFinite(v), () -> "non-finite " + cell + " written: " + where);
            }
        }
    }

    /** Lines about the mutant are FILE: error: or FILE:ROW: error: with ROW inside the file. */
    private static void assertLocated(String line, String file, byte[] bytes, boolean npy, String where) {
        if (!line.startsWith(file + ":")) {
            assertTrue(line.startsWith("tp: error: ") || line.matches("\\S+(:\\d+)?: error: .+"),
                    () -> "malformed error line '" + line + "': " + where);
            return;
        }
        if (line.startsWith(file + ": error: ")) return;
        Matcher m = LOCATED.matcher(line);
        assertTrue(m.matches() && m.group(1).equals(file), () -> "malformed error line '" + line + "': " + where);
        int row = Integer.parseInt(m.group(2));
        int limit = npy ? Integer.MAX_VALUE : new String(bytes, StandardCharsets.UTF_8).split("\n", -1).length;
        assertTrue(row >= 1 && row <= limit, () -> "row " + row + " outside the file: " + where);
    }

    @Test
    void mutatedDataFilesThroughKernelAndPredict() throws IOException {
        run(QUICK, SEED);
    }

    @Test
    @Tag("slow")
    void manyMoreMutatedDataFiles() throws IOException {
        run(Integer.getInteger("tp.fuzz.data", MANY), SEED + 1);
    }
}
