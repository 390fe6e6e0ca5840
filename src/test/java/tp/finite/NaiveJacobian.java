package tp.finite;

import java.util.List;
import org.apache.commons.numbers.gamma.Erf;
import org.ejml.data.DMatrixRMaj;
import tp.lang.Builtin;
import tp.lang.Def;
import tp.lang.Fn;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Var;

/**
 * An independent reference for the executor: runs the program one data point at a time with
 * plain scalar loops in forward-mode automatic differentiation (dual numbers), one pass per
 * scalar parameter, so that every derivative is exact (no finite-difference error) and shares
 * no code with the batched backward pass or with {@link Fn#derivative}. Only for tiny widths.
 *
 * <p>Netsor+: a moment is one dual number per data point, each {@code mean(...)} the plain average
 * of its body's dual numbers over the coordinates; a parameter in the standard parametrization
 * is used as stored (its raw value is W or b itself, the derivative with respect to it is direct).
 */
final class NaiveJacobian {
    private final FiniteNetwork net;
    private final Program p;
    private final int n;

    NaiveJacobian(FiniteNetwork net) {
        this.net = net;
        this.p = net.program();
        this.n = net.width();
    }

    /** The outputs f(x) for data row {@code x} (no tangent). */
    double[] outputs(double[] x) {
        return run(x, null, -1)[0];
    }

    /**
     * d f_r(x_i) / d raw scalar, for every data row i and every scalar of {@code params} in
     * order (raw matrices row-major): an N x P matrix.
     */
    DMatrixRMaj jacobian(DMatrixRMaj x, List<Var> params, int r) {
        int total = 0;
        for (Var v : params) total += net.parameters().raw(v).data.length;
        DMatrixRMaj j = new DMatrixRMaj(x.numRows, total);
        for (int i = 0; i < x.numRows; i++) {
            double[] row = new double[x.numCols];
            for (int c = 0; c < x.numCols; c++) row[c] = x.get(i, c);
            int col = 0;
            for (Var v : params) {
                int size = net.parameters().raw(v).data.length;
                for (int q = 0; q < size; q++) j.set(i, col++, run(row, v, q)[1][r]);
            }
        }
        return j;
    }

    /** J1 J2^T. */
    static DMatrixRMaj gram(DMatrixRMaj j1, DMatrixRMaj j2) {
        DMatrixRMaj k = new DMatrixRMaj(j1.numRows, j2.numRows);
        for (int a = 0; a < j1.numRows; a++) {
            for (int b = 0; b < j2.numRows; b++) {
                double s = 0;
                for (int c = 0; c < j1.numCols; c++) s += j1.get(a, c) * j2.get(b, c);
                k.set(a, b, s);
            }
        }
        return k;
    }

    /** One dual-number forward pass with tangent direction: raw scalar q of {@code seedParam}. Returns {values, tangents} of the output. */
    private double[][] run(double[] x, Var seedParam, int q) {
        List<Var> vars = p.vars();
        double[][] val = new double[vars.size()][], tan = new double[vars.size()][];
        for (Var v : vars) {
            Def d = v.def();
            int id = v.id();
            if (d instanceof Def.Input in) {
                val[id] = new double[in.size()];
                for (int k = 0; k < in.size(); k++) val[id][k] = x[in.offset() + k];
                tan[id] = new double[in.size()];
            } else if (d instanceof Def.VecIn b) {
                double[] beta = net.parameters().raw(v).data;
                val[id] = new double[beta.length];
                tan[id] = new double[beta.length];
                double offset = b.standard() ? 0 : b.mean(), slope = b.standard() ? 1 : b.sigma();
                for (int k = 0; k < beta.length; k++) val[id][k] = offset + slope * beta[k];
                if (v == seedParam) tan[id][q] = slope;
            } else if (d instanceof Def.MatMul mm) {
                Var w = mm.matrix();
                boolean transposed = false;
                while (w.def() instanceof Def.Transpose t) {
                    transposed = !transposed;
                    w = t.of();
                }
                DMatrixRMaj raw = net.parameters().raw(w);
                Def.MatIn mi = (Def.MatIn) w.def();
                double scale = mi.standard() ? 1 : mi.sigma() / Math.sqrt(w.cols().at(n));
                double[] h = val[mm.arg().id()], th = tan[mm.arg().id()];
                int rows = transposed ? raw.numCols : raw.numRows, cols = transposed ? raw.numRows : raw.numCols;
                double[] g = new double[rows], tg = new double[rows];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        double wrc = scale * (transposed ? raw.get(c, r) : raw.get(r, c));
                        g[r] += wrc * h[c];
                        tg[r] += wrc * th[c];
                    }
                }
                if (w == seedParam) {
                    int qr = q / raw.numCols, qc = q % raw.numCols;
                    if (transposed) tg[qc] += scale * h[qr];
                    else tg[qr] += scale * h[qc];
                }
                val[id] = g;
                tan[id] = tg;
            } else if (d instanceof Def.LinComb lc) {
                int size = val[lc.args().get(0).id()].length;
                val[id] = new double[size];
                tan[id] = new double[size];
                for (int k = 0; k < lc.args().size(); k++) {
                    int a = lc.args().get(k).id();
                    for (int e = 0; e < size; e++) {
                        val[id][e] += lc.coefs()[k] * val[a][e];
                        tan[id][e] += lc.coefs()[k] * tan[a][e];
                    }
                }
            } else if (d instanceof Def.Nonlin nl) {
                int size = val[nl.args().get(0).id()].length;
                val[id] = new double[size];
                tan[id] = new double[size];
                for (int e = 0; e < size; e++) {
                    double[] r = dual(nl.fn(), val, tan, e);
                    val[id][e] = r[0];
                    tan[id][e] = r[1];
                }
            } else if (d instanceof Def.Moment m) {
                double[] r = dual(m.fn(), val, tan, 0);
                val[id] = new double[] {r[0]};
                tan[id] = new double[] {r[1]};
            }
        }
        int out = p.output().id();
        return new double[][] {val[out], tan[out]};
    }

    /** (value, tangent) of fn at coordinate e. */
    private static double[] dual(Fn fn, double[][] val, double[][] tan, int e) {
        if (fn instanceof Fn.Const k) return new double[] {k.value(), 0};
        if (fn instanceof Fn.Arg a) {
            int k = a.var().kind() == Kind.SCALAR ? 0 : e; // a moment: one number per data point
            return new double[] {val[a.var().id()][k], tan[a.var().id()][k]};
        }
        if (fn instanceof Fn.Mean m) {
            int rows = -1;
            for (Var v : m.body().vars()) if (v.kind().isWide()) rows = val[v.id()].length;
            double sv = 0, st = 0;
            for (int r = 0; r < rows; r++) {
                double[] x = dual(m.body(), val, tan, r);
                sv += x[0];
                st += x[1];
            }
            return new double[] {sv / rows, st / rows};
        }
        if (fn instanceof Fn.Neg ng) {
            double[] r = dual(ng.arg(), val, tan, e);
            return new double[] {-r[0], -r[1]};
        }
        if (fn instanceof Fn.Call c) {
            double[] r = dual(c.arg(), val, tan, e);
            return new double[] {c.fn().apply(r[0], c.param()), slope(c.fn(), r[0], c.param()) * r[1]};
        }
        Fn.Bin b = (Fn.Bin) fn;
        double[] l = dual(b.left(), val, tan, e), r = dual(b.right(), val, tan, e);
        return switch (b.op()) {
            case '+' -> new double[] {l[0] + r[0], l[1] + r[1]};
            case '-' -> new double[] {l[0] - r[0], l[1] - r[1]};
            case '*' -> new double[] {l[0] * r[0], l[1] * r[0] + l[0] * r[1]};
            case '/' -> new double[] {l[0] / r[0], (l[1] * r[0] - l[0] * r[1]) / (r[0] * r[0])};
            default -> {
                double v = Math.pow(l[0], r[0]);
                double t = r[1] == 0 ? r[0] * Math.pow(l[0], r[0] - 1) * l[1] : v * (r[1] * Math.log(l[0]) + r[0] * l[1] / l[0]);
                yield new double[] {v, t};
            }
        };
    }

    /** Derivatives of the built-ins, written out here independently of {@link Builtin#derivative}. */
    private static double slope(Builtin f, double x, double p) {
        return switch (f) {
            case RELU, STEP -> f == Builtin.RELU ? (x > 0 ? 1 : 0) : 0;
            case ERF -> 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
            case TANH -> 1 / (Math.cosh(x) * Math.cosh(x));
            case SIGMOID -> { double s = 1 / (1 + Math.exp(-x)); yield s * (1 - s); }
            case GELU -> 0.5 * (1 + Erf.value(x / Math.sqrt(2))) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            case SIN -> Math.cos(x);
            case COS -> -Math.sin(x);
            case EXP -> Math.exp(x);
            case ABS -> Math.signum(x);
            case SIGN -> 0;
            case SOFTPLUS -> 1 / (1 + Math.exp(-x));
            case ID -> 1;
            case LEAKY_RELU -> x > 0 ? 1 : p;
            case SQRT -> 0.5 / Math.sqrt(x);
            case LOG -> 1 / x;
        };
    }
}
