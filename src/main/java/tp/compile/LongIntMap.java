package tp.compile;

import java.util.Arrays;

/**
 * An open-addressing map from long keys (usually a pair of variable ids, see {@link #pair}) to
 * non-negative ints, without boxing: the planner keeps millions of pair entries for
 * large convolutions, where a {@code HashMap<Long, ...>} would cost ~60 bytes an entry.
 * {@link #get} returns -1 for a missing key. Not thread-safe.
 */
public final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    public LongIntMap() {
        this(16);
    }

    public LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        Arrays.fill(keys, EMPTY);
        mask = cap - 1;
    }

    /** The key of an ordered pair of ints (ids are non-negative). */
    public static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    /** The key of a pair, ordered (a, b) or, when {@code unordered} (one point: K(a, b) = K(b, a)), smaller id first. */
    public static long pair(int a, int b, boolean unordered) {
        return unordered && a > b ? pair(b, a) : pair(a, b);
    }

    public static int first(long pair) {
        return (int) (pair >>> 32);
    }

    public static int second(long pair) {
        return (int) pair;
    }

    public int size() {
        return size;
    }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    private int slot(long key) {
        int i = hash(key) & mask;
        while (keys[i] != EMPTY && keys[i] != key) i = (i + 1) & mask;
        return i;
    }

    /** The value of key, or -1. */
    public int get(long key) {
        return keys[slot(key)] == key ? values[slot(key)] : -1;
    }

    public boolean contains(long key) {
        return keys[slot(key)] == key;
    }

    /** Sets key to value (value &gt;= 0). */
    public void put(long key, int value) {
        if (key == EMPTY) throw new IllegalArgumentException("reserved key");
        int i = slot(key);
        if (keys[i] != key) {
            keys[i] = key;
            if (++size * 2 > keys.length) {
                grow();
                i = slot(key);
            }
        }
        values[i] = value;
    }

    /** Adds key with value {@link #size()} before the call if it is new; returns true when it was. */
    public boolean add(long key) {
        int i = slot(key);
        if (keys[i] == key) return false;
        put(key, size);
        return true;
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[ok.length * 2];
        values = new int[ok.length * 2];
        Arrays.fill(keys, EMPTY);
        mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] != EMPTY) {
                int i = slot(ok[j]);
                keys[i] = ok[j];
                values[i] = ov[j];
            }
        }
    }
}
