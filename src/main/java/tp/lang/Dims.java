package tp.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Union-find over width symbols with ratios: {@code value(s) = weight(s) * value(parent(s))}.
 * A dimension term is a literal or {@code ratio * symbol}; {@link #unify} equates two terms and
 * explains a conflict (literal vs width, two literals, inconsistent ratios) naming both sides.
 */
final class Dims {
    /**
     * Where a dimension term comes from, as text: {@code a + b + c + d} ("columns of " W ", "
     * line 2:7), a position written in its short form, absent parts empty. Only read to word a
     * conflict, so it is kept in parts: a program of 10^5 statements does not format 10^5 texts
     * nobody reads.
     */
    record Origin(String a, Object b, String c, Object d) {
        static Origin of(String a, Object b) {
            return new Origin(a, b, null, null);
        }

        @Override
        public String toString() {
            return a + text(b) + (c == null ? "" : c) + text(d);
        }

        private static String text(Object o) {
            return o == null ? "" : o instanceof Pos p ? p.shortForm() : o.toString();
        }
    }

    /** A dimension term: a literal (symbol null) or ratio * symbol; {@code origin} says where it came from. */
    record Term(String symbol, long literal, double ratio, Origin origin) {
        static Term literal(long n, Origin origin) {
            return new Term(null, n, 0, origin);
        }

        static Term symbol(String s, double ratio, Origin origin) {
            return new Term(s, 0, ratio, origin);
        }

        Term from(Origin newOrigin) {
            return new Term(symbol, literal, ratio, newOrigin);
        }

        String where() {
            return origin.toString();
        }

        String show() {
            if (symbol == null) return Long.toString(literal);
            return ratio == 1 ? symbol : Constants.format(ratio) + "*" + symbol;
        }
    }

    private final Map<String, String> parent = new HashMap<>();
    private final Map<String, Double> weight = new HashMap<>();
    /** Order of first appearance: the first symbol of a class is its unit. */
    private final Map<String, Integer> order = new LinkedHashMap<>();

    void declare(String s) {
        if (!parent.containsKey(s)) {
            parent.put(s, s);
            weight.put(s, 1.0);
            order.put(s, order.size());
        }
    }

    boolean isDeclared(String s) {
        return parent.containsKey(s);
    }

    private String root(String s) {
        String p = parent.get(s);
        if (p.equals(s)) return s;
        String r = root(p);
        if (!r.equals(p)) { // path compression keeps the product of weights
            weight.put(s, weight.get(s) * weight.get(p));
            parent.put(s, r);
        }
        return r;
    }

    /** value(s) = factor(s) * value(root(s)). */
    private double factor(String s) {
        root(s);
        String p = parent.get(s);
        return p.equals(s) ? 1.0 : weight.get(s);
    }

    /** Equates two terms; returns an error message, or null when they agree. */
    String unify(Term a, Term b) {
        if (a.symbol == null && b.symbol == null) {
            return a.literal == b.literal ? null
                    : "dimension conflict: " + a.literal + " (" + a.where() + ") vs " + b.literal + " (" + b.where() + ")";
        }
        if (a.symbol == null || b.symbol == null) {
            Term lit = a.symbol == null ? a : b, w = a.symbol == null ? b : a;
            return "width " + w.show() + " (" + w.where() + ") is forced equal to the literal " + lit.literal
                    + " (" + lit.where() + "); widths go to infinity and cannot equal a number";
        }
        if (a.symbol.equals(b.symbol) && a.ratio == b.ratio) return null; // the common case: n against n
        declare(a.symbol);
        declare(b.symbol);
        String ra = root(a.symbol), rb = root(b.symbol);
        double fa = a.ratio * factor(a.symbol), fb = b.ratio * factor(b.symbol);
        if (ra.equals(rb)) {
            if (Math.abs(fa - fb) <= 1e-9 * Math.max(Math.abs(fa), Math.abs(fb))) return null;
            return "inconsistent width ratios: " + a.show() + " (" + a.where() + ") vs " + b.show() + " (" + b.where()
                    + "); the program already fixes " + a.symbol + " / " + b.symbol + " = "
                    + Constants.format(factor(a.symbol) / factor(b.symbol));
        }
        // fa * v(ra) = fb * v(rb)  =>  v(ra) = (fb / fa) v(rb)
        parent.put(ra, rb);
        weight.put(ra, fb / fa);
        return null;
    }

    /** The classes, each with its unit (first-appearing symbol) and every symbol's ratio to it. */
    List<Program.Cdc> classes(Map<String, Integer> classOfSymbol) {
        Map<String, List<String>> byRoot = new LinkedHashMap<>();
        for (String s : order.keySet()) byRoot.computeIfAbsent(root(s), k -> new ArrayList<>()).add(s);
        List<Program.Cdc> out = new ArrayList<>();
        for (List<String> members : byRoot.values()) {
            String unit = members.get(0);
            double unitFactor = factor(unit);
            Map<String, Double> ratios = new LinkedHashMap<>();
            for (String s : members) {
                ratios.put(s, factor(s) / unitFactor);
                classOfSymbol.put(s, out.size());
            }
            out.add(new Program.Cdc(out.size(), unit, ratios));
        }
        return out;
    }
}
