package tp.finite;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;
import tp.lang.Def;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Var;

/**
 * Runs a program at one width on a whole batch: forward (each MatMul one matrix product, each
 * Nonlin one compiled array expression, each moment exact averages over the coordinates) and
 * backward (the same program in reverse, batched: the adjoint of each variable is a dim x N
 * matrix holding every data point's gradient; a moment's is 1 x N). The Nonlin bodies, the
 * moments and their partial derivatives are compiled once, here.
 */
final class Executor {
    final Program program;
    final int width;
    private final VecFn[] body;
    private final VecFn[][] partials;
    private final MomentPlan[] moments;
    /** Variables plus the scratch slots of the averages inside moments. */
    private final int slots;

    Executor(Program program, int width) {
        this.program = program;
        this.width = width;
        int n = program.vars().size();
        body = new VecFn[n];
        partials = new VecFn[n][];
        moments = new MomentPlan[n];
        int next = n;
        for (Var v : program.vars()) {
            if (v.def() instanceof Def.Moment) {
                moments[v.id()] = new MomentPlan(v, width, next);
                next += MomentPlan.slots(v);
            } else if (v.def() instanceof Def.Nonlin nl) {
                body[v.id()] = VecFn.compile(nl.fn());
                List<Var> args = nl.args();
                partials[v.id()] = new VecFn[args.size()];
                for (int i = 0; i < args.size(); i++) partials[v.id()][i] = VecFn.compile(nl.fn().derivative(args.get(i)));
            }
        }
        slots = next;
    }

    /** Forward pass on the rows of {@code x} (N x inputWidth). */
    Pass forward(Parameters params, DMatrixRMaj x) {
        if (x.numCols != program.inputWidth()) {
            throw new UserError(null, "the data has " + x.numCols + " columns but program " + program.name()
                    + " reads " + program.inputWidth() + " per data point");
        }
        for (double v : x.data) {
            if (!Double.isFinite(v)) throw new UserError(null, "the data contain a non-finite value " + v);
        }
        int batch = x.numRows;
        Pass pass = new Pass(slots, batch);
        DMatrixRMaj[] val = pass.value;
        for (Var v : program.vars()) {
            Def d = v.def();
            int id = v.id();
            if (d instanceof Def.Input in) {
                DMatrixRMaj m = new DMatrixRMaj(in.size(), batch);
                for (int r = 0; r < in.size(); r++) for (int i = 0; i < batch; i++) m.data[r * batch + i] = x.get(i, in.offset() + r);
                pass.set(id, m);
            } else if (d instanceof Def.VecIn) {
                DMatrixRMaj beta = params.raw(v);
                DMatrixRMaj m = new DMatrixRMaj(beta.numRows, batch);
                double offset = Parameters.offset(v), scale = Parameters.scale(v, width);
                for (int r = 0; r < beta.numRows; r++) {
                    double value = offset + scale * beta.data[r];
                    java.util.Arrays.fill(m.data, r * batch, (r + 1) * batch, value);
                }
                pass.set(id, m);
            } else if (d instanceof Def.MatMul mm) {
                DMatrixRMaj arg = val[mm.arg().id()];
                DMatrixRMaj out = new DMatrixRMaj(v.dim().at(width), batch);
                Var w = matrixOf(mm.matrix());
                double scale = Parameters.scale(w, width);
                if (!transposed(v)) Products.mult(scale, params.raw(w), arg, out);
                else Products.multTransA(scale, params.raw(w), arg, out);
                pass.set(id, out);
            } else if (d instanceof Def.LinComb lc) {
                DMatrixRMaj out = new DMatrixRMaj(v.dim().at(width), batch);
                double[] o = out.data;
                for (int k = 0; k < lc.args().size(); k++) {
                    double c = lc.coefs()[k];
                    double[] a = val[lc.args().get(k).id()].data;
                    for (int i = 0; i < o.length; i++) o[i] += c * a[i];
                }
                pass.set(id, out);
            } else if (d instanceof Def.Nonlin) {
                int rows = v.dim().at(width);
                pass.set(id, DMatrixRMaj.wrap(rows, batch, body[id].eval(pass.env, rows * batch, batch)));
            } else if (d instanceof Def.Moment) {
                pass.set(id, DMatrixRMaj.wrap(1, batch, moments[id].forward(pass)));
            }
            if (d instanceof Def.MatMul || d instanceof Def.LinComb || d instanceof Def.Nonlin || d instanceof Def.Moment) {
                FiniteValues.requireValue(program, width, v, val[id]);
            }
        }
        return pass;
    }

    /** The output (N x k) of a forward pass. */
    DMatrixRMaj output(Pass pass) {
        DMatrixRMaj f = pass.value[program.output().id()];
        DMatrixRMaj out = new DMatrixRMaj(f.numCols, f.numRows);
        org.ejml.dense.row.CommonOps_DDRM.transpose(f, out);
        return out;
    }

    /**
     * Backward pass from {@code seed} (k x N: column i weights data point i's outputs). Afterwards
     * {@code pass.adjoint[v]} holds d(seed . f)/dv for every variable v the output depends on.
     */
    void backward(Parameters params, Pass pass, DMatrixRMaj seed) {
        java.util.Arrays.fill(pass.adjoint, null);
        java.util.Arrays.fill(pass.bad, null);
        pass.accumulate(program.output().id(), seed, 1, false);
        double[][] env = pass.env;
        int batch = pass.batch;
        List<Var> vars = program.vars();
        for (int id = vars.size() - 1; id >= 0; id--) {
            DMatrixRMaj adj = pass.adjoint[id];
            if (adj == null) continue;
            Var v = vars.get(id);
            Def d = v.def();
            if (d instanceof Def.MatMul mm) {
                Var arg = mm.arg();
                if (arg.kind() == Kind.DATA) continue;
                Var w = matrixOf(mm.matrix());
                double scale = Parameters.scale(w, width);
                DMatrixRMaj target = pass.adjoint[arg.id()];
                if (target == null) {
                    target = new DMatrixRMaj(arg.dim().at(width), pass.batch);
                    pass.adjoint[arg.id()] = target;
                    pass.owned[arg.id()] = true;
                } else {
                    target = pass.own(arg.id());
                }
                // g = W h: dh += W^T dg; g = W^T h: dh += W dg
                if (!transposed(v)) Products.multAddTransA(scale, params.raw(w), adj, target);
                else Products.multAdd(scale, params.raw(w), adj, target);
                flag(pass, v, arg);
            } else if (d instanceof Def.LinComb lc) {
                for (int k = 0; k < lc.args().size(); k++) {
                    Var arg = lc.args().get(k);
                    pass.accumulate(arg.id(), adj, lc.coefs()[k], true);
                    flag(pass, v, arg);
                }
            } else if (d instanceof Def.Nonlin nl) {
                int len = adj.data.length;
                for (int k = 0; k < nl.args().size(); k++) {
                    VecFn partial = partials[id][k];
                    if (partial.isConstant(0)) continue;
                    Var arg = nl.args().get(k);
                    double[] target = pass.adjointFor(arg).data;
                    if (arg.kind() == Kind.SCALAR) { // a moment parameter: its gradient sums over the coordinates
                        double[] p = partial.eval(env, len, batch), a = adj.data;
                        for (int o = 0; o < len; o += batch) for (int i = 0; i < batch; i++) target[i] += p[o + i] * a[o + i];
                    } else {
                        partial.mulAdd(env, len, batch, adj.data, target);
                    }
                    flag(pass, v, arg);
                }
            } else if (d instanceof Def.Moment m) {
                moments[id].backward(pass, adj.data);
                for (Var arg : m.args()) if (pass.adjoint[arg.id()] != null) flag(pass, v, arg);
            }
        }
    }

    /**
     * After {@code user}'s step added to the adjoint of {@code arg}: a non-finite adjoint is
     * remembered with the statement where it first appeared (a NaN from further down the output
     * side is passed on with its origin), and reported only if a kernel or gradient reads it:
     * the NNGP of {@code sqrt(relu(g))} is fine even though its NTK is not.
     */
    private void flag(Pass pass, Var user, Var arg) {
        int a = arg.id();
        if (pass.bad[a] != null) return;
        UserError upstream = pass.bad[user.id()];
        if (upstream != null) pass.bad[a] = upstream;
        else if (!FiniteValues.allFinite(pass.adjoint[a].data)) {
            pass.bad[a] = FiniteValues.adjointError(program, width, user, arg, pass.adjoint[a]);
        }
    }

    /** The MatIn behind a matrix variable (itself, or what a transpose transposes). */
    static Var matrixOf(Var matrix) {
        Var m = matrix;
        while (m.def() instanceof Def.Transpose t) m = t.of();
        return m;
    }

    /** Whether the MatMul {@code use} multiplies by the transpose of its MatIn. */
    static boolean transposed(Var use) {
        Var a = ((Def.MatMul) use.def()).matrix();
        int flips = 0;
        while (a.def() instanceof Def.Transpose t) {
            flips++;
            a = t.of();
        }
        return flips % 2 == 1;
    }
}
