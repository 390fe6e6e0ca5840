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
    private final List<Map<List<Src>, ArcCosOp>> arcOps = List.of(new HashMap<>(), new HashMap<>());
    /** Per pass and slot: the op that writes it (index into ops), the sum op if it is one, the relative noise. */
    private final int[][] producer = {new int[1024], new int[1024]};
    private final SumProdOp[][] sums = {new SumProdOp[1024], new SumProdOp[1024]};
    private final double[][] noise = {new double[1024], new double[1024]};
    private final List<Map<List<Integer>, Src>> grams = List.of(new HashMap<>(), new HashMap<>());

    double noise(int mode, Src s) {
        return switch (s.kind()) {
            case Src.SLOT -> noise[mode][s.index()];
            case Src.ROW, Src.COL -> noise[DIAG][s.index()];
            default -> 0.0;
        };
    }

    /** Records op as the producer of its outputs, with their noise. */
    private void add(int mode, Op op, double noiseLevel) {
        int index = ops.get(mode).size();
        ops.get(mode).add(op);
        for (int o : op.outputs()) setProducer(mode, o, index, noiseLevel);
    }

    private void setProducer(int mode, int slot, int index, double noiseLevel) {
        if (slot >= producer[mode].length) {
            int n = Math.max(slot + 1, producer[mode].length * 2);
            producer[mode] = java.util.Arrays.copyOf(producer[mode], n);
            sums[mode] = java.util.Arrays.copyOf(sums[mode], n);
            noise[mode] = java.util.Arrays.copyOf(noise[mode], n);
        }
        producer[mode][slot] = index;
        noise[mode][slot] = noiseLevel;
        Op op = ops.get(mode).get(index);
        sums[mode][slot] = op instanceof SumProdOp sp ? sp : null;
    }

    private double noise(int mode, Src[] ins) {
        double n = 0;
        for (Src s : ins) n = Math.max(n, noise(mode, s));
        return n;
    }

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
        // a Mehler op reads K + 1 consecutive diagonal slots per side
        for (Op op : cross) {
            if (op instanceof MehlerOp) {
                for (Src s : op.ins) {
                    if (s.kind() == Src.ROW || s.kind() == Src.COL) diagNeeds.add(Src.slot(s.index()));
                }
            }
        }
        List<Op> diag = live(DIAG, diagNeeds, liveDiag);
        cross = SharedPartialSums.apply(cross, name -> newSlot(CROSS, name));
        return new Plan(diag, names.get(DIAG).size(), names.get(DIAG).toArray(new String[0]),
                cross, names.get(CROSS).size(), names.get(CROSS).toArray(new String[0]), nngp, ntk,
                nngp == null ? 0 : noise(CROSS, nngp), ntk == null ? 0 : noise(CROSS, ntk));
    }

    /** The ops of a pass that the given sources depend on, in order. */
    private List<Op> live(int mode, List<Src> roots, java.util.BitSet liveSlots) {
        List<Op> all = ops.get(mode);
        boolean[] liveOps = new boolean[all.size()];
        int slots = names.get(mode).size();
        java.util.ArrayDeque<Src> todo = new java.util.ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Src s = todo.pop();
            if (s.kind() != Src.SLOT || liveSlots.get(s.index())) continue;
            liveSlots.set(s.index());
            if (s.index() >= slots) continue;
            int k = producer[mode][s.index()];
            if (!liveOps[k]) {
                liveOps[k] = true;
                for (Src in : all.get(k).ins) todo.push(in);
            }
        }
        List<Op> out = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) if (liveOps[k]) out.add(all.get(k));
        return out;
    }

    /** The sum op that produced a slot, or null. */
    private SumProdOp producer(int mode, Src s) {
        return s.kind() == Src.SLOT ? sums[mode][s.index()] : null;
    }

    /** The linear op that produced a slot (for inlining sums of sums), or null. */
    private SumProdOp linearProducer(int mode, Src s) {
        SumProdOp p = producer(mode, s);
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
        return newSlot(mode, context);
    }

    private int newSlot(int mode, String name) {
        names.get(mode).add(name);
        return names.get(mode).size() - 1;
    }

    /** A diagonal-pass value as seen from a pass: itself in the diagonal pass, at the row or column point in the cross pass. */
    static Src side(Src diag, int side, int mode) {
        if (mode == DIAG) return diag;
        if (diag.kind() == Src.IN_ROW) return side == 0 ? diag : new Src(Src.IN_COL, diag.index(), 0);
        if (diag.kind() != Src.SLOT) return diag;
        return new Src(side == 0 ? Src.ROW : Src.COL, diag.index(), 0);
    }

    /**
     * The dot product of two input column ranges (not scaled) of the row point and the column
     * point (in the diagonal pass: of one point). Short ranges are products of input entries
     * read in place (the per-pixel Grams of a CNN cost nothing to store); longer ones are a
     * {@link GramOp} per tile.
     */
    Src gram(int mode, int offA, int offB, int size) {
        List<Integer> key = List.of(offA, offB, size);
        Src s = grams.get(mode).get(key);
        if (s != null) return s;
        if (size <= GramOp.INLINE) {
            double[] c = new double[size];
            Src[] a = new Src[size], b = new Src[size];
            for (int j = 0; j < size; j++) {
                c[j] = 1;
                a[j] = new Src(Src.IN_ROW, offA + j, 0);
                b[j] = new Src(mode == DIAG ? Src.IN_ROW : Src.IN_COL, offB + j, 0);
            }
            s = sum(mode, c, a, b);
        } else {
            int out = newSlot(mode);
            add(mode, new GramOp(out, offA, offB, size, context), 0);
            s = Src.slot(out);
        }
        grams.get(mode).put(key, s);
        return s;
    }

    /** sum_k c[k] a[k] b[k] (b[k] may be null for 1), folded. */
    Src sum(int mode, double[] c, Src[] a, Src[] b) {
        // inline linear producers: a scaled slot anywhere, a short sum where it is used linearly
        int cap = c.length + 4;
        double[] cs = new double[cap];
        Src[] ins = new Src[2 * cap];
        int m = 0;
        double constant = 0;
        for (int k = 0; k < c.length; k++) {
            Src x = a[k], y = b == null || b[k] == null ? Src.ONE : b[k];
            if (c[k] == 0 || x.isZero() || y.isZero()) continue;
            if (x.kind() != Src.SLOT && y.kind() == Src.SLOT) {
                Src t = x;
                x = y;
                y = t;
            }
            SumProdOp p = linearProducer(mode, x);
            int n = p == null ? 0 : p.coefs.length;
            SumProdOp q = p == null && y.isConst() ? producer(mode, x) : null;
            int extra = p != null && (n == 1 || (y.isConst() && n <= 4)) ? n
                    : q != null && q.coefs.length <= 4 ? q.coefs.length : 1;
            if (m + extra + 1 > cap) {
                cap = Math.max(2 * cap, m + extra + 1);
                cs = java.util.Arrays.copyOf(cs, cap);
                ins = java.util.Arrays.copyOf(ins, 2 * cap);
            }
            if (p != null && (n == 1 || (y.isConst() && n <= 4))) {
                for (int i = 0; i < n; i++) {
                    constant += put(cs, ins, m, c[k] * p.coefs[i] * p.ins[2 * i + 1].value(), p.ins[2 * i], y);
                    if (cs[m] != 0) m++;
                }
            } else if (q != null && q.coefs.length <= 4) {
                // a short sum of products used linearly (e.g. a Gram of input entries): its terms
                for (int i = 0; i < q.coefs.length; i++) {
                    constant += put(cs, ins, m, c[k] * q.coefs[i] * y.value(), q.ins[2 * i], q.ins[2 * i + 1]);
                    if (cs[m] != 0) m++;
                }
            } else {
                constant += put(cs, ins, m, c[k], x, y);
                if (cs[m] != 0) m++;
            }
        }
        m = mergeLikeTerms(cs, ins, m);
        if (m == 0) return Src.constant(constant);
        if (constant != 0) {
            cs[m] = constant;
            ins[2 * m] = Src.ONE;
            ins[2 * m + 1] = Src.ONE;
            m++;
        }
        if (m == 1 && cs[0] == 1 && ins[1].isConst()) return ins[0];
        int out = newSlot(mode);
        SumProdOp op = new SumProdOp(out, java.util.Arrays.copyOf(cs, m), java.util.Arrays.copyOf(ins, 2 * m), context);
        add(mode, op, noise(mode, op.ins));
        return Src.slot(out);
    }

    /**
     * Adds up terms with the same pair of sources (in either order) and drops the ones that
     * cancel, so that e.g. a layer norm's mu(x) P(x) - mu P(x) with mu(x) = mu folds to 0 (short
     * sums only: that is where such algebra happens). Returns the new term count.
     */
    private static int mergeLikeTerms(double[] cs, Src[] ins, int m) {
        if (m < 2 || m > 64) return m; // long sums (a convolution's taps, the NTK's blocks) have distinct terms
        Map<List<Src>, Integer> first = m > 8 ? new HashMap<>() : null;
        int out = 0;
        for (int k = 0; k < m; k++) {
            Src a = ins[2 * k], b = ins[2 * k + 1];
            int at = -1;
            if (first != null) {
                Integer i = first.get(List.of(a, b));
                if (i == null) i = first.get(List.of(b, a));
                if (i != null) at = i;
            } else {
                for (int j = 0; j < out && at < 0; j++) {
                    Src x = ins[2 * j], y = ins[2 * j + 1];
                    if ((x.equals(a) && y.equals(b)) || (x.equals(b) && y.equals(a))) at = j;
                }
            }
            if (at >= 0) {
                cs[at] += cs[k];
                continue;
            }
            cs[out] = cs[k];
            ins[2 * out] = a;
            ins[2 * out + 1] = b;
            if (first != null) first.put(List.of(a, b), out);
            out++;
        }
        int kept = 0;
        for (int k = 0; k < out; k++) {
            if (cs[k] == 0) continue;
            cs[kept] = cs[k];
            ins[2 * kept] = ins[2 * k];
            ins[2 * kept + 1] = ins[2 * k + 1];
            kept++;
        }
        return kept;
    }

    /**
     * Puts the term w x y at position m in canonical form (a constant factor folded into w and
     * placed second; w set to 0 when the term is zero or a constant) and returns the constant
     * part it contributes.
     */
    private static double put(double[] cs, Src[] ins, int m, double w, Src x, Src y) {
        if (w == 0 || x.isZero() || y.isZero()) {
            cs[m] = 0;
            return 0;
        }
        if (x.isConst() && y.isConst()) {
            cs[m] = 0;
            return w * x.value() * y.value();
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
        cs[m] = w;
        ins[2 * m] = x;
        ins[2 * m + 1] = y;
        return 0;
    }

    Src times(int mode, Src a, Src b) {
        return sum(mode, new double[] {1}, new Src[] {a}, new Src[] {b});
    }

    Src scale(int mode, double k, Src a) {
        return sum(mode, new double[] {k}, new Src[] {a}, null);
    }

    /** fn of the inputs element by element, exact up to rounding (a closed form). */
    Src scalar(int mode, Src[] ins, ElemFn fn) {
        return scalar(mode, ins, fn, 0);
    }

    /** fn of the inputs element by element with relative error up to {@code error}; evaluated now when every input is constant. */
    Src scalar(int mode, Src[] ins, ElemFn fn, double error) {
        boolean allConst = true;
        for (Src s : ins) allConst &= s.isConst();
        if (allConst) {
            double[] v = new double[ins.length];
            for (int i = 0; i < v.length; i++) v[i] = ins[i].value();
            return Src.constant(fn.eval(v, new Workspace()));
        }
        int out = newSlot(mode);
        add(mode, new ScalarOp(out, ins, fn, context), Math.max(error, noise(mode, ins)));
        return Src.slot(out);
    }

    /** Diagonal pass: Hermite coefficients of f(mean + sqrt(variance) z) in K + 1 new slots; returns the first. */
    int hermite(Src variance, java.util.function.DoubleUnaryOperator f, double mean) {
        int first = -1;
        for (int k = 0; k <= Hermite.K; k++) {
            int s = newSlot(DIAG);
            if (k == 0) first = s;
        }
        add(DIAG, new HermiteOp(first, variance, f, mean, context), Math.max(1e-13, noise(DIAG, variance)));
        return first;
    }

    /** Cross pass: Mehler's series over row and column Hermite coefficients, with a quadrature fallback. */
    Src mehler(Src q11, Src q12, Src q22, int rowFirst, int colFirst, ElemFn fallback) {
        int out = newSlot(CROSS);
        MehlerOp op = new MehlerOp(out, q11, q12, q22, rowFirst, colFirst, fallback, context);
        add(CROSS, op, Math.max(MehlerOp.TOL, noise(CROSS, op.ins)));
        return Src.slot(out);
    }

    /** E[a(u) b(v)], zero means, Var u = q11, Cov = q12, Var v = q22 (sources of this pass). */
    Src arcCos(int mode, PiecewiseLinear a, PiecewiseLinear b, Src q11, Src q12, Src q22) {
        List<Src> key = List.of(q11, q12, q22);
        ArcCosOp op = arcOps.get(mode).get(key);
        boolean fresh = op == null;
        if (fresh) {
            op = new ArcCosOp(q11, q12, q22, context);
            // rounding noise e in the covariances makes a determinant of size ~e q11 q22 out of
            // parallel points: snap below that (the step kernels' angle goes like its root)
            op.snap = Math.max(ArcCosOp.SNAP, 16 * noise(mode, op.ins));
        }
        if (q11.isConst() && q12.isConst() && q22.isConst()) {
            ArcCosOp probe = new ArcCosOp(q11, q12, q22, context);
            probe.add(a, b, -1);
            return Src.constant(probe.scalar(0, q11.value(), q12.value(), q22.value()));
        }
        int out = newSlot(mode);
        op.add(a, b, out);
        if (fresh) {
            arcOps.get(mode).put(key, op);
            op.planIndex = ops.get(mode).size();
            ops.get(mode).add(op);
        }
        setProducer(mode, out, op.planIndex, noise(mode, op.ins));
        return Src.slot(out);
    }
}
