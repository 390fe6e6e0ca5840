package tp.lang.sugar;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import tp.lang.Pos;

/**
 * The variable names an expansion defines: plain names and members of indexed families, each
 * with the core name it becomes ({@code x[3][4]} is {@code x_3_4}). Catches what the core
 * checker cannot explain in the user's terms: a generated name colliding with another name, a
 * family used with the wrong number of indices, a member that is never defined (index out of
 * range), a member used before its definition. Duplicates and undefined names among plain
 * names are left to the checker, whose messages for core programs stay as they are.
 *
 * <p>Speed: a CNN unrolls to tens of thousands of members, each read several times. A member
 * is found from its family and index tuple (no text is built to read it), its core name is
 * built once, when it is defined, and every read returns that same String instance (the
 * checker's maps then compare names by identity); the user's spelling ({@code x[3][4]}) and
 * the loop context of a definition are formatted only for messages. There is no table of all
 * core names: a member's core name can only be another's if it is a plain name (a small table)
 * or if the two families' names are related ({@code a} and {@code a_1}), which is rare and
 * known when the second family appears; only then is the other family searched.
 */
final class NameTable {
    /** A naming error; the expander reports it at the name. */
    static final class Clash extends RuntimeException {
        Clash(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * One defined name: {@code core} its core identifier, {@code idx} its indices (null for a
     * plain name), {@code index} its statement number, {@code context} the loop variables'
     * values when it was defined (its toString is "i = 2", or "").
     */
    private static final class Defined {
        final String base, core;
        final long[] idx;
        final Pos pos;
        final int index;
        final Object context;

        Defined(String base, String core, long[] idx, Pos pos, int index, Object context) {
            this.base = base;
            this.core = core;
            this.idx = idx;
            this.pos = pos;
            this.index = index;
            this.context = context;
        }

        boolean generated() {
            return idx != null;
        }

        /** How the user wrote it: {@code x[3][4]}. */
        String display() {
            return idx == null ? base : show(base, idx);
        }

        String where() {
            String c = context.toString();
            return pos.shortForm() + (c.isEmpty() ? "" : ", at " + c);
        }
    }

    private static String at(String context) {
        return context.isEmpty() ? "" : " (at " + context + ")";
    }

    /** An index tuple as a hash key. */
    private static final class Key {
        final long[] idx;
        final int hash;

        Key(long[] idx) {
            this.idx = idx;
            this.hash = Arrays.hashCode(idx);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(idx, k.idx);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** An indexed family: index count, where it was first defined, bounding box and table of its members. */
    private static final class Family {
        final int arity;
        final Pos first;
        final long[] min, max;
        final Map<Key, Defined> members = new HashMap<>();
        /** Where a range declaration ({@code x[0..7]}) defined members, if one did. */
        Pos declaredAt;
        /** The first member came from a declaration with plain indices outside loops ({@code input x[28]}). */
        boolean singleDeclaration;
        /** Another family's name is this one's plus {@code _digits} or the reverse: core names may meet. */
        boolean related;

        Family(int arity, Pos first) {
            this.arity = arity;
            this.first = first;
            min = new long[arity];
            max = new long[arity];
            Arrays.fill(min, Long.MAX_VALUE);
            Arrays.fill(max, Long.MIN_VALUE);
        }
    }

    /** A use of a member not yet defined when it was read: resolved (or reported) at the end. */
    private record Pending(String base, long[] idx, Pos pos, int index, String context) {}

    private record PlainUse(String name, Pos pos) {}

    /** Plain (not indexed) names. */
    private final Map<String, Defined> plain = new HashMap<>();
    private final Map<String, Family> families = new LinkedHashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<PlainUse> plainUses = new ArrayList<>();
    /** Names the sugar makes up (layernorm's {@code y_0__mean}), with how to show them ({@code y[0]__mean}). */
    private final Map<String, String> madeUp = new HashMap<>();
    private boolean anyGenerated;

    /** The core identifier of a member: {@code x[3][4]} is {@code x_3_4}. */
    static String mangle(String base, long[] idx) {
        StringBuilder sb = new StringBuilder(base.length() + 4 * idx.length).append(base);
        for (long i : idx) sb.append('_').append(i);
        return sb.toString();
    }

    static String show(String base, long[] idx) {
        StringBuilder sb = new StringBuilder(base);
        for (long i : idx) sb.append('[').append(i).append(']');
        return sb.toString();
    }

    /**
     * Generated core name to the user's spelling, for every generated name: a read-only view,
     * computed per lookup (it is read only to word error messages).
     */
    Map<String, String> displayNames() {
        return new AbstractMap<>() {
            @Override
            public String get(Object core) {
                String made = madeUp.get(core);
                if (made != null) return made;
                Defined e = core instanceof String c ? member(c) : null;
                return e != null ? e.display() : null;
            }

            @Override
            public boolean containsKey(Object core) {
                return get(core) != null;
            }

            @Override
            public boolean isEmpty() {
                return !anyGenerated;
            }

            @Override
            public Set<Map.Entry<String, String>> entrySet() {
                Map<String, String> all = new HashMap<>(madeUp);
                for (Family f : families.values()) for (Defined e : f.members.values()) all.put(e.core, e.display());
                return all.entrySet();
            }
        };
    }

    boolean isFamily(String name) {
        return families.containsKey(name);
    }

    /** True when a plain variable of this name is defined so far. */
    boolean isPlainVariable(String name) {
        return plain.containsKey(name);
    }

    /** Where the family or plain variable {@code name} was first defined, or null. */
    Pos definedAt(String name) {
        Family f = families.get(name);
        if (f != null) return f.first;
        Defined e = plain.get(name);
        return e == null ? null : e.pos;
    }

    /** The member whose core name is {@code core} ({@code base_i_j...}, any split into base and indices), or null. */
    private Defined member(String core) {
        java.util.ArrayDeque<Long> idx = new java.util.ArrayDeque<>();
        int cut = core.length();
        while (true) {
            int us = core.lastIndexOf('_', cut - 1);
            if (us <= 0 || !canonicalDigits(core, us + 1, cut)) return null;
            idx.addFirst(Long.parseLong(core.substring(us + 1, cut)));
            Family f = families.get(core.substring(0, us));
            if (f != null && f.arity == idx.size()) {
                long[] key = new long[idx.size()];
                int k = 0;
                for (long i : idx) key[k++] = i;
                Defined e = f.members.get(new Key(key));
                if (e != null) return e;
            }
            cut = us;
        }
    }

    /** {@code s[from, to)} is a number as {@link #mangle} writes one (no sign, no leading zero). */
    private static boolean canonicalDigits(String s, int from, int to) {
        if (to <= from || to - from > 18 || (s.charAt(from) == '0' && to - from > 1)) return false;
        for (int i = from; i < to; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    /** One name is the other followed by one or more {@code _digits}: their members' core names may meet. */
    private static boolean related(String a, String b) {
        String shorter = a.length() <= b.length() ? a : b, longer = shorter == a ? b : a;
        if (longer.length() == shorter.length() || !longer.startsWith(shorter) || longer.charAt(shorter.length()) != '_') {
            return false;
        }
        for (int i = shorter.length(); i < longer.length(); i++) {
            char c = longer.charAt(i);
            if (c != '_' && (c < '0' || c > '9')) return false;
        }
        return true;
    }

    /**
     * Records the definition of a plain name; returns its core name (the name itself), or throws
     * a {@link Clash}. Plain duplicates are not reported here (the checker does it).
     */
    String definePlain(String name, Pos pos, int index) {
        Family f = families.get(name);
        if (f != null) {
            throw new Clash("'" + name + "' is an indexed family (" + f.first.shortForm() + ") and cannot also be a plain variable");
        }
        Defined e = plain.get(name);
        if (e != null) return e.core;
        Defined m = member(name);
        if (m != null) throw new Clash(collision(name, m, "'" + name + "'"));
        plain.put(name, new Defined(name, name, null, pos, index, ""));
        return name;
    }

    /**
     * Records a name the sugar makes up (a layernorm's mean {@code y_0__mean}, shown as
     * {@code y[0]__mean}): like a plain name, but its own definition twice is a clash here.
     */
    String defineGenerated(String core, String shown, Pos pos, int index) {
        Defined e = plain.get(core);
        if (e != null) throw new Clash("'" + shown + "' (a moment the sugar writes) is already defined (" + e.pos.shortForm() + "); rename that variable");
        String name = definePlain(core, pos, index);
        if (!core.equals(shown)) {
            madeUp.put(core, shown);
            anyGenerated = true;
        }
        return name;
    }

    /**
     * Records the definition of member {@code base[idx]}; returns its core name, or throws a
     * {@link Clash}. {@code context}'s toString gives the loop variables' values, when needed.
     */
    String defineMember(String base, long[] idx, Pos pos, int index, Object context, boolean ranged, boolean single) {
        Family f = families.get(base);
        if (f == null) {
            Defined p = plain.get(base);
            if (p != null) {
                throw new Clash("'" + base + "' is a plain variable (" + p.pos.shortForm() + ") and cannot also be an indexed family");
            }
            f = new Family(idx.length, pos);
            f.singleDeclaration = single;
            for (Map.Entry<String, Family> g : families.entrySet()) {
                if (related(base, g.getKey())) f.related = g.getValue().related = true;
            }
            families.put(base, f);
        } else if (f.arity != idx.length) {
            throw new Clash(arityMessage(base, f, idx.length));
        }
        Key key = new Key(idx);
        Defined same = f.members.get(key);
        if (same != null) throw new Clash("'" + show(base, idx) + "' is already defined (" + same.where() + ")");
        String mangled = mangle(base, idx);
        Defined e = plain.get(mangled);
        if (e == null && f.related) e = member(mangled);
        if (e != null) throw new Clash(collision(mangled, e, "'" + show(base, idx) + "'"));
        e = new Defined(base, mangled, idx, pos, index, context);
        f.members.put(key, e);
        anyGenerated = true;
        for (int k = 0; k < idx.length; k++) {
            if (idx[k] < f.min[k]) f.min[k] = idx[k];
            if (idx[k] > f.max[k]) f.max[k] = idx[k];
        }
        if (ranged && f.declaredAt == null) f.declaredAt = pos;
        return mangled;
    }

    private static String collision(String mangled, Defined e, String what) {
        return what + " becomes the core name '" + mangled + "', which " + (e.generated() ? e.display() + " also becomes" : "is already a variable")
                + " (" + e.pos.shortForm() + "); rename one of them";
    }

    private static String arityMessage(String base, Family f, int used) {
        return "'" + base + "' has " + f.arity + " ind" + (f.arity == 1 ? "ex" : "ices") + " (" + f.first.shortForm()
                + "), not " + used;
    }

    /**
     * Reads member {@code base[idx]} at statement {@code index}: returns its core name. A member
     * not defined yet is checked at the end ({@link #finish}).
     */
    String useMember(String base, long[] idx, Pos pos, int index, Supplier<String> context) {
        Family f = families.get(base);
        if (f != null && f.arity == idx.length) {
            Defined e = f.members.get(new Key(idx));
            if (e != null) return e.core;
        }
        pending.add(new Pending(base, idx, pos, index, context.get()));
        return mangle(base, idx);
    }

    /** Reads a plain name (checked at the end against families and generated names). */
    void usePlain(String name, Pos pos) {
        plainUses.add(new PlainUse(name, pos));
    }

    /** Reports every use that does not resolve to an earlier definition. */
    void finish(BiConsumer<Pos, String> diags) {
        for (Pending p : pending) {
            String shown = show(p.base, p.idx);
            Family f = families.get(p.base);
            Defined e = f != null && f.arity == p.idx.length ? f.members.get(new Key(p.idx)) : null;
            if (e != null) {
                if (e.index >= p.index) {
                    diags.accept(p.pos, "'" + shown + "' is used before its definition (" + e.where() + ")" + at(p.context));
                }
                continue;
            }
            String core = mangle(p.base, p.idx);
            e = plain.get(core);
            if (e == null) e = member(core);
            if (e != null) {
                diags.accept(p.pos, collision(core, e, "'" + shown + "'") + at(p.context));
                continue;
            }
            if (f == null) {
                Defined q = plain.get(p.base);
                if (q != null) {
                    diags.accept(p.pos, "'" + p.base + "' is not an indexed family (" + q.pos.shortForm() + " defines it without indices)");
                } else {
                    diags.accept(p.pos, "undefined name '" + p.base + "' (no member " + p.base + "[...] is defined)");
                }
            } else if (f.arity != p.idx.length) {
                diags.accept(p.pos, arityMessage(p.base, f, p.idx.length));
            } else {
                diags.accept(p.pos, "index out of range: " + shown + " is not defined; " + describe(p.base, f) + at(p.context) + hint(p.base, f));
            }
        }
        for (PlainUse u : plainUses) {
            Family f = families.get(u.name);
            if (f != null) {
                diags.accept(u.pos, "'" + u.name + "' is an indexed family (" + f.first.shortForm() + "); name one member, e.g. "
                        + show(u.name, f.min));
                continue;
            }
            Defined e = plain.containsKey(u.name) ? null : member(u.name);
            if (e != null) {
                diags.accept(u.pos, "'" + u.name + "' is the core name of " + e.display() + "; write " + e.display());
            }
        }
    }

    /** {@code input x[8] : 2} declares the one member x[8]; say how to declare x[0..7] instead. */
    private static String hint(String base, Family f) {
        if (!f.singleDeclaration || f.members.size() != 1) return "";
        StringBuilder one = new StringBuilder(base), many = new StringBuilder(base);
        for (int k = 0; k < f.arity; k++) {
            one.append('[').append(f.min[k]).append(']');
            if (f.min[k] < 1) return "";
            many.append("[0..").append(f.min[k] - 1).append(']');
        }
        return "; note: a declaration of " + one + " declares that one member; to declare " + many
                + " write the indices as ranges";
    }

    private static String describe(String base, Family f) {
        StringBuilder box = new StringBuilder(base);
        long volume = 1;
        for (int k = 0; k < f.arity; k++) {
            box.append('[').append(f.min[k]).append("..").append(f.max[k]).append(']');
            volume *= f.max[k] - f.min[k] + 1;
        }
        long members = f.members.size();
        if (f.declaredAt != null && volume == members) {
            return base + " is declared as " + box + " (" + f.declaredAt.shortForm() + ")";
        }
        return base + " is defined " + (volume == members ? "for " : "for some members of ") + box
                + " (first at " + f.first.shortForm() + ")";
    }
}
