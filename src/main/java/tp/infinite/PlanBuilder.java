package tp.infinite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tp.infinite.gauss.PiecewiseLinear;

/**
 * Accumulates the ops of the two passes while the recursion runs: slot allocation, memoization
 * by key (each quantity is computed once per pass), constant folding (an op whose inputs are
 * all constant is evaluated now, so e.g. bias-only quantities never cost a loop), and merging of
 * arc-cosine expectations that share a covariance into one op.
 */
final class PlanBuilder {
    static final int DIAG = 0, CROSS = 1;

    private final List<List<Op>> ops = List.of(new ArrayList<>(), new ArrayList<>());
    private final List<List<String>> names = List.of(new ArrayList<>(), new ArrayList<>());
    private final List<Map<String, Src>> memo = List.of(new HashMap<>(), new HashMap<>());
    private final List<Map<String, ArcCosOp>> arcOps = List.of(new HashMap<>(), new HashMap<>());
    private final List<Map<Integer, SumProdOp>> linear = List.of(new HashMap<>(), new HashMap<>());
    private final List<int[]> grams = new ArrayList<>();
    private final Map<String, Integer> gramIndex = new HashMap<>();
    /** The program variable being computed, for error messages. */
    String context = "";

    /** The plan of the ops the outputs need (dead ops dropped; their slots stay unallocated). */
    Plan build(Src nngp, Src ntk) {
        java.util.BitSet liveCross = new java.util.BitSet(), liveDiag = new java.util.BitSet();
        List<Op> cross = live(CROSS, List.of(nngp == null ? Src.ZERO : nngp, ntk == null ? Src.ZERO : ntk), liveCross);
        List<Src> diagNeeds = new ArrayList<>();
        for (Op op : cross) {
            for (Src s : op.ins) if (s.kind() == Src.ROW || s.kind() == Src.COL) diagNeeds.add(Src.slot(s.index()));
        }
        for (Src s : new Src[] {nngp, ntk}) {
            if (s != null && (s.kind() == Src.ROW || s.kind() == Src.COL)) diagNeeds.add(Src.slot(s.index()));
        }
        List<Op> diag = live(DIAG, diagNeeds, liveDiag);
        return new Plan(diag, names.get(DIAG).size(), names.get(DIAG).toArray(new String[0]),
                cross, names.get(CROSS).size(), names.get(CROSS).toArray(new String[0]),
                List.copyOf(grams), nngp, ntk);
    }

    /** The ops of a pass that the given sources depend on, in order. */
    private List<Op> live(int mode, List<Src> roots, java.util.BitSet liveSlots) {
        Map<Integer, Op> producer = new HashMap<>();
        for (Op op : ops.get(mode)) for (int o : op.outputs()) producer.put(o, op);
        java.util.Set<Op> liveOps = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Src> todo = new java.util.ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Src s = todo.pop();
            if (s.kind() != Src.SLOT || liveSlots.get(s.index())) continue;
            liveSlots.set(s.index());
            Op op = producer.get(s.index());
            if (op != null && liveOps.add(op)) for (Src in : op.ins) todo.push(in);
        }
        List<Op> out = new ArrayList<>();
        for (Op op : ops.get(mode)) if (liveOps.contains(op)) out.add(op);
        return out;
    }

    /** The linear op that produced a slot (for inlining sums of sums), or null. */
    private SumProdOp linearProducer(int mode, Src s) {
        if (s.kind() != Src.SLOT) return null;
        SumProdOp p = linear.get(mode).get(s.index());
        return p != null && p.isLinear() ? p : null;
    }

    /** The memoized value of {@code key} in this pass, computing it on first use. */
    Src memo(int mode, String key, Supplier<Src> compute) {
        Src s = memo.get(mode).get(key);
        if (s == null) {
            s = compute.get();
            memo.get(mode).put(key, s);
        }
        return s;
    }

    private int newSlot(int mode) {
        names.get(mode).add(context);
        return names.get(mode).size() - 1;
    }

    /** A diagonal-pass value as seen from a pass: itself in the diagonal pass, at the row or column point in the cross pass. */
    static Src side(Src diag, int side, int mode) {
        if (mode == DIAG || diag.kind() != Src.SLOT) return diag;
        return new Src(side == 0 ? Src.ROW : Src.COL, diag.index(), 0);
    }

    /** The dot product of two input column ranges (not scaled). */
    Src gram(int offA, int offB, int size) {
        String key = offA + ":" + offB + ":" + size;
        Integer k = gramIndex.get(key);
        if (k == null) {
            k = grams.size();
            grams.add(new int[] {offA, offB, size});
            gramIndex.put(key, k);
        }
        return new Src(Src.GRAM, k, 0);
    }

    /** sum_k c[k] a[k] b[k] (b[k] may be null for 1), folded. */
    Src sum(int mode, double[] c, Src[] a, Src[] b) {
        // inline linear producers: a scaled slot anywhere, a short sum where it is used linearly
        List<Double> c2 = new ArrayList<>();
        List<Src> a2 = new ArrayList<>(), b2 = new ArrayList<>();
        for (int k = 0; k < c.length; k++) {
            Src x = a[k], y = b == null || b[k] == null ? Src.ONE : b[k];
            if (x.kind() != Src.SLOT && y.kind() == Src.SLOT) {
                Src t = x;
                x = y;
                y = t;
            }
            SumProdOp p = linearProducer(mode, x);
            int n = p == null ? 0 : p.coefs.length;
            if (p != null && (n == 1 || (y.isConst() && n <= 4))) {
                for (int i = 0; i < n; i++) {
                    c2.add(c[k] * p.coefs[i] * p.ins[2 * i + 1].value());
                    a2.add(p.ins[2 * i]);
                    b2.add(y);
                }
            } else {
                c2.add(c[k]);
                a2.add(x);
                b2.add(y);
            }
        }
        c = c2.stream().mapToDouble(Double::doubleValue).toArray();
        a = a2.toArray(new Src[0]);
        b = b2.toArray(new Src[0]);
        List<Double> cs = new ArrayList<>();
        List<Src> ins = new ArrayList<>();
        double constant = 0;
        for (int k = 0; k < c.length; k++) {
            Src x = a[k], y = b[k];
            double w = c[k];
            if (w == 0 || x.isZero() || y.isZero()) continue;
            if (x.isConst() && y.isConst()) {
                constant += w * x.value() * y.value();
                continue;
            }
            if (x.isConst()) {
                Src t = x;
                x = y;
                y = t;
            }
            if (y.isConst()) {
                w *= y.value();
                y = Src.ONE;
            }
            cs.add(w);
            ins.add(x);
            ins.add(y);
        }
        if (cs.isEmpty()) return Src.constant(constant);
        if (constant != 0) {
            cs.add(constant);
            ins.add(Src.ONE);
            ins.add(Src.ONE);
        }
        if (cs.size() == 1 && cs.get(0) == 1 && ins.get(1).isConst() && ins.get(0).kind() != Src.GRAM) return ins.get(0);
        int out = newSlot(mode);
        double[] w = cs.stream().mapToDouble(Double::doubleValue).toArray();
        SumProdOp op = new SumProdOp(out, w, ins.toArray(new Src[0]), context);
        ops.get(mode).add(op);
        linear.get(mode).put(out, op);
        return Src.slot(out);
    }

    Src times(int mode, Src a, Src b) {
        return sum(mode, new double[] {1}, new Src[] {a}, new Src[] {b});
    }

    Src scale(int mode, double k, Src a) {
        return sum(mode, new double[] {k}, new Src[] {a}, null);
    }

    /** fn of the inputs element by element; evaluated now when every input is constant. */
    Src scalar(int mode, Src[] ins, ElemFn fn) {
        boolean allConst = true;
        for (Src s : ins) allConst &= s.isConst();
        if (allConst) {
            double[] v = new double[ins.length];
            for (int i = 0; i < v.length; i++) v[i] = ins[i].value();
            return Src.constant(fn.eval(v, new Workspace()));
        }
        int out = newSlot(mode);
        ops.get(mode).add(new ScalarOp(out, ins, fn, context));
        return Src.slot(out);
    }

    /** E[a(u) b(v)], zero means, Var u = q11, Cov = q12, Var v = q22 (sources of this pass). */
    Src arcCos(int mode, PiecewiseLinear a, PiecewiseLinear b, Src q11, Src q12, Src q22) {
        String key = q11.key() + "|" + q12.key() + "|" + q22.key();
        ArcCosOp op = arcOps.get(mode).get(key);
        boolean fresh = op == null;
        if (fresh) op = new ArcCosOp(q11, q12, q22, context);
        if (q11.isConst() && q12.isConst() && q22.isConst()) {
            ArcCosOp probe = new ArcCosOp(q11, q12, q22, context);
            probe.add(a, b, -1);
            return Src.constant(probe.scalar(0, q11.value(), q12.value(), q22.value()));
        }
        int out = newSlot(mode);
        op.add(a, b, out);
        if (fresh) {
            arcOps.get(mode).put(key, op);
            ops.get(mode).add(op);
        }
        return Src.slot(out);
    }
}
