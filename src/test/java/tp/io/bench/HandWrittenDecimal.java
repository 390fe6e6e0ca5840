package tp.io.bench;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The CSV reader's former hand-written decimal parser (a scan that accumulates the mantissa, an
 * exact fast path, Eisel-Lemire transcribed from Go's strconv, Double.parseDouble beyond), kept
 * only as {@link DecimalParseBench}'s baseline after ch.randelshofer:fastdoubleparser replaced it
 * in tp.io.DecimalParser (issue 13).
 */
final class HandWrittenDecimal {
    private HandWrittenDecimal() {}

    /** The removed {@code CsvReader.parse}: 0 on success, 1 not a number, 2 NaN/inf word, 3 overflow. */
    static int parse(byte[] b, int s, int e, double[] out) {
        int i = s;
        boolean neg = false;
        if (i < e && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        if (i < e && ((b[i] >= 'a' && b[i] <= 'z') || (b[i] >= 'A' && b[i] <= 'Z'))) return 1; // (words: not timed)
        long mant = 0;
        int sigDigits = 0, exp = 0, digits = 0;
        boolean exact = true;
        for (; i < e && b[i] >= '0' && b[i] <= '9'; i++, digits++) {
            if (mant == 0 && b[i] == '0') continue;
            if (sigDigits < 19) {
                mant = mant * 10 + (b[i] - '0');
                sigDigits++;
            } else {
                exp++;
                if (b[i] != '0') exact = false;
            }
        }
        if (i < e && b[i] == '.') {
            for (i++; i < e && b[i] >= '0' && b[i] <= '9'; i++, digits++) {
                if (mant == 0 && b[i] == '0') {
                    exp--;
                    continue;
                }
                if (sigDigits < 19) {
                    mant = mant * 10 + (b[i] - '0');
                    sigDigits++;
                    exp--;
                } else if (b[i] != '0') {
                    exact = false;
                }
            }
        }
        if (digits == 0) return 1;
        if (i < e && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < e && (b[i] == '+' || b[i] == '-')) {
                eneg = b[i] == '-';
                i++;
            }
            if (i == e) return 1;
            int ev = 0;
            for (; i < e && b[i] >= '0' && b[i] <= '9'; i++) {
                if (ev < 100_000) ev = ev * 10 + (b[i] - '0');
            }
            exp += eneg ? -ev : ev;
        }
        if (i != e) return 1;
        double v;
        if (mant == 0) {
            v = 0.0;
        } else if (exact && mant > 0 && mant <= (1L << 53) && exp >= -22 && exp <= 22) {
            v = exp >= 0 ? mant * POW10[exp] : mant / POW10[-exp];
        } else if (exact && !Double.isNaN(v = convert(mant, exp))) {
            // Eisel-Lemire decided
        } else {
            v = Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
            if (Double.isInfinite(v)) return 3;
            neg = false;
        }
        out[0] = neg ? -v : v;
        return 0;
    }

    private static final double[] POW10 = new double[23];
    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) POW10[i] = POW10[i - 1] * 10;
    }

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
    private static double convert(long man, int exp10) {
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
