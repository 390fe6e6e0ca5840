package tp.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tp.lang.Def;
import tp.lang.Var;

/**
 * A random G-var as a linear combination for covariance expansion: its <em>atoms</em> (MatMul
 * vars and VecIns, whose pairwise covariance is zero unless their {@link Structure#keyId key ids}
 * agree) sorted by key id, and its <em>composites</em> (arguments that are themselves LinCombs,
 * kept whole so that a residual stream reuses the covariance of its previous value instead of
 * re-expanding it). An atom is the combination of itself. Deterministic arguments (limit
 * variance 0) are left out: they do not contribute to centered covariances.
 */
public final class Affine {
    public final int[] atomKey;
    public final int[] atomVar;
    public final double[] atomCoef;
    public final int[] compVar;
    public final double[] compCoef;

    private Affine(int[] atomKey, int[] atomVar, double[] atomCoef, int[] compVar, double[] compCoef) {
        this.atomKey = atomKey;
        this.atomVar = atomVar;
        this.atomCoef = atomCoef;
        this.compVar = compVar;
        this.compCoef = compCoef;
    }

    /** The expansion of a random G-var (a LinComb by its arguments, anything else by itself). */
    static Affine of(Var v, Structure st) {
        if (!(v.def() instanceof Def.LinComb l)) {
            return new Affine(new int[] {st.keyId(v)}, new int[] {v.id()}, new double[] {1}, new int[0], new double[0]);
        }
        List<int[]> atoms = new ArrayList<>();
        List<Double> atomC = new ArrayList<>();
        List<Integer> comps = new ArrayList<>();
        List<Double> compC = new ArrayList<>();
        for (int i = 0; i < l.args().size(); i++) {
            Var a = l.args().get(i);
            double c = l.coefs()[i];
            if (c == 0 || st.isDeterministic(a)) continue;
            if (a.def() instanceof Def.LinComb) {
                comps.add(a.id());
                compC.add(c);
            } else {
                atoms.add(new int[] {st.keyId(a), a.id(), atomC.size()});
                atomC.add(c);
            }
        }
        atoms.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]));
        int n = atoms.size();
        int[] key = new int[n], var = new int[n];
        double[] coef = new double[n];
        for (int i = 0; i < n; i++) {
            key[i] = atoms.get(i)[0];
            var[i] = atoms.get(i)[1];
            coef[i] = atomC.get(atoms.get(i)[2]);
        }
        return new Affine(key, var, coef, comps.stream().mapToInt(Integer::intValue).toArray(),
                compC.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public boolean isAtom() {
        return compVar.length == 0 && atomVar.length == 1 && atomCoef[0] == 1;
    }

    /** Visits every pair of atoms (i in a, j in b) with equal keys, by merging the sorted key lists. */
    public static void matchAtoms(Affine a, Affine b, PairVisitor visit) {
        int i = 0, j = 0, na = a.atomKey.length, nb = b.atomKey.length;
        while (i < na && j < nb) {
            int ka = a.atomKey[i], kb = b.atomKey[j];
            if (ka < kb) {
                i++;
            } else if (ka > kb) {
                j++;
            } else {
                int i1 = i, j1 = j;
                while (i1 < na && a.atomKey[i1] == ka) i1++;
                while (j1 < nb && b.atomKey[j1] == ka) j1++;
                for (int p = i; p < i1; p++) for (int q = j; q < j1; q++) visit.visit(p, q);
                i = i1;
                j = j1;
            }
        }
    }

    @FunctionalInterface
    public interface PairVisitor {
        void visit(int i, int j);
    }

    @Override
    public String toString() {
        return "atoms " + Arrays.toString(atomVar) + " comps " + Arrays.toString(compVar);
    }
}
