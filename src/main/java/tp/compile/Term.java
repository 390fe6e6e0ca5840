package tp.compile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A product of atoms (a monomial without its coefficient); the empty product is 1. Canonical order. */
public final class Term {
    public static final Term ONE = new Term(List.of());

    private final List<Atom> atoms;
    private final String key;

    private Term(List<Atom> sorted) {
        this.atoms = List.copyOf(sorted);
        StringBuilder sb = new StringBuilder();
        for (Atom a : atoms) sb.append(sb.length() == 0 ? "" : "*").append(a.key());
        this.key = sb.length() == 0 ? "1" : sb.toString();
    }

    public static Term of(List<Atom> atoms) {
        List<Atom> s = new ArrayList<>(atoms);
        s.sort(Comparator.comparing(Atom::key));
        return new Term(s);
    }

    public static Term of(Atom a) {
        return new Term(List.of(a));
    }

    public List<Atom> atoms() { return atoms; }
    public int degree() { return atoms.size(); }
    public String key() { return key; }

    public Term times(Term o) {
        if (o.atoms.isEmpty()) return this;
        if (atoms.isEmpty()) return o;
        List<Atom> all = new ArrayList<>(atoms);
        all.addAll(o.atoms);
        return of(all);
    }

    /** Every atom is a G-var itself (the term is a monomial in Gaussians). */
    public boolean isMonomial() {
        for (Atom a : atoms) if (!(a instanceof Atom.Unary u && u.isVar())) return false;
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Term t && t.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }
}
