package tp.linalg;

import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Off-heap buffers for one native call, kept between calls. Reuse matters more than it seems:
 * on the reference VM, writing 128 MB into freshly allocated memory costs 90-270 ms of page
 * faults, into reused memory 17 ms; a 4000 x 4000 Gram matrix is a 0.3-0.5 s product.
 *
 * <p>One process-wide set of buffers (at most {@link #KEEP_MAX_DOUBLES} doubles in total,
 * 512 MB) is lent to one call at a time; a call that finds it busy, or needs more than the cap,
 * gets buffers of its own that are freed when it ends. Each native call already uses every core,
 * so concurrent callers are rare and need not be fast.
 */
final class NativeScratch implements AutoCloseable {
    static final long KEEP_MAX_DOUBLES = 1L << 26;
    private static final int SLOTS = 3;

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final DoublePointer[] kept = new DoublePointer[SLOTS];

    private final boolean owner;
    private final DoublePointer[] transients = new DoublePointer[SLOTS];

    private NativeScratch(boolean owner) {
        this.owner = owner;
    }

    /** Use in try-with-resources. */
    static NativeScratch acquire() {
        return new NativeScratch(LOCK.tryLock());
    }

    /** A buffer of at least {@code size} doubles for slot {@code i} (0..2), position 0. */
    DoublePointer get(int i, long size) {
        if (owner) {
            DoublePointer p = kept[i];
            if (p != null && p.capacity() >= size) return p.position(0);
            long others = 0;
            for (int j = 0; j < SLOTS; j++) if (j != i && kept[j] != null) others += kept[j].capacity();
            if (others + size <= KEEP_MAX_DOUBLES) {
                if (p != null) p.close();
                kept[i] = null;             // stays null if the allocation below fails
                kept[i] = new DoublePointer(size);
                return kept[i];
            }
        }
        if (transients[i] != null) transients[i].close();
        transients[i] = new DoublePointer(size);
        return transients[i];
    }

    @Override
    public void close() {
        for (int i = 0; i < SLOTS; i++) {
            if (transients[i] != null) transients[i].close();
            transients[i] = null;
        }
        if (owner) LOCK.unlock();
    }
}
