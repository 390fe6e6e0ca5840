package tp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DoubleFormatTest {

    /** 5251 values printed by Python's '%.17g' (gen_g17.py): every digit must agree. */
    @Test
    void matchesPythonPercent17g() throws Exception {
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("g17.txt"), StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; n++) {
                int sp = line.indexOf(' ');
                double x = Double.longBitsToDouble(Long.parseUnsignedLong(line.substring(0, sp), 16));
                assertEquals(line.substring(sp + 1), DoubleFormat.format(x), line.substring(0, sp));
            }
        }
        assertEquals(5251, n);
    }

    @Test
    void knownValues() {
        assertEquals("0.10000000000000001", DoubleFormat.format(0.1));
        assertEquals("-0", DoubleFormat.format(-0.0));
        assertEquals("1000000000000000.2", DoubleFormat.format(1e15 + 0.25)); // tie, half-even
        assertEquals("1e+17", DoubleFormat.format(1e17));
        assertEquals("0.0001", DoubleFormat.format(1e-4));
        assertEquals("1.0000000000000001e-05", DoubleFormat.format(1e-5));
    }

    /** Random bit patterns over the whole finite range parse back to the identical bits. */
    @Test
    void roundTripsExactly() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 0; k < 30_000; k++) {
            double x = Double.longBitsToDouble(rnd.nextLong());
            if (!Double.isFinite(x)) continue;
            assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(Double.parseDouble(DoubleFormat.format(x))));
        }
        for (int k = 0; k < 20_000; k++) { // subnormals
            double x = Double.longBitsToDouble(rnd.nextLong() & 0x800fffffffffffffL);
            assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(Double.parseDouble(DoubleFormat.format(x))));
        }
    }

    /** The 128-bit fast path against BigDecimal's exact rounding, where kernels live (1e-12..1e17). */
    @Test
    void digitsAgreeWithBigDecimal() {
        SplittableRandom rnd = new SplittableRandom(11);
        MathContext mc = new MathContext(17, RoundingMode.HALF_EVEN);
        for (int k = 0; k < 100_000; k++) {
            double x = rnd.nextDouble() * Math.pow(10, rnd.nextInt(-12, 17));
            String expected = new BigDecimal(x).round(mc).unscaledValue().toString().replaceAll("0+$", "");
            String got = DoubleFormat.format(x).replaceAll("e.*$", "").replace(".", "").replaceAll("^0+", "").replaceAll("0+$", "");
            assertEquals(expected, got, Double.toString(x));
        }
    }
}
