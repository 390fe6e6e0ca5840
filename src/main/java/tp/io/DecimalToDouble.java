package tp.io;

import java.math.BigInteger;

/**
 * Correctly rounded decimal-to-double conversion for the common case, without building a
 * String: the Eisel-Lemire algorithm (D. Lemire, "Number Parsing at a Gigabyte per Second",
 * 2021; transcribed from Go's strconv/eisel_lemire.go). Full-precision CSV cells carry 17
 * significant digits, beyond the exact 2^53 mantissa fast path, and Double.parseDouble costs
 * several hundred nanoseconds each, which made a 4000 x 784 file take over a second.
 */
final class DecimalToDouble {
    private DecimalToDouble() {}

    private static final int MIN_EXP10 = -348, MAX_EXP10 = 347;
    /** 10^e as a 128-bit mantissa with the top bit set, rounded down: HI and LO 64-bit halves. */
    private static final long[] HI = new long[MAX_EXP10 - MIN_EXP10 + 1];
    private static final long[] LO = new long[HI.length];
    static {
        for (int e = MIN_EXP10; e <= MAX_EXP10; e++) {
            BigInteger p = BigInteger.TEN.pow(Math.abs(e));
            int bl = p.bitLength();
            BigInteger m;
            if (e >= 0) m = bl > 128 ? p.shiftRight(bl - 128) : p.shiftLeft(128 - bl);
            else m = BigInteger.ONE.shiftLeft(bl + 127).divide(p); // in (2^127, 2^128)
            HI[e - MIN_EXP10] = m.shiftRight(64).longValue();
            LO[e - MIN_EXP10] = m.longValue();
        }
    }

    /**
     * man * 10^exp10 correctly rounded, for a nonzero man read as an UNSIGNED 64-bit integer;
     * NaN when the algorithm cannot decide (halfway ambiguity, subnormal or overflowing result),
     * in which case the caller must fall back to a slow exact method.
     */
    static double convert(long man, int exp10) {
        if (man == 0 || exp10 < MIN_EXP10 || exp10 > MAX_EXP10) return Double.NaN;
        int clz = Long.numberOfLeadingZeros(man);
        man <<= clz;
        long retExp2 = ((217706L * exp10) >> 16) + 64 + 1023 - clz;
        long pHi = HI[exp10 - MIN_EXP10], pLo = LO[exp10 - MIN_EXP10];
        long xHi = unsignedMultiplyHigh(man, pHi), xLo = man * pHi;
        if ((xHi & 0x1FF) == 0x1FF && Long.compareUnsigned(xLo + man, man) < 0) {
            long yHi = unsignedMultiplyHigh(man, pLo), yLo = man * pLo;
            long mergedHi = xHi, mergedLo = xLo + yHi;
            if (Long.compareUnsigned(mergedLo, xLo) < 0) mergedHi++;
            if ((mergedHi & 0x1FF) == 0x1FF && mergedLo + 1 == 0 && Long.compareUnsigned(yLo + man, man) < 0) {
                return Double.NaN;
            }
            xHi = mergedHi;
            xLo = mergedLo;
        }
        long msb = xHi >>> 63;
        long retMantissa = xHi >>> (int) (msb + 9);
        retExp2 -= 1 ^ msb;
        if (xLo == 0 && (xHi & 0x1FF) == 0 && (retMantissa & 3) == 1) return Double.NaN;
        retMantissa += retMantissa & 1;
        retMantissa >>>= 1;
        if ((retMantissa >>> 53) > 0) {
            retMantissa >>>= 1;
            retExp2 += 1;
        }
        if (Long.compareUnsigned(retExp2 - 1, 0x7FF - 1) >= 0) return Double.NaN;
        return Double.longBitsToDouble(retExp2 << 52 | retMantissa & 0x000FFFFFFFFFFFFFL);
    }

    /** Java 17 has only the signed Math.multiplyHigh; correct it for unsigned operands. */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
