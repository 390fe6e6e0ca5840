package tp.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A sum of coefficient times {@link Term}: the canonical, linearity-expanded form of a function
 * of G-vars. E[P(x) Q(x')] is bilinear in the terms, so the engine handles one term pair at a
 * time. Immutable.
 */
public final class Poly {
    /** Expansion stops (the caller keeps an unexpanded atom instead) beyond this many terms. */
    public static final int MAX_TERMS = 256;

    public static final Poly ZERO = new Poly(new LinkedHashMap<>());
    public static final Poly ONE = constant(1);

    private final LinkedHashMap<Term, Double> terms;
    /**
     * The same function as one opaque atom, when this poly has several terms and some of them
     * hold an {@link Atom.General} (set by {@link Canon}); null otherwise. See {@link #times}.
     */
    private final java.util.function.Supplier<Poly> opaque;

    private Poly(LinkedHashMap<Term, Double> terms) {
        this(terms, null);
    }

    private Poly(LinkedHashMap<Term, Double> terms, java.util.function.Supplier<Poly> opaque) {
        this.terms = terms;
        this.opaque = opaque;
    }

    /** This poly, remembering how to become one opaque atom (see {@link #times}). */
    Poly withOpaque(java.util.function.Supplier<Poly> asAtom) {
        return new Poly(terms, asAtom);
    }

    /** Some term holds an atom that only quadrature can take (so splitting the sum gains no closed form). */
    public boolean hasGeneral() {
        for (Term t : terms.keySet()) for (Atom a : t.atoms()) if (a instanceof Atom.General) return true;
        return false;
    }

    public static Poly constant(double c) {
        LinkedHashMap<Term, Double> m = new LinkedHashMap<>();
        if (c != 0) m.put(Term.ONE, c);
        return new Poly(m);
    }

    public static Poly atom(Atom a) {
        LinkedHashMap<Term, Double> m = new LinkedHashMap<>();
        m.put(Term.of(a), 1.0);
        return new Poly(m);
    }

    public static Poly of(Lin l) {
        LinkedHashMap<Term, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < l.size(); i++) m.put(Term.of(var(l.id(i))), l.coef(i));
        if (l.constant() != 0) m.put(Term.ONE, l.constant());
        return new Poly(m);
    }

    /** The atom "G-var id itself". */
    public static Atom.Unary var(int id) {
        return new Atom.Unary(tp.lang.Builtin.ID, Double.NaN, Lin.of(id));
    }

    public Map<Term, Double> terms() { return java.util.Collections.unmodifiableMap(terms); }
    public int size() { return terms.size(); }
    public boolean isZero() { return terms.isEmpty(); }

    public boolean isConstant() {
        return terms.isEmpty() || (terms.size() == 1 && terms.containsKey(Term.ONE));
    }

    public double constantTerm() {
        return terms.getOrDefault(Term.ONE, 0.0);
    }

    /** Degree of the highest term (atoms counted as degree 1). */
    public int degree() {
        int d = 0;
        for (Term t : terms.keySet()) d = Math.max(d, t.degree());
        return d;
    }

    /** Every term a monomial in G-vars. */
    public boolean isPolynomial() {
        for (Term t : terms.keySet()) if (!t.isMonomial()) return false;
        return true;
    }

    /** Affine in G-vars: the form as a {@link Lin}, else null. */
    public Lin asLin() {
        TreeMap<Integer, Double> cs = new TreeMap<>();
        double c0 = 0;
        for (var e : terms.entrySet()) {
            Term t = e.getKey();
            if (t.degree() == 0) c0 += e.getValue();
            else if (t.degree() == 1 && t.isMonomial()) {
                cs.merge(((Atom.Unary) t.atoms().get(0)).arg().id(0), e.getValue(), Double::sum);
            } else return null;
        }
        return Lin.of(cs, c0);
    }

    public Poly plus(Poly o) {
        return plus(o, 1);
    }

    /** this + k * o. */
    public Poly plus(Poly o, double k) {
        if (k == 0 || o.isZero()) return this;
        LinkedHashMap<Term, Double> m = new LinkedHashMap<>(terms);
        for (var e : o.terms.entrySet()) {
            double v = m.getOrDefault(e.getKey(), 0.0) + k * e.getValue();
            if (v == 0) m.remove(e.getKey());
            else m.put(e.getKey(), v);
        }
        return new Poly(m);
    }

    public Poly scale(double k) {
        if (k == 0) return ZERO;
        if (k == 1) return this;
        LinkedHashMap<Term, Double> m = new LinkedHashMap<>();
        for (var e : terms.entrySet()) m.put(e.getKey(), k * e.getValue());
        return new Poly(m);
    }

    /**
     * The product, or null when it would pass {@link #MAX_TERMS} terms. A factor of several
     * terms some of which need quadrature anyway is multiplied as one opaque atom when it can
     * be (see {@link #withOpaque}) and the other factor has several terms too: distributing
     * (1 - T_k^2) over the d levels of a nested tanh's derivative made 2^d terms (4^d
     * expectations), and bought no closed form.
     */
    public Poly times(Poly o) {
        if (size() > 1 && o.size() > 1) {
            Poly a = opaque != null ? opaque.get() : this, b = o.opaque != null ? o.opaque.get() : o;
            if (a != this || b != o) return a.times(b);
        }
        if ((long) size() * o.size() > 4L * MAX_TERMS) return null;
        LinkedHashMap<Term, Double> m = new LinkedHashMap<>();
        for (var a : terms.entrySet()) {
            for (var b : o.terms.entrySet()) {
                Term t = a.getKey().times(b.getKey());
                double v = m.getOrDefault(t, 0.0) + a.getValue() * b.getValue();
                if (v == 0) m.remove(t);
                else m.put(t, v);
            }
        }
        return m.size() > MAX_TERMS ? null : new Poly(m);
    }

    /** Ids of every G-var read, ascending. */
    public int[] vars() {
        TreeSet<Integer> s = new TreeSet<>();
        for (Term t : terms.keySet()) for (Atom a : t.atoms()) for (int id : a.vars()) s.add(id);
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Canonical text (terms sorted). */
    public String key() {
        List<String> parts = new ArrayList<>();
        for (var e : terms.entrySet()) parts.add(e.getValue() + "*" + e.getKey().key());
        parts.sort(null);
        return parts.isEmpty() ? "0" : String.join(" + ", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Poly p && p.key().equals(key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return key();
    }
}
