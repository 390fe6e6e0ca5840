package tp.compile;

import java.util.Arrays;
import tp.lang.Builtin;
import tp.lang.Fn;
import tp.lang.Var;

/**
 * One factor of a {@link Term}: a function of G-vars that linearity cannot split further.
 * Expectations of products of atoms are what the infinite-width engine evaluates; the atom kind
 * decides which closed form (if any) applies.
 */
public sealed interface Atom permits Atom.Unary, Atom.ExpQuad, Atom.General, Atom.Param {

    /** Ids of the random G-vars this atom reads, ascending. */
    int[] vars();

    /** Canonical text: equal keys mean equal functions. */
    String key();

    /**
     * A built-in of one affine form: {@code fn(arg)}. {@code fn == ID} only with a single-var
     * {@code arg} (the G-var itself, a "variable atom"); sums are expanded by linearity instead.
     * {@code param} is leaky_relu's slope, NaN otherwise.
     */
    record Unary(Builtin fn, double param, Lin arg) implements Atom {
        public boolean isVar() {
            return fn == Builtin.ID;
        }

        @Override
        public int[] vars() {
            return arg.ids();
        }

        @Override
        public String key() {
            return fn.word + (Double.isNaN(param) ? "" : "[" + param + "]") + "(" + arg.key() + ")";
        }
    }

    /**
     * {@code exp(q(z))} with {@code q} a polynomial of degree exactly 2 in G-vars (a Gaussian
     * bump such as erf' or gelu's density factor): Gaussian integrals of these are closed.
     */
    record ExpQuad(Poly exponent) implements Atom {
        @Override
        public int[] vars() {
            return exponent.vars();
        }

        @Override
        public String key() {
            return "exp{" + exponent.key() + "}";
        }
    }

    /**
     * A per-data-point parameter (Netsor+): an expression of moments only, e.g. {@code 1 / sqrt(v
     * + eps)} of a layer norm. Deterministic at each point in the limit, so expectations take it
     * out as a factor read at the row or column point. No random G-vars.
     */
    record Param(Fn fn, String key) implements Atom {
        public Param(Fn fn) {
            this(fn, "param{" + fn.show() + "}");
        }

        @Override
        public int[] vars() {
            return new int[0];
        }

        /** The moments it reads. */
        public java.util.Set<Var> moments() {
            return fn.vars();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Param p && p.key.equals(key);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }
    }

    /**
     * Anything else (a nested nonlinearity, a quotient of variables, ...): an expression over
     * random G-vars (deterministic ones already replaced by their values), left to quadrature.
     * {@code key} identifies the function: the {@link Canon} that makes it numbers expressions
     * by hash-consing ({@link tp.lang.FnDag}), so the key stays short however deep the
     * expression (a printed key of a depth-d nesting is O(d) long, and products of d such atoms
     * made term keys of O(d^2)).
     */
    record General(Fn fn, int[] ids, String key) implements Atom {
        /** With a printed key (for expressions built outside a {@link Canon}). */
        public General(Fn fn) {
            this(fn, idsOf(fn), null);
        }

        public General {
            if (key == null) key = "{" + fn.show() + "}" + Arrays.toString(ids);
        }

        static int[] idsOf(Fn fn) {
            return fn.vars().stream().mapToInt(Var::id).sorted().toArray();
        }

        @Override
        public int[] vars() {
            return ids.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof General g && g.key().equals(key());
        }

        @Override
        public int hashCode() {
            return key().hashCode();
        }
    }
}
