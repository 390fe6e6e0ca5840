package tp.infinite;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Register allocation for the cross pass: slots whose lifetimes do not overlap share one tile
 * buffer, so a plan with thousands of slots (a CNN's per-position blocks) needs buffers only for
 * the blocks alive at once. An op's outputs never share a buffer with its own inputs (buffers
 * are released after the op that last reads them is allocated).
 */
final class SlotAllocation {
    /** Buffer of each logical slot (-1: never written). */
    final int[] buffer;
    /** Number of distinct buffers. */
    final int buffers;

    private SlotAllocation(int[] buffer, int buffers) {
        this.buffer = buffer;
        this.buffers = buffers;
    }

    static SlotAllocation of(List<Op> ops, int slots, Src... roots) {
        int[] last = new int[slots];
        Arrays.fill(last, -1);
        for (int k = 0; k < ops.size(); k++) {
            for (Src s : ops.get(k).ins) if (s.kind() == Src.SLOT) last[s.index()] = k;
        }
        for (Src r : roots) if (r != null && r.kind() == Src.SLOT) last[r.index()] = Integer.MAX_VALUE;
        int[] buffer = new int[slots];
        Arrays.fill(buffer, -1);
        boolean[] released = new boolean[slots];
        ArrayDeque<Integer> free = new ArrayDeque<>();
        int count = 0;
        for (int k = 0; k < ops.size(); k++) {
            Op op = ops.get(k);
            int[] outs = op.outputs();
            for (int o : outs) buffer[o] = free.isEmpty() ? count++ : free.pop();
            for (Src s : op.ins) {
                int i = s.index();
                if (s.kind() == Src.SLOT && last[i] == k && !released[i] && buffer[i] >= 0) {
                    released[i] = true;
                    free.push(buffer[i]);
                }
            }
            for (int o : outs) {
                if (last[o] < k && !released[o]) { // written but never read
                    released[o] = true;
                    free.push(buffer[o]);
                }
            }
        }
        return new SlotAllocation(buffer, count);
    }

    /** Per-thread slot arrays: logical slot -> its (shared) buffer of {@code length} elements. */
    double[][] allocate(int length) {
        double[][] bufs = new double[buffers][];
        for (int b = 0; b < buffers; b++) bufs[b] = new double[length];
        double[][] slots = new double[buffer.length][];
        for (int i = 0; i < buffer.length; i++) if (buffer[i] >= 0) slots[i] = bufs[buffer[i]];
        return slots;
    }
}
