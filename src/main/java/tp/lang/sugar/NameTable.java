package tp.lang.sugar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import tp.lang.Pos;

/**
 * The variable names an expansion defines: plain names and members of indexed families, each
 * with the core name it becomes ({@code x[3][4]} is {@code x_3_4}). Catches what the core
 * checker cannot explain in the user's terms: a generated name colliding with another name, a
 * family used with the wrong number of indices, a member that is never defined (index out of
 * range), a member used before its definition. Duplicates and undefined names among plain
 * names are left to the checker, whose messages for core programs stay as they are.
 */
final class NameTable {
    /**
     * One defined name: {@code display} is how the user wrote it, {@code index} its statement
     * number, {@code context} the loop variables' values when it was defined ("i = 2").
     */
    private record Entry(String display, Pos pos, int index, boolean generated, String context) {
        String where() {
            return pos.shortForm() + (context.isEmpty() ? "" : ", at " + context);
        }
    }

    private static String at(String context) {
        return context.isEmpty() ? "" : " (at " + context + ")";
    }

    /** An indexed family: index count, where it was first defined, bounding box of its members. */
    private static final class Family {
        final int arity;
        final Pos first;
        final long[] min, max;
        long members;
        /** Where a range declaration ({@code x[0..7]}) defined members, if one did. */
        Pos declaredAt;
        /** The first member came from a declaration with plain indices outside loops ({@code input x[28]}). */
        boolean singleDeclaration;

        Family(int arity, Pos first) {
            this.arity = arity;
            this.first = first;
            min = new long[arity];
            max = new long[arity];
            java.util.Arrays.fill(min, Long.MAX_VALUE);
            java.util.Arrays.fill(max, Long.MIN_VALUE);
        }
    }

    /** A use of a member not yet defined when it was read: resolved (or reported) at the end. */
    private record Pending(String base, long[] idx, Pos pos, int index, String context) {}

    private record PlainUse(String name, Pos pos) {}

    private final Map<String, Entry> names = new HashMap<>();
    private final Map<String, Family> families = new LinkedHashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<PlainUse> plainUses = new ArrayList<>();
    private final Map<String, String> display = new HashMap<>();

    /** The core identifier of a member: {@code x[3][4]} is {@code x_3_4}. */
    static String mangle(String base, long[] idx) {
        StringBuilder sb = new StringBuilder(base);
        for (long i : idx) sb.append('_').append(i);
        return sb.toString();
    }

    static String show(String base, long[] idx) {
        StringBuilder sb = new StringBuilder(base);
        for (long i : idx) sb.append('[').append(i).append(']');
        return sb.toString();
    }

    /** Mangled name to the user's spelling, for every generated name. */
    Map<String, String> displayNames() {
        return display;
    }

    boolean isFamily(String name) {
        return families.containsKey(name);
    }

    /** True when a plain variable of this name is defined so far. */
    boolean isPlainVariable(String name) {
        Entry e = names.get(name);
        return e != null && !e.generated;
    }

    /** Where the family or plain variable {@code name} was first defined, or null. */
    Pos definedAt(String name) {
        Family f = families.get(name);
        if (f != null) return f.first;
        Entry e = names.get(name);
        return e == null || e.generated ? null : e.pos;
    }

    /**
     * Records the definition of a plain name; returns an error message or null. Plain
     * duplicates are not reported here (the checker does it).
     */
    String definePlain(String name, Pos pos, int index) {
        Family f = families.get(name);
        if (f != null) {
            return "'" + name + "' is an indexed family (" + f.first.shortForm() + ") and cannot also be a plain variable";
        }
        Entry e = names.get(name);
        if (e != null) {
            if (e.generated) return collision(name, e, "'" + name + "'");
            return null;
        }
        names.put(name, new Entry(name, pos, index, false, ""));
        return null;
    }

    /** Records the definition of member {@code base[idx]}; returns an error message or null. */
    String defineMember(String base, long[] idx, Pos pos, int index, String context, boolean ranged, boolean single) {
        Entry plain = names.get(base);
        if (plain != null && !plain.generated) {
            return "'" + base + "' is a plain variable (" + plain.pos.shortForm() + ") and cannot also be an indexed family";
        }
        Family f = families.get(base);
        if (f == null) {
            f = new Family(idx.length, pos);
            f.singleDeclaration = single;
            families.put(base, f);
        } else if (f.arity != idx.length) {
            return arityMessage(base, f, idx.length);
        }
        String mangled = mangle(base, idx);
        String shown = show(base, idx);
        Entry e = names.get(mangled);
        if (e != null) {
            if (e.generated && e.display.equals(shown)) {
                return "'" + shown + "' is already defined (" + e.where() + ")";
            }
            return collision(mangled, e, "'" + shown + "'");
        }
        names.put(mangled, new Entry(shown, pos, index, true, context));
        display.put(mangled, shown);
        for (int k = 0; k < idx.length; k++) {
            f.min[k] = Math.min(f.min[k], idx[k]);
            f.max[k] = Math.max(f.max[k], idx[k]);
        }
        f.members++;
        if (ranged && f.declaredAt == null) f.declaredAt = pos;
        return null;
    }

    private static String collision(String mangled, Entry e, String what) {
        return what + " becomes the core name '" + mangled + "', which " + (e.generated ? e.display + " also becomes" : "is already a variable")
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
    String useMember(String base, long[] idx, Pos pos, int index, java.util.function.Supplier<String> context) {
        String mangled = mangle(base, idx);
        Entry e = names.get(mangled);
        if (e == null || !e.generated) pending.add(new Pending(base, idx, pos, index, context.get()));
        return mangled;
    }

    /** Reads a plain name (checked at the end against families and generated names). */
    void usePlain(String name, Pos pos) {
        plainUses.add(new PlainUse(name, pos));
    }

    /** Reports every use that does not resolve to an earlier definition. */
    void finish(BiConsumer<Pos, String> diags) {
        for (Pending p : pending) {
            String shown = show(p.base, p.idx);
            Entry e = names.get(mangle(p.base, p.idx));
            if (e != null && e.generated) {
                if (e.index >= p.index) {
                    diags.accept(p.pos, "'" + shown + "' is used before its definition (" + e.where() + ")" + at(p.context));
                }
                continue;
            }
            if (e != null) {
                diags.accept(p.pos, collision(mangle(p.base, p.idx), e, "'" + shown + "'") + at(p.context));
                continue;
            }
            Family f = families.get(p.base);
            if (f == null) {
                Entry plain = names.get(p.base);
                if (plain != null) {
                    diags.accept(p.pos, "'" + p.base + "' is not an indexed family (" + plain.pos.shortForm() + " defines it without indices)");
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
            Entry e = names.get(u.name);
            if (e != null && e.generated) {
                diags.accept(u.pos, "'" + u.name + "' is the core name of " + e.display + "; write " + e.display);
            }
        }
    }

    /** {@code input x[8] : 2} declares the one member x[8]; say how to declare x[0..7] instead. */
    private static String hint(String base, Family f) {
        if (!f.singleDeclaration || f.members != 1) return "";
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
        if (f.declaredAt != null && volume == f.members) {
            return base + " is declared as " + box + " (" + f.declaredAt.shortForm() + ")";
        }
        return base + " is defined " + (volume == f.members ? "for " : "for some members of ") + box
                + " (first at " + f.first.shortForm() + ")";
    }
}
