package tp.compile;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tp.lang.Def;
import tp.lang.Fn;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Var;

/**
 * The backward program of the output's first coordinate f_1, derived symbolically under
 * gradient independence. Every wide (G or H) variable X gets its normalized gradient
 * {@code dX = sqrt(dim) * df_1/dX} in the form {@code sum_B B * psi_B(Z)}: B ranges over the
 * backward Gaussians ({@link BVar}: a readout row, or {@code W^T dg} for a MatMul g = W h,
 * W^T treated as a fresh matrix), independent of the forward Gaussians Z, and psi_B is a
 * {@link Poly} in forward G-vars (products of Nonlin partial derivatives along the paths).
 * Finite vars get the scalar coefficient of their first coordinate in f_1.
 */
public final class Backward {

    /** A backward Gaussian vector. */
    public sealed interface BVar permits Readout, Use {}

    /** sigma * (first row of the readout matrix): the same vector for every data point. */
    public record Readout(MatKey key) implements BVar {}

    /** W^T dg for the MatMul {@code use} (g = W h): covariance sigma^2 kappa E[dg dg']. */
    public record Use(Var use) implements BVar {}

    private final Map<Var, Map<BVar, Poly>> grads = new HashMap<>();
    private final Map<Var, Double> coefs = new HashMap<>();

    public Backward(Program program, Structure structure, Canon canon) {
        List<Var> vars = program.vars();
        coefs.put(program.output(), 1.0);
        for (int i = vars.size() - 1; i >= 0; i--) {
            Var x = vars.get(i);
            if (x.kind() == Kind.FINITE) finite(x, structure);
            else if (x.kind().isWide()) wide(program, x, canon);
        }
    }

    /** dX as backward Gaussian -> coefficient function; empty when f_1 does not depend on X. */
    public Map<BVar, Poly> grad(Var x) {
        return grads.getOrDefault(x, Map.of());
    }

    /** d f_1 / d X_1 for a finite var X (0 when f_1 does not read it). */
    public double coef(Var x) {
        return coefs.getOrDefault(x, 0.0);
    }

    private void finite(Var x, Structure structure) {
        double c = coef(x);
        if (c == 0) return;
        if (x.def() instanceof Def.LinComb l) {
            for (int j = 0; j < l.args().size(); j++) coefs.merge(l.args().get(j), c * l.coefs()[j], Double::sum);
        } else if (x.def() instanceof Def.MatMul m) {
            add(m.arg(), new Readout(structure.keyOfAny(x)), Poly.constant(c));
        }
    }

    private void wide(Program program, Var x, Canon canon) {
        Map<BVar, Poly> g = grads.get(x);
        if (g == null || g.isEmpty()) return;
        Def d = x.def();
        if (d instanceof Def.LinComb l) {
            for (int j = 0; j < l.args().size(); j++) {
                for (var e : g.entrySet()) add(l.args().get(j), e.getKey(), e.getValue().scale(l.coefs()[j]));
            }
        } else if (d instanceof Def.MatMul m) {
            if (m.arg().kind().isWide()) add(m.arg(), new Use(x), Poly.ONE);
        } else if (d instanceof Def.Nonlin n) {
            for (Var y : n.args()) {
                Fn partial = n.fn().derivative(y).substitute(program::inlined);
                Poly p = canon.of(partial);
                if (p.isZero()) continue;
                for (var e : g.entrySet()) {
                    Poly prod = e.getValue().times(p);
                    if (prod == null) {
                        throw new IllegalStateException("gradient of " + y.name() + " expands to too many terms");
                    }
                    add(y, e.getKey(), prod);
                }
            }
        }
    }

    private void add(Var y, BVar b, Poly p) {
        if (p.isZero()) return;
        Map<BVar, Poly> g = grads.computeIfAbsent(y, k -> new LinkedHashMap<>());
        Poly old = g.get(b);
        Poly sum = old == null ? p : old.plus(p);
        if (sum.isZero()) g.remove(b);
        else g.put(b, sum);
    }
}
