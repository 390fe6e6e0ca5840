package tp.infinite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pass over the cross-pass ops: a run of terms that several sums share is computed once, into
 * a slot of its own, and each sum adds that slot instead. Convolutions are what this is for:
 * the 25 taps of a 5x5 filter at position (i, j) and at (i + 1, j) share four of their five rows,
 * so each sum's 25 terms become 5 partial sums of 5 (one per row, each shared by up to 5 sums)
 * plus 5 additions: 10 term passes per position instead of 25, found without knowing any
 * geometry. A run is a stretch of terms with one coefficient and a varying first factor, cut
 * into chunks of about its square root; a chunk becomes a partial sum when it occurs in enough
 * sums, with the same factors in the same order, to pay for its slot ({@link #worthIt}). Only
 * the order of additions changes (28x28 CNN NTK: 1.7e-16 relative).
 */
final class SharedPartialSums {
    private SharedPartialSums() {}

    /** One chunk: its coefficients and factor pairs (a0, b0, a1, b1, ...), compared by value. */
    private record Chunk(double[] coefs, Src[] ins) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Chunk c && Arrays.equals(coefs, c.coefs) && Arrays.equals(ins, c.ins);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(coefs) + Arrays.hashCode(ins);
        }
    }

    /**
     * The ops with shared chunks factored out (each partial sum placed just before its first
     * user); {@code newSlot} makes a slot with the given name for a partial sum.
     */
    static List<Op> apply(List<Op> ops, Function<String, Integer> newSlot) {
        List<List<Piece>> pieces = new ArrayList<>(ops.size()); // each sum's chunks, found once
        Map<Chunk, Integer> uses = new HashMap<>();
        for (Op op : ops) {
            List<Piece> ps = op instanceof SumProdOp s ? pieces(s) : List.of();
            for (Piece p : ps) uses.merge(p.chunk(), 1, Integer::sum);
            pieces.add(ps);
        }
        Map<Chunk, Integer> slotOf = new HashMap<>();
        List<Op> out = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            List<Piece> shared = new ArrayList<>();
            for (Piece p : pieces.get(i)) if (worthIt(p.length(), uses.get(p.chunk()))) shared.add(p);
            if (shared.isEmpty()) {
                out.add(op);
                continue;
            }
            SumProdOp s = (SumProdOp) op;
            int terms = s.coefs.length;
            boolean[] replaced = new boolean[terms];
            List<Double> coefs = new ArrayList<>();
            List<Src> ins = new ArrayList<>();
            for (Piece p : shared) {
                Integer slot = slotOf.get(p.chunk());
                if (slot == null) {
                    slot = newSlot.apply(s.what);
                    slotOf.put(p.chunk(), slot);
                    out.add(new SumProdOp(slot, p.chunk().coefs(), p.chunk().ins(), s.what));
                }
                for (int k = p.first(); k < p.first() + p.length(); k++) replaced[k] = true;
                coefs.add(1.0);
                ins.add(Src.slot(slot));
                ins.add(Src.ONE);
            }
            for (int k = 0; k < terms; k++) {
                if (replaced[k]) continue;
                coefs.add(s.coefs[k]);
                ins.add(s.ins[2 * k]);
                ins.add(s.ins[2 * k + 1]);
            }
            double[] cs = new double[coefs.size()];
            for (int k = 0; k < cs.length; k++) cs[k] = coefs.get(k);
            out.add(new SumProdOp(s.outs[0], cs, ins.toArray(new Src[0]), s.what));
        }
        return out;
    }

    /**
     * A chunk of {@code size} terms used by {@code uses} sums is worth its own slot when the term
     * passes it saves, (uses - 1) size, are at least twice what it adds: one pass writing the slot
     * and one reading it per use. 5-term rows of a 5x5 filter shared by 3 to 5 positions are; the
     * 3-term ones shared by two positions are not (measured: the GAP CNN got slower with them).
     */
    static boolean worthIt(int size, int uses) {
        return uses >= 2 && (uses - 1) * size >= 2 * (uses + 1);
    }

    /** A chunk at its place in one sum: terms first..first+length-1. */
    private record Piece(int first, int length, Chunk chunk) {}

    /** The chunks of a sum: runs of at least 4 terms cut into pieces of about sqrt(run). */
    private static List<Piece> pieces(SumProdOp s) {
        List<Piece> out = new ArrayList<>();
        int terms = s.coefs.length, k = 0;
        while (k < terms) {
            if (s.ins[2 * k].isConst()) {
                k++;
                continue;
            }
            int end = k + 1;
            while (end < terms && !s.ins[2 * end].isConst() && s.coefs[end] == s.coefs[k]) end++;
            int n = end - k;
            if (n >= 4) {
                int size = Math.max(2, (int) Math.round(Math.sqrt(n)));
                for (int c = k; c + size <= end; c += size) {
                    out.add(new Piece(c, size, new Chunk(Arrays.copyOfRange(s.coefs, c, c + size),
                            Arrays.copyOfRange(s.ins, 2 * c, 2 * (c + size)))));
                }
            }
            k = end;
        }
        return out;
    }
}
