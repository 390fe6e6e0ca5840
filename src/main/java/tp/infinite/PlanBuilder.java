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
    private final List<int[]> grams = new ArrayList<>();
    private final Map<String, Integer> gramIndex = new HashMap<>();
    /** The program variable being computed, for error messages. */
    String context = "";

    Plan build(Src nngp, Src ntk) {
        return new Plan(List.copyOf(ops.get(DIAG)), names.get(DIAG).size(), names.get(DIAG).toArray(new String[0]),
                List.copyOf(ops.get(CROSS)), names.get(CROSS).size(), names.get(CROSS).toArray(new String[0]),
                List.copyOf(grams), nngp, ntk);
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
        List<Double> cs = new ArrayList<>();
        List<Src> ins = new ArrayList<>();
        double constant = 0;
        for (int k = 0; k < c.length; k++) {
            Src x = a[k], y = b == null || b[k] == null ? Src.ONE : b[k];
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
        ops.get(mode).add(new SumProdOp(out, w, ins.toArray(new Src[0]), context));
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
