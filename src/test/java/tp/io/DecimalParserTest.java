package tp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CSV cell parser against the JDK: {@link Double#parseDouble} (correctly rounded, the
 * reference) gives the expected bits, and a regular expression of the documented syntax says
 * which strings are numbers at all.
 */
class DecimalParserTest {
    /** The syntax of docs/COMMANDS.md: {@code [+-](digits[.digits]|.digits)([eE][+-]digits)}. */
    private static final Pattern SYNTAX = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private static int parse(String s, double[] out) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return DecimalParser.parse(b, 0, b.length, out);
    }

    /** Bit-identical to Double.parseDouble, or OVERFLOW where the JDK gives an infinity. */
    private static void checkValue(String s, double[] out) {
        double expected = Double.parseDouble(s);
        if (Double.isInfinite(expected)) {
            assertEquals(DecimalParser.OVERFLOW, parse(s, out), s); // overflow is refused
            return;
        }
        assertEquals(DecimalParser.OK, parse(s, out), s);
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(out[0]), s);
    }

    @Test
    void valuesAreBitIdenticalToDoubleParseDouble() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] out = new double[1];
        String[] fixed = {"0", "-0", "-0.0", "+0", "9007199254740993", "9007199254740992e3", "123456789012345678901234567890",
            "0.1", "1e22", "1e23", "4.9e-324", "2e-324", "2.4703282292062328e-324", "2.4703282292062327e-324",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "0.000000000000000000001234",
            "1234567890123456789e-30", "00012.5000", "8.98846567431158e307", "1e-99999999999", "1e99999999999",
            "2.2250738585072011e-308", "2.2250738585072012e-308", "9007199254740993.0000000000000000000001",
            "1" + "0".repeat(400) + "e-400", "0." + "0".repeat(300) + "1e300", "7." + "1".repeat(5000), ".5", "5.", "-.5e+3"};
        for (String s : fixed) checkValue(s, out);
        for (int k = 0; k < 60_000; k++) {
            String s;
            switch (k % 7) {
                case 0: s = Double.toString(Double.longBitsToDouble(rnd.nextLong())); break;
                case 1: s = DoubleFormat.format(Double.longBitsToDouble(rnd.nextLong())); break; // what tp writes
                case 2: s = DoubleFormat.format(rnd.nextDouble() * 2 - 1); break;
                case 3: s = rnd.nextLong(1L << 54) + "e" + rnd.nextInt(-30, 30); break;
                case 4: s = "-0." + Long.toUnsignedString(rnd.nextLong() >>> 1) + rnd.nextInt(10) + "e" + rnd.nextInt(-340, 310); break;
                case 5: s = halfway(rnd); break;
                default: s = "0." + Long.toString(rnd.nextLong(Long.MAX_VALUE)); break;
            }
            if (s.contains("N") || s.contains("I")) continue;
            checkValue(s, out);
        }
    }

    /**
     * The exact decimal midpoint between two adjacent doubles, and its neighbours one unit in the
     * last of many digits: the cases where a parser that is not correctly rounded goes wrong.
     */
    private static String halfway(SplittableRandom rnd) {
        // mostly moderate exponents (cheap exact midpoints), sometimes any double
        double d = rnd.nextInt(8) == 0 ? Math.abs(Double.longBitsToDouble(rnd.nextLong()))
                : Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(-80, 80));
        if (!Double.isFinite(d) || d == Double.MAX_VALUE) d = 1.5;
        java.math.BigDecimal mid = new java.math.BigDecimal(d).add(new java.math.BigDecimal(Math.nextUp(d)))
                .divide(java.math.BigDecimal.valueOf(2));
        java.math.BigDecimal ulp = java.math.BigDecimal.ONE.movePointLeft(mid.scale());
        switch (rnd.nextInt(3)) {
            case 0: return mid.toString().replace("E", "e");
            case 1: return mid.add(ulp).toString().replace("E", "e");
            default: return mid.subtract(ulp).toString().replace("E", "e");
        }
    }

    /** Random strings over the characters of numbers: numbers exactly when the syntax says so. */
    @Test
    void acceptsExactlyTheDocumentedSyntax() {
        SplittableRandom rnd = new SplittableRandom(11);
        String alphabet = "0123456789011..+-eE";
        double[] out = new double[1];
        int numbers = 0;
        for (int k = 0; k < 60_000; k++) {
            int len = 1 + rnd.nextInt(8);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            String s = sb.toString();
            if (SYNTAX.matcher(s).matches()) {
                numbers++;
                checkValue(s, out);
            } else {
                assertEquals(DecimalParser.NOT_NUMBER, parse(s, out), s);
            }
        }
        assertEquals(true, numbers > 3_000, "enough valid strings drawn: " + numbers);
    }

    /** Random strings over a wide alphabet (Java's extra forms included): numbers exactly when the syntax says so. */
    @Test
    void rejectsEverythingElse() {
        SplittableRandom rnd = new SplittableRandom(12);
        String alphabet = "0123456789..+-eExXpPdDfF_ \t\r\f\u000b\u0000aAnNiI,\u00e9\u0661";
        double[] out = new double[1];
        for (int k = 0; k < 40_000; k++) {
            int len = 1 + rnd.nextInt(7);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            if (rnd.nextInt(4) == 0) sb.insert(0, "0x"); // hexadecimal prefixes
            String s = sb.toString();
            if (SYNTAX.matcher(s).matches()) {
                checkValue(s, out);
            } else {
                int code = parse(s, out);
                boolean word = s.replaceFirst("^[+-]", "").toLowerCase(java.util.Locale.ROOT).matches("nan|inf|infinity");
                assertEquals(word ? DecimalParser.NON_FINITE_WORD : DecimalParser.NOT_NUMBER, code, "'" + s + "'");
            }
        }
    }

    /** Java's wider syntax, which the library behind the parser reads, is not ours. */
    @Test
    void rejectsJavaOnlyForms() {
        double[] out = new double[1];
        for (String s : new String[] {"0x10", "0x1p3", "1d", "1f", "1.5D", " 1", "1 ", "1_000", "1,5", "", "+", "-", ".",
            "e5", "1e", "1e+", "--1", "+-1", "1..2", "1.5.2", "1e5e5", "1e5.5", "١", "１"}) {
            assertEquals(DecimalParser.NOT_NUMBER, parse(s, out), "'" + s + "'");
        }
        for (String s : new String[] {"NaN", "nan", "-nan", "inf", "+Inf", "-INFINITY", "Infinity"}) {
            assertEquals(DecimalParser.NON_FINITE_WORD, parse(s, out), s);
        }
        for (String s : new String[] {"Nan1", "infinite", "NaNa"}) assertEquals(DecimalParser.NOT_NUMBER, parse(s, out), s);
    }
}
