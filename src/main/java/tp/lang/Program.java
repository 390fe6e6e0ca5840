package tp.lang;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked core program: the one representation every later stage (compiler, infinite-width
 * engine, finite-width executor) reads. Built by {@link Checker}; immutable.
 */
public final class Program {
    /** A common dimension class: its unit symbol and every width symbol in it with its ratio to the unit. */
    public record Cdc(int index, String unit, Map<String, Double> symbols) {}

    private final String name;
    private final String file;
    private final List<Var> vars;
    /** Variables by name, built on the first {@link #var} call (the engines read ids, not names). */
    private Map<String, Var> byName;
    private final Var output;
    private final int inputWidth;
    private final List<Cdc> cdcs;
    private final Map<Var, Fn> inlined = new HashMap<>();
    private Map<String, String> display = Map.of();

    Program(String name, String file, List<Var> vars, Var output, int inputWidth, List<Cdc> cdcs) {
        this.name = name;
        this.file = file;
        this.vars = List.copyOf(vars);
        this.output = output;
        this.inputWidth = inputWidth;
        this.cdcs = List.copyOf(cdcs);
    }

    /** Set once by {@link Frontend}: generated core names to the user's spelling ({@code x_3_4} was {@code x[3][4]}). */
    /** Kept as given, not copied: the unroller's map is a lazy view that words a name only when a message needs it. */
    void setDisplay(Map<String, String> display) {
        this.display = java.util.Collections.unmodifiableMap(display);
    }

    /** A variable's name as the user wrote it ({@code h[1]} for the generated core name {@code h_1}). */
    public String shown(Var v) {
        return display.getOrDefault(v.name(), v.name());
    }

    /** A variable for messages: its written name and the line it is defined on ({@code h[1] (line 12)}). */
    public String where(Var v) {
        return shown(v) + " (line " + v.pos().line() + ")";
    }

    /** The {@code program NAME}, or the file name without extension. */
    public String name() { return name; }
    public String file() { return file; }
    /** Every variable in definition order; {@code vars().get(i).id() == i}. */
    public List<Var> vars() { return vars; }
    public synchronized Var var(String name) {
        if (byName == null) {
            byName = new HashMap<>(2 * vars.size());
            for (Var v : vars) byName.put(v.name(), v);
        }
        return byName.get(name);
    }
    public Var output() { return output; }
    /** Length of one input row: the sum of the input dimensions. */
    public int inputWidth() { return inputWidth; }
    public List<Cdc> cdcs() { return cdcs; }

    /** The input statements, in column order. */
    public List<Var> inputs() {
        return vars.stream().filter(v -> v.kind() == Kind.DATA).toList();
    }

    /** MatIn and VecIn variables, in definition order. */
    public List<Var> parameters() {
        return vars.stream().filter(Var::isParameter).toList();
    }

    /** The MatMul variables that multiply by {@code matrix} or by a transpose of it. */
    public List<Var> usesOf(Var matrix) {
        List<Var> out = new ArrayList<>();
        for (Var v : vars) {
            if (v.def() instanceof Def.MatMul m) {
                Var a = m.matrix();
                if (a == matrix || (a.def() instanceof Def.Transpose t && t.of() == matrix)) out.add(v);
            }
        }
        return out;
    }

    /** The variables whose definitions read {@code v} directly. */
    public List<Var> consumers(Var v) {
        List<Var> out = new ArrayList<>();
        for (Var u : vars) if (reads(u).contains(v)) out.add(u);
        return out;
    }

    /** The variables {@code v}'s definition reads directly. */
    public static List<Var> reads(Var v) {
        Def d = v.def();
        if (d instanceof Def.MatMul m) return List.of(m.matrix(), m.arg());
        if (d instanceof Def.LinComb l) return l.args();
        if (d instanceof Def.Nonlin n) return n.args();
        if (d instanceof Def.Moment m) return m.args();
        if (d instanceof Def.Transpose t) return List.of(t.of());
        return Collections.emptyList();
    }

    /**
     * A G- or H-var as a function of G-vars only: H-vars are replaced by their definitions
     * (LinComb over H-vars included), G-vars stay as arguments, and so do moments (Netsor+: a
     * moment is a parameter of the nonlinearity, one number per data point). Memoized.
     */
    public synchronized Fn inlined(Var v) {
        Fn cached = inlined.get(v);
        if (cached != null) return cached;
        Fn f;
        if (v.kind() == Kind.G || v.kind() == Kind.SCALAR) { // moments stay parameters
            f = Fn.arg(v);
        } else if (v.def() instanceof Def.Nonlin n) {
            f = n.fn().substitute(this::inlined);
        } else if (v.def() instanceof Def.LinComb l && v.kind() == Kind.H) {
            f = Fn.c(0);
            for (int i = 0; i < l.args().size(); i++) f = Fn.add(f, Fn.mul(Fn.c(l.coefs()[i]), inlined(l.args().get(i))));
        } else {
            throw new IllegalArgumentException(v.name() + " is not a G- or H-var");
        }
        inlined.put(v, f);
        return f;
    }

    /** The moments (Netsor+), in definition order. */
    public List<Var> moments() {
        return vars.stream().filter(v -> v.kind() == Kind.SCALAR).toList();
    }

    /**
     * True when some trainable parameter is in the standard parametrization: the NTK then
     * depends on the finite width (its infinite-width value is affine in the width).
     */
    public boolean hasTrainableStandard() {
        for (Var p : vars) if (p.isTrainable() && p.isStandard()) return true;
        return false;
    }

    /**
     * The first trainable matrix in the standard parametrization whose fan-in is a width (its NTK
     * contribution grows with it, so the NTK needs the width), or null: then the NTK does not
     * depend on the width.
     */
    public Var widthDependentParameter() {
        for (Var p : vars) {
            if (p.isTrainable() && p.isStandard() && p.cols() != null && !p.cols().isFinite()) return p;
        }
        return null;
    }

    /** Number of scalar parameters at width n; {@code trainable} selects trainable or frozen ones. */
    public long parameterCount(int n, boolean trainable) {
        long total = 0;
        for (Var p : parameters()) {
            if (p.isTrainable() != trainable) continue;
            long size = p.dim().at(n);
            if (p.cols() != null) size *= p.cols().at(n);
            total += size;
        }
        return total;
    }
}
