package tp.finite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tp.lang.Def;
import tp.lang.Fn;
import tp.lang.Kind;
import tp.lang.Var;

/**
 * One moment (Netsor+) compiled for a width: {@code m = F(moments, mean(B_1), ..., mean(B_k))},
 * each {@code mean(B_j)} the exact average over the {@code rows_j} coordinates of its body, per
 * data point. The means are given scratch variables {@code p_j} (slots past the program's
 * variables in the pass), so that F and its partial derivatives are plain expressions.
 *
 * <p>Backward, with {@code dm} the adjoint of m (one number per data point):
 * <ul>
 *   <li>a moment {@code a} read by F directly: {@code da += dF/da * dm};</li>
 *   <li>mean j: {@code dp_j = dF/dp_j * dm}; a vector {@code g} in its body gets, at coordinate r,
 *       {@code dg[r] += dB_j/dg[r] * dp_j / rows_j} (the average spreads its gradient evenly over
 *       the coordinates), a moment {@code a} in its body {@code da += sum_r dB_j/da[r] * dp_j / rows_j}.</li>
 * </ul>
 * This is the exact gradient at width n, including what vanishes in the limit.
 */
final class MomentPlan {
    /** One {@code mean(B)}: its slot, body, coordinate count and partial derivatives. */
    private record Average(int slot, VecFn body, int rows, List<Var> args, VecFn[] partials) {}

    private final VecFn outer;
    private final List<Var> direct;
    private final VecFn[] directPartials;
    private final List<Average> means = new ArrayList<>();
    private final VecFn[] meanPartials;

    /**
     * Compiles moment {@code v} at {@code width}; its means take the scratch slots from
     * {@code firstSlot} on ({@link #slots} of them).
     */
    MomentPlan(Var v, int width, int firstSlot) {
        Def.Moment d = (Def.Moment) v.def();
        Map<Fn.Mean, Var> slots = new LinkedHashMap<>();
        Fn f = replaceMeans(d.fn(), slots, firstSlot, v.name());
        outer = VecFn.compile(f);
        direct = new ArrayList<>();
        for (Var a : f.vars()) if (a.id() < firstSlot) direct.add(a);
        directPartials = new VecFn[direct.size()];
        for (int i = 0; i < direct.size(); i++) directPartials[i] = VecFn.compile(f.derivative(direct.get(i)));
        meanPartials = new VecFn[slots.size()];
        int j = 0;
        for (Map.Entry<Fn.Mean, Var> e : slots.entrySet()) {
            Fn body = e.getKey().body();
            List<Var> args = new ArrayList<>(body.vars());
            int rows = 0;
            for (Var a : args) if (a.kind().isWide()) rows = a.dim().at(width);
            VecFn[] partials = new VecFn[args.size()];
            for (int i = 0; i < args.size(); i++) partials[i] = VecFn.compile(body.derivative(args.get(i)));
            means.add(new Average(e.getValue().id(), VecFn.compile(body), rows, args, partials));
            meanPartials[j++] = VecFn.compile(f.derivative(e.getValue()));
        }
    }

    /** How many scratch slots moment {@code v} needs: one per distinct mean(...) in it. */
    static int slots(Var v) {
        Map<Fn.Mean, Var> slots = new LinkedHashMap<>();
        replaceMeans(((Def.Moment) v.def()).fn(), slots, 0, v.name());
        return slots.size();
    }

    /** F with every distinct mean(...) replaced by a scratch moment variable (equal means share one). */
    private static Fn replaceMeans(Fn f, Map<Fn.Mean, Var> slots, int firstSlot, String name) {
        if (f instanceof Fn.Mean m) {
            return Fn.arg(slots.computeIfAbsent(m, k -> Var.scratch(firstSlot + slots.size(), name + ".mean" + slots.size(), Kind.SCALAR)));
        }
        if (f instanceof Fn.Neg n) return Fn.neg(replaceMeans(n.arg(), slots, firstSlot, name));
        if (f instanceof Fn.Call c) return Fn.call(c.fn(), replaceMeans(c.arg(), slots, firstSlot, name), c.param());
        if (f instanceof Fn.Bin b) {
            return Fn.bin(b.op(), replaceMeans(b.left(), slots, firstSlot, name), replaceMeans(b.right(), slots, firstSlot, name));
        }
        return f;
    }

    /** Forward: the means into their slots, then the moment (one number per data point). */
    double[] forward(Pass pass) {
        int batch = pass.batch;
        for (Average a : means) {
            double[] b = a.body.eval(pass.env, a.rows * batch, batch);
            double[] avg = new double[batch];
            for (int r = 0; r < a.rows; r++) {
                int o = r * batch;
                for (int i = 0; i < batch; i++) avg[i] += b[o + i];
            }
            for (int i = 0; i < batch; i++) avg[i] /= a.rows;
            pass.set(a.slot, org.ejml.data.DMatrixRMaj.wrap(1, batch, avg));
        }
        return outer.eval(pass.env, batch, batch);
    }

    /** Backward: spreads the moment's adjoint {@code dm} (length batch) over what it reads. */
    void backward(Pass pass, double[] dm) {
        int batch = pass.batch;
        for (int i = 0; i < direct.size(); i++) {
            if (directPartials[i].isConstant(0)) continue;
            directPartials[i].mulAdd(pass.env, batch, batch, dm, pass.adjointFor(direct.get(i)).data);
        }
        for (int j = 0; j < means.size(); j++) {
            Average a = means.get(j);
            double[] dp = meanPartials[j].eval(pass.env, batch, batch);
            for (int i = 0; i < batch; i++) dp[i] *= dm[i] / a.rows;
            int len = a.rows * batch;
            for (int k = 0; k < a.args.size(); k++) {
                VecFn partial = a.partials[k];
                if (partial.isConstant(0)) continue;
                Var arg = a.args.get(k);
                double[] target = pass.adjointFor(arg).data;
                double[] d = partial.eval(pass.env, len, batch);
                if (arg.kind() == Kind.SCALAR) {
                    for (int r = 0; r < a.rows; r++) {
                        int o = r * batch;
                        for (int i = 0; i < batch; i++) target[i] += d[o + i] * dp[i];
                    }
                } else {
                    for (int r = 0; r < a.rows; r++) {
                        int o = r * batch;
                        for (int i = 0; i < batch; i++) target[o + i] += d[o + i] * dp[i];
                    }
                }
            }
        }
    }
}
