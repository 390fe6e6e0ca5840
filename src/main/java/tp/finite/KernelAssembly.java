package tp.finite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import tp.lang.Def;
import tp.lang.Program;
import tp.lang.Var;

/**
 * Sums of per-parameter gradient inner products, {@code sum_p df(x_i)/dp df(x_j)/dp}, assembled
 * from forward values and backward adjoints without ever forming a Jacobian.
 *
 * <p>For a MatIn {@code W = s w / sqrt(c)} (NTK parametrization) used at MatMuls u (g_u = W h_u), the gradient for
 * data point i is {@code s/sqrt(c) sum_u dg_u(i) h_u(i)^T}, so its contribution is
 * {@code s^2/c sum_{u,u'} (dG_u^T dG_u') o (H_u^T H_u')} (o: entrywise product); a use
 * through a transpose swaps the roles of dG and H. A VecIn {@code b = m + s beta} contributes
 * {@code s^2 dB^T dB'}. Products of the same pair of matrices are computed once (adjoints are
 * shared between a LinComb and its arguments, so e.g. a layer's weights and bias share one).
 * Memory: the N1 x N2 products only; time O(width x N1 x N2) per use pair.
 */
final class KernelAssembly {
    private final Executor ex;
    private final Pass p1, p2;
    private final boolean same;
    private final Map<Key, DMatrixRMaj> products = new HashMap<>();

    /** Identity pair of matrices. */
    private record Key(DMatrixRMaj a, DMatrixRMaj b) {
        @Override public boolean equals(Object o) {
            return o instanceof Key k && k.a == a && k.b == b;
        }
        @Override public int hashCode() {
            return 31 * System.identityHashCode(a) + System.identityHashCode(b);
        }
    }

    KernelAssembly(Executor ex, Pass p1, Pass p2) {
        this.ex = ex;
        this.p1 = p1;
        this.p2 = p2;
        this.same = p1 == p2;
    }

    /**
     * {@code sum over params p of df(x_i)/dp df(x'_j)/dp} (N1 x N2), where the passes carry
     * adjoints of the same scalar output per data point; {@code p2 == p1} gives an exactly
     * symmetric matrix at about half the cost.
     */
    static DMatrixRMaj assemble(Executor ex, Pass p1, Pass p2, List<Var> params, boolean drawn) {
        return new KernelAssembly(ex, p1, p2).sum(params, drawn);
    }

    /**
     * The sum over {@code params}; products computed for earlier sums are reused. With
     * {@code drawn} each parameter's effective entries are weighted by their variance (the
     * covariance over a fresh draw, the empirical NNGP), else by the square of the factor between
     * the effective and the trained parameter (the NTK: s^2/c for a MatIn and s^2 for a VecIn in
     * the NTK parametrization, 1 in the standard one).
     */
    DMatrixRMaj sum(List<Var> params, boolean drawn) {
        DMatrixRMaj k = new DMatrixRMaj(p1.batch, p2.batch);
        for (Var p : params) {
            double scale = drawn ? Parameters.ntkScale(p, ex.width) : Parameters.scale(p, ex.width);
            double c = scale * scale;
            if (p.def() instanceof Def.VecIn) {
                DMatrixRMaj a1 = p1.usedAdjoint(p.id()), a2 = p2.usedAdjoint(p.id());
                if (a1 != null && a2 != null) addScaled(k, c, product(a1, a2));
                continue;
            }
            List<DMatrixRMaj[]> f1 = factors(p1, p), f2 = same ? f1 : factors(p2, p);
            for (int u = 0; u < f1.size(); u++) {
                for (int v = same ? u : 0; v < f2.size(); v++) {
                    DMatrixRMaj[] x = f1.get(u), y = f2.get(v);
                    DMatrixRMaj left = product(x[0], y[0]), right = product(x[1], y[1]);
                    if (same && u != v) addHadamardSymmetric(k, c, left, right);
                    else addHadamard(k, c, left, right);
                }
            }
        }
        if (same) Products.symmetrize(k);
        return k;
    }

    /** Per use of MatIn {@code w} with a nonzero adjoint: the pair (row-side, column-side) of its gradient. */
    private List<DMatrixRMaj[]> factors(Pass pass, Var w) {
        List<DMatrixRMaj[]> out = new ArrayList<>();
        for (Var u : uses(ex.program, w)) {
            DMatrixRMaj dg = pass.usedAdjoint(u.id());
            if (dg == null) continue;
            DMatrixRMaj h = pass.value[((Def.MatMul) u.def()).arg().id()];
            out.add(Executor.transposed(u) ? new DMatrixRMaj[] {h, dg} : new DMatrixRMaj[] {dg, h});
        }
        return out;
    }

    /** The MatMul variables that multiply by {@code w} or a transpose of it (any depth). */
    static List<Var> uses(Program p, Var w) {
        List<Var> out = new ArrayList<>();
        for (Var v : p.vars()) if (v.def() instanceof Def.MatMul m && Executor.matrixOf(m.matrix()) == w) out.add(v);
        return out;
    }

    private DMatrixRMaj product(DMatrixRMaj a, DMatrixRMaj b) {
        Key key = new Key(a, b);
        DMatrixRMaj r = products.get(key);
        if (r == null) {
            r = Products.inner(a, b);
            products.put(key, r);
        }
        return r;
    }

    private static void addScaled(DMatrixRMaj k, double c, DMatrixRMaj m) {
        double[] kd = k.data, md = m.data;
        for (int i = 0; i < kd.length; i++) kd[i] += c * md[i];
    }

    private static void addHadamard(DMatrixRMaj k, double c, DMatrixRMaj a, DMatrixRMaj b) {
        double[] kd = k.data, ad = a.data, bd = b.data;
        for (int i = 0; i < kd.length; i++) kd[i] += c * ad[i] * bd[i];
    }

    /** k += c (a o b + (a o b)^T), k square. */
    private static void addHadamardSymmetric(DMatrixRMaj k, double c, DMatrixRMaj a, DMatrixRMaj b) {
        int n = k.numRows;
        double[] kd = k.data, ad = a.data, bd = b.data;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                kd[i * n + j] += c * (ad[i * n + j] * bd[i * n + j] + ad[j * n + i] * bd[j * n + i]);
            }
        }
    }
}
