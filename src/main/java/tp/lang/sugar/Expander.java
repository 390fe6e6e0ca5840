package tp.lang.sugar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tp.lang.Ast;
import tp.lang.Builtin;
import tp.lang.Constants;
import tp.lang.Diagnostics;
import tp.lang.Fn;
import tp.lang.Pos;

/**
 * Unrolls the sugar of docs/LANGUAGE-EXTENSIONS.md into core statements: substitutes {@code let}
 * constants and loop variables, repeats {@code for} bodies, writes sums out as additions, turns
 * indexed names into core identifiers ({@code x[3][4]} is {@code x_3_4}). Every generated
 * statement and expression keeps the position of the text it came from, so the checker's errors
 * point at the user's line and column. A program without sugar comes out statement for statement
 * as the core parser would have built it.
 */
public final class Expander {
    /**
     * A constant in scope: a {@code let}, or a loop/sum variable whose {@code value} is updated
     * in place on every iteration (one object per loop, not one per iteration).
     */
    static final class Const {
        final String name;
        double value;
        final Pos pos;
        final boolean loop;

        Const(String name, double value, Pos pos, boolean loop) {
            this.name = name;
            this.value = value;
            this.pos = pos;
            this.loop = loop;
        }
    }

    /**
     * The loop variables' values at one moment ("i = 2, a = 1"), formatted only when a message
     * needs them: a definition inside a loop records one, and almost none is ever printed. The
     * names array is shared by every snapshot taken under the same loops.
     */
    private static final class Snapshot {
        final String[] names;
        final double[] values;

        Snapshot(String[] names, List<Const> loops) {
            this.names = names;
            values = new double[names.length];
            for (int i = 0; i < names.length; i++) values[i] = loops.get(i).value;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < names.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(names[i]).append(" = ").append(Constants.format(values[i]));
            }
            return sb.toString();
        }
    }

    private record Located(Pos pos, String message) {}

    /** Thrown after an error is reported, to abandon the current statement. */
    static final class Fail extends RuntimeException {
        Fail() {
            super(null, null, false, false);
        }
    }

    private final String file;
    /** Errors found, reported sorted by position at the end. */
    private final List<Located> errors = new ArrayList<>();
    private final Set<Pos> reported = new HashSet<>();
    final List<Ast.Stmt> out = new ArrayList<>();
    final NameTable names = new NameTable();
    /** The Netsor+ sugar: layernorm and softmax. */
    private final NetsorPlusSugar plus = new NetsorPlusSugar(this);
    private final Map<String, Const> consts = new HashMap<>();
    /** Loop and sum variables in scope, outermost first, for "(at i = 2, a = 1)" in messages. */
    private final List<Const> loopVars = new ArrayList<>();
    /** {@link #context()} as a supplier, made once (not a method reference per use). */
    private final java.util.function.Supplier<String> contextText = this::context;
    /** The names of {@link #loopVars}, made again only when the loops change (see {@link Snapshot}). */
    private String[] loopNames;
    private final Set<String> widthSymbols = new HashSet<>();
    boolean unrolled;
    /** Statements, declared family members and sum terms generated so far (see {@link #LIMIT}). */
    private long generated;
    /** Loop and sum iterations run so far, kept or not by their guards (see {@link #ITERATION_LIMIT}). */
    private long iterations;

    /**
     * The most statements, family members and sum terms one program may unroll to: far above any
     * network the engines can run (10^5 statements check in about a second), low enough that a
     * typo in a range (0..3000000000) is an error instead of minutes of work and out of memory.
     */
    public static final long LIMIT = 2_000_000;

    /**
     * The most loop and sum iterations one program may run, counting those a guard skips (which
     * generate nothing): {@code for i in 0..10^12 if i == 0} is an error, not an hour of work.
     */
    public static final long ITERATION_LIMIT = 10 * LIMIT;

    /** Unrolling went past {@link #LIMIT}: abandons the whole expansion at once. */
    private static final class TooBig extends RuntimeException {
        TooBig() {
            super(null, null, false, false);
        }
    }

    private Expander(String file) {
        this.file = file;
    }

    /** Unrolls a parsed file; throws one UserError listing every sugar error found. */
    public static Expansion expand(String file, List<Surface.Stmt> stmts) {
        Expander x = new Expander(file);
        try {
            x.block(stmts);
            x.names.finish(x::report);
        } catch (TooBig big) {
            // reported where the limit was crossed; nothing after it is meaningful
        }
        Diagnostics diags = new Diagnostics();
        x.errors.sort(java.util.Comparator.comparingInt((Located l) -> l.pos().line()).thenComparingInt(l -> l.pos().col()));
        for (Located l : x.errors) diags.error(l.pos(), l.message());
        diags.throwIfAny();
        return new Expansion(file, List.copyOf(x.out), x.names.displayNames(), x.unrolled);
    }

    // ---- errors ---------------------------------------------------------------------------

    /** "i = 2, a = 1" inside loops and sums, "" outside. */
    private String context() {
        return loopVars.isEmpty() ? "" : snapshot().toString();
    }

    /** The loop variables' values now, formatted later if ever ("" outside loops). */
    private Object snapshot() {
        if (loopVars.isEmpty()) return "";
        if (loopNames == null) {
            loopNames = new String[loopVars.size()];
            for (int i = 0; i < loopNames.length; i++) loopNames[i] = loopVars.get(i).name;
        }
        return new Snapshot(loopNames, loopVars);
    }

    /** Reports once per position (a loop repeats the same mistake on every iteration). */
    private void report(Pos pos, String msg) {
        if (reported.add(pos)) errors.add(new Located(pos, msg));
    }

    private void error(Pos pos, String msg) {
        String at = context();
        report(pos, at.isEmpty() ? msg : msg + " (at " + at + ")");
    }

    /** Counts {@code k} more generated items at {@code pos}; past {@link #LIMIT} reports and stops. */
    void generate(Pos pos, long k) {
        generated += k;
        if (generated > LIMIT || k < 0) {
            error(pos, "the program unrolls to more than " + LIMIT + " statements, family members and sum terms;"
                    + " check the ranges (a typo such as 0..3000000000?)");
            throw new TooBig();
        }
    }

    /** Counts one loop or sum iteration at {@code pos}; past {@link #ITERATION_LIMIT} reports and stops. */
    private void iterate(Pos pos) {
        if (++iterations > ITERATION_LIMIT) {
            error(pos, "the program's loops and sums run more than " + ITERATION_LIMIT + " iterations (guards included);"
                    + " check the ranges (a typo such as 0..3000000000?)");
            throw new TooBig();
        }
    }

    Fail fail(Pos pos, String msg) {
        error(pos, msg);
        return new Fail();
    }

    // ---- statements -----------------------------------------------------------------------

    /** A statement list with its own scope for {@code let}. */
    private void block(List<Surface.Stmt> stmts) {
        List<String> lets = new ArrayList<>();
        for (Surface.Stmt s : stmts) {
            try {
                statement(s, lets);
            } catch (Fail f) {
                // reported; go on with the next statement
            }
        }
        for (String l : lets) consts.remove(l);
    }

    private void statement(Surface.Stmt s, List<String> lets) {
        generate(s.pos(), 1);
        if (s instanceof Surface.Core c) out.add(c.stmt());
        else if (s instanceof Surface.Let l) let(l, lets);
        else if (s instanceof Surface.For f) {
            unrolled = true;
            loop(f, 0);
        } else if (s instanceof Surface.If f) {
            block(cond(f.cond()) ? f.then() : f.otherwise());
        } else if (s instanceof Surface.DimDecl d) {
            if (consts.containsKey(d.name().text())) throw constantClash(d.name().text(), d.name().pos(), "width symbol");
            widthSymbols.add(d.name().text());
            out.add(new Ast.DimDecl(d.pos(), d.name(), d.ratio() == null ? null : expr(d.ratio())));
        } else if (s instanceof Surface.Input x) {
            for (long[] idx : members(x.name())) {
                out.add(new Ast.Input(x.pos(), define(x.name(), idx, true), dim(x.dim())));
            }
        } else if (s instanceof Surface.MatIn m) {
            for (long[] idx : members(m.name())) {
                out.add(new Ast.MatIn(m.pos(), define(m.name(), idx, true), dim(m.rows()), dim(m.cols()),
                        optional(m.sigma()), m.frozen(), m.param()));
            }
        } else if (s instanceof Surface.VecIn v) {
            for (long[] idx : members(v.name())) {
                out.add(new Ast.VecIn(v.pos(), define(v.name(), idx, true), dim(v.dim()), optional(v.sigma()),
                        optional(v.mean()), v.initZero(), v.frozen(), v.param()));
            }
        } else if (s instanceof Surface.Transpose t) {
            Ast.Name src = use(t.source());
            out.add(new Ast.Transpose(t.pos(), define(t.name(), index(t.name()), false), src));
        } else if (s instanceof Surface.MatMul m) {
            Ast.Name w = use(m.matrix()), h = use(m.arg());
            out.add(new Ast.MatMul(m.pos(), define(m.name(), index(m.name()), false), w, h));
        } else if (s instanceof Surface.LinComb l) {
            Ast.Expr e = expr(l.expr());
            out.add(new Ast.LinComb(l.pos(), define(l.name(), index(l.name()), false), e));
        } else if (s instanceof Surface.Nonlin n) {
            if (n.expr() instanceof Surface.Norm norm) {
                plus.layerNormFamily(n, norm);
                return;
            }
            plus.rejectNested(n.expr());
            long[] idx = index(n.name());
            Ast.Expr e = plus.nonlinBody(n.expr(), n.name(), idx);
            out.add(new Ast.Nonlin(n.pos(), define(n.name(), idx, false), e));
        } else if (s instanceof Surface.Moment m) {
            if (m.expr() instanceof Surface.Norm norm) {
                plus.softmaxFamily(m, norm);
                return;
            }
            Ast.Expr e = expr(m.expr());
            out.add(new Ast.Moment(m.pos(), define(m.name(), index(m.name()), false), e));
        } else {
            Surface.Output o = (Surface.Output) s;
            out.add(new Ast.Output(o.pos(), use(o.var())));
        }
    }

    private void let(Surface.Let l, List<String> lets) {
        String name = l.name().text();
        Const prev = consts.get(name);
        if (prev != null) {
            throw fail(l.name().pos(), "'" + name + "' is already " + (prev.loop ? "a loop variable" : "a constant")
                    + " (" + prev.pos.shortForm() + ")");
        }
        checkNotVariable(name, l.name().pos(), "a constant");
        double v = value(l.value(), "the value of " + name);
        if (!Double.isFinite(v)) throw fail(l.value().pos(), "the value of " + name + " is not a finite number (" + v + ")");
        consts.put(name, new Const(name, v, l.name().pos(), false));
        lets.add(name);
    }

    /** Rejects a constant or loop variable that would hide a variable or width symbol. */
    private void checkNotVariable(String name, Pos pos, String what) {
        Pos at = names.definedAt(name);
        if (at != null) throw fail(pos, "'" + name + "' is already a variable (" + at.shortForm() + "); choose another name for " + what);
        if (widthSymbols.contains(name)) throw fail(pos, "'" + name + "' is already a width symbol; choose another name for " + what);
    }

    private Fail constantClash(String name, Pos pos, String what) {
        Const c = consts.get(name);
        return fail(pos, "'" + name + "' is " + (c.loop ? "a loop variable" : "a constant") + " (" + c.pos.shortForm()
                + ") and cannot also be a " + what);
    }

    private void loop(Surface.For f, int k) {
        if (k == f.binders().size()) {
            block(f.body());
            return;
        }
        Surface.Binder b = f.binders().get(k);
        long[] r = range(b.range(), LOOP);
        Const c = bind(b, r[0]);
        try {
            for (long v = r[0]; v <= r[1]; v++) if (next(b, c, v)) loop(f, k + 1);
        } finally {
            unbind(c);
        }
    }

    /*
     * Loops and sums run their bodies by plain recursion over the binders (bind, next, unbind),
     * not through closures: a cold JVM interprets the first tens of thousands of iterations,
     * and creating a lambda there is a method-handle call each time.
     */

    /** Binds the variable of a loop or sum binder, after checking its name; {@link #unbind} undoes it. */
    Const bind(Surface.Binder b, long first) {
        String name = b.var().text();
        Const prev = consts.get(name);
        if (prev != null) {
            throw fail(b.var().pos(), "'" + name + "' is already " + (prev.loop ? "a loop variable" : "a constant") + " ("
                    + prev.pos.shortForm() + "); choose another name");
        }
        checkNotVariable(name, b.var().pos(), "a loop variable");
        Const c = new Const(name, first, b.var().pos(), true);
        consts.put(name, c);
        loopVars.add(c);
        loopNames = null;
        return c;
    }

    void unbind(Const c) {
        consts.remove(c.name);
        loopVars.remove(loopVars.size() - 1);
        loopNames = null;
    }

    /** Sets the variable to {@code v} and counts the iteration: true when the binder's guard (if any) holds. */
    boolean next(Surface.Binder b, Const c, long v) {
        c.value = v;
        iterate(b.var().pos());
        return b.guard() == null || cond(b.guard());
    }

    /** What a range is, as messages name it and its two ends (texts made once, not per evaluation). */
    record Role(String what, String start, String end) {
        Role(String what) {
            this(what, what + " start", what + " end");
        }
    }

    static final Role LOOP = new Role("loop range"), SUM = new Role("sum range"), INDEX = new Role("index range"),
            IN = new Role("range");

    /** Both bounds of {@code a..b}; {@code a..a-1} is the empty range, anything lower an error. */
    long[] range(Surface.Range r, Role role) {
        long lo = integer(r.from(), role.start), hi = integer(r.to(), role.end);
        if (hi < lo - 1) {
            throw fail(r.pos(), "bad " + role.what + " " + lo + ".." + hi + ": ranges include both ends and count up"
                    + " (" + lo + ".." + (lo - 1) + " is the empty range)");
        }
        return new long[] {lo, hi};
    }

    // ---- names ----------------------------------------------------------------------------

    /**
     * The index tuples a declared name stands for ({@code input}, {@code MatIn}, {@code VecIn}),
     * in row-major order: an index may be a range {@code a..b} declaring every member in it.
     */
    private List<long[]> members(Surface.Ref r) {
        int n = r.indices().size();
        long[][] values = new long[n][];
        for (int k = 0; k < n; k++) {
            Surface.Index ix = r.indices().get(k);
            if (ix.range() != null) {
                long[] b = range(ix.range(), INDEX);
                if (b[1] < b[0]) throw fail(ix.pos(), "empty index range " + b[0] + ".." + b[1] + " declares nothing");
                checkIndex(b[0], ix.pos());
                values[k] = b;
            } else {
                long i = integer(ix.expr(), "index");
                checkIndex(i, ix.pos());
                values[k] = new long[] {i, i};
            }
        }
        long count = 1;   // members declared; generate() rejects an overflow (-1) or a huge count before any is made
        for (long[] b : values) {
            long size = b[1] - b[0] + 1;
            count = count < 0 || (size > 0 && count > Long.MAX_VALUE / size) ? -1 : count * size;
        }
        if (n > 0) generate(r.pos(), count);
        List<long[]> tuples = new ArrayList<>();
        long[] cur = new long[n];
        tuples(values, 0, cur, tuples);
        if (n > 0 && tuples.size() > 1) unrolled = true;
        return tuples;
    }

    private static void tuples(long[][] values, int k, long[] cur, List<long[]> out) {
        if (k == values.length) {
            out.add(cur.clone());
            return;
        }
        for (long v = values[k][0]; v <= values[k][1]; v++) {
            cur[k] = v;
            tuples(values, k + 1, cur, out);
        }
    }

    private void checkIndex(long i, Pos pos) {
        if (i < 0) throw fail(pos, "index " + i + " is negative; indices start at 0");
    }

    /** The one index tuple of a non-declaration name (counted like a declared member, see {@link #LIMIT}). */
    long[] index(Surface.Ref r) {
        int n = r.indices().size();
        long[] idx = new long[n];
        for (int k = 0; k < n; k++) {
            Surface.Index ix = r.indices().get(k);
            if (ix.range() != null) {
                throw fail(ix.pos(), "a range [a..b] declares members; it is only allowed in input, MatIn and VecIn");
            }
            long i = integer(ix.expr(), "index");
            checkIndex(i, ix.pos());
            idx[k] = i;
        }
        if (n > 0) generate(r.pos(), 1);
        return idx;
    }

    Ast.Name define(Surface.Ref r, long[] idx, boolean declared) {
        String name = r.name();
        if (consts.containsKey(name)) throw constantClash(name, r.pos(), "variable");
        try {
            if (!r.isIndexed()) return new Ast.Name(names.definePlain(name, r.pos(), out.size()), r.pos());
            boolean ranged = false;
            if (declared) for (Surface.Index ix : r.indices()) ranged |= ix.range() != null;
            boolean single = declared && !ranged && loopVars.isEmpty(); // "input x[28] : 1" at top level: maybe meant 0..27
            return new Ast.Name(names.defineMember(name, idx, r.pos(), out.size(), snapshot(), ranged, single), r.pos());
        } catch (NameTable.Clash c) {
            throw fail(r.pos(), c.getMessage());
        }
    }

    /** A name read as a variable (MatMul arguments, T's source, Output). */
    private Ast.Name use(Surface.Ref r) {
        String name = r.name();
        Const c = consts.get(name);
        if (c != null) {
            throw fail(r.pos(), "'" + name + "' is " + (c.loop ? "a loop variable" : "a constant") + " (" + c.pos.shortForm()
                    + "), not a variable");
        }
        if (!r.isIndexed()) {
            names.usePlain(name, r.pos());
            return new Ast.Name(name, r.pos());
        }
        return new Ast.Name(names.useMember(name, index(r), r.pos(), out.size(), contextText), r.pos());
    }

    // ---- dimensions and expressions -------------------------------------------------------

    private Ast.Dim dim(Surface.Dim d) {
        if (d.literal() > 0) return new Ast.Dim(d.pos(), null, d.literal());
        if (d.name() != null && !consts.containsKey(d.name())) {
            widthSymbols.add(d.name());
            return new Ast.Dim(d.pos(), d.name(), 0);
        }
        long v = d.name() != null ? integer(new Surface.Name(d.pos(), new Surface.Ref(d.name(), d.pos(), List.of())), "dimension")
                : integer(d.expr(), "dimension");
        if (v < 1 || v > Integer.MAX_VALUE) throw fail(d.pos(), "a dimension must be a positive integer, found " + v);
        return new Ast.Dim(d.pos(), null, v);
    }

    private Ast.Expr optional(Surface.Expr e) {
        return e == null ? null : expr(e);
    }

    /** A program expression: constants substituted, sums written out, members renamed. */
    Ast.Expr expr(Surface.Expr e) {
        if (e instanceof Surface.Num n) return new Ast.Num(n.pos(), n.value());
        if (e instanceof Surface.Name n) {
            Surface.Ref r = n.ref();
            Const c = consts.get(r.name());
            if (c != null && !r.isIndexed()) return new Ast.Num(n.pos(), c.value);
            if (r.isIndexed() || !r.name().equals("pi")) return new Ast.Ref(n.pos(), use(r).text());
            return new Ast.Ref(n.pos(), r.name());
        }
        if (e instanceof Surface.Neg n) return new Ast.Neg(n.pos(), expr(n.arg()));
        if (e instanceof Surface.Bin b) return new Ast.Bin(b.pos(), b.op(), expr(b.left()), expr(b.right()));
        if (e instanceof Surface.Call c) {
            if (c.fn().equals(NetsorPlusSugar.LAYERNORM) || c.fn().equals(NetsorPlusSugar.SOFTMAX)) return plus.call(c);
            if (!c.settings().isEmpty()) {
                throw fail(c.settings().get(0).name().pos(), "'" + c.fn() + "' takes no named settings ('"
                        + c.settings().get(0).name().text() + " = ...')");
            }
            List<Ast.Expr> args = new ArrayList<>(c.args().size());
            for (Surface.Expr a : c.args()) args.add(expr(a));
            return new Ast.Call(c.pos(), c.fn(), args);
        }
        if (e instanceof Surface.Norm n) throw plus.misplaced(n);
        Surface.Sum s = (Surface.Sum) e;
        unrolled = true;
        List<Ast.Expr> terms = new ArrayList<>();
        terms(s, 0, terms);
        if (terms.isEmpty()) {
            boolean guarded = false;
            for (Surface.Binder b : s.binders()) guarded |= b.guard() != null;
            throw fail(s.pos(), guarded ? "empty sum: no index of this sum passes its guards"
                    : "empty sum: every range of this sum is empty");
        }
        return add(terms, 0, terms.size(), s.pos());
    }

    /** Terms added in order; up to this many as a plain left-to-right chain. */
    private static final int CHAIN = 16;

    /**
     * {@code terms[lo..hi)} added left to right: a plain chain when short, else two halves, so
     * that a sum of 10^5 terms is a tree of depth about 16 + log2(10^5 / 16), not 10^5 (every
     * later pass recurses on expression depth).
     */
    static Ast.Expr add(List<Ast.Expr> terms, int lo, int hi, Pos pos) {
        if (hi - lo <= CHAIN) {
            Ast.Expr acc = terms.get(lo);
            for (int i = lo + 1; i < hi; i++) acc = new Ast.Bin(pos, '+', acc, terms.get(i));
            return acc;
        }
        int mid = (lo + hi) >>> 1;
        return new Ast.Bin(pos, '+', add(terms, lo, mid, pos), add(terms, mid, hi, pos));
    }

    /** The terms of a sum in a program expression, in order (first binder outermost). */
    private void terms(Surface.Sum s, int k, List<Ast.Expr> out) {
        if (k == s.binders().size()) {
            generate(s.pos(), 1);
            out.add(expr(s.body()));
            return;
        }
        Surface.Binder b = s.binders().get(k);
        long[] r = range(b.range(), SUM);
        Const c = bind(b, r[0]);
        try {
            for (long v = r[0]; v <= r[1]; v++) if (next(b, c, v)) terms(s, k + 1, out);
        } finally {
            unbind(c);
        }
    }

    /** A sum in a constant expression: its terms added one by one, left to right, into {@code acc[0]}. */
    private void sumValue(Surface.Sum s, int k, String what, double[] acc) {
        if (k == s.binders().size()) {
            acc[0] += value(s.body(), what);
            return;
        }
        Surface.Binder b = s.binders().get(k);
        long[] r = range(b.range(), SUM);
        Const c = bind(b, r[0]);
        try {
            for (long v = r[0]; v <= r[1]; v++) if (next(b, c, v)) sumValue(s, k + 1, what, acc);
        } finally {
            unbind(c);
        }
    }

    // ---- conditions -----------------------------------------------------------------------

    /**
     * A guard or if condition. {@code &&}, {@code ||} and chained comparisons evaluate their
     * operands left to right and stop as soon as the answer is known (as in C and Python).
     */
    private boolean cond(Surface.Cond c) {
        if (c instanceof Surface.Not n) return !cond(n.arg());
        if (c instanceof Surface.And a) return cond(a.left()) && cond(a.right());
        if (c instanceof Surface.Or o) return cond(o.left()) || cond(o.right());
        if (c instanceof Surface.InRange r) {
            long v = integer(r.value(), "value tested by 'in'");
            long lo = integer(r.range().from(), IN.start), hi = integer(r.range().to(), IN.end);
            if (hi < lo - 1) range(r.range(), IN); // reports the bad range
            return lo <= v && v <= hi;
        }
        Surface.Compare k = (Surface.Compare) c;
        double left = compared(k.operands().get(0));
        for (int i = 0; i < k.ops().size(); i++) {
            double right = compared(k.operands().get(i + 1));
            if (!compare(k.ops().get(i), left, right)) return false;
            left = right;
        }
        return true;
    }

    private double compared(Surface.Expr e) {
        double v = value(e, "condition");
        if (!Double.isFinite(v)) throw fail(start(e), "a condition compares a number that is not finite (" + v + ")");
        return v;
    }

    private static boolean compare(String op, double l, double r) {
        return switch (op) {
            case "<" -> l < r;
            case "<=" -> l <= r;
            case ">" -> l > r;
            case ">=" -> l >= r;
            case "==" -> l == r;
            default -> l != r;
        };
    }

    /** An integer-valued constant expression (index, range bound, size, dimension). */
    private long integer(Surface.Expr e, String what) {
        double v = value(e, what);
        if (!(v == Math.rint(v)) || Math.abs(v) > 1e15) {
            throw fail(start(e), what + " must be an integer, found " + Constants.format(v));
        }
        return (long) v;
    }

    /** Where an expression's text starts (a binary expression's own position is its operator). */
    private static Pos start(Surface.Expr e) {
        while (e instanceof Surface.Bin b) e = b.left();
        return e.pos();
    }

    /** A constant expression: numbers, pi, let constants, loop variables, built-ins, sums. */
    double value(Surface.Expr e, String what) {
        if (e instanceof Surface.Num n) return n.value();
        if (e instanceof Surface.Name n) {
            Surface.Ref r = n.ref();
            if (r.isIndexed()) throw fail(n.pos(), what + " must be a constant; '" + r.name() + "[...]' is a variable");
            Const c = consts.get(r.name());
            if (c != null) return c.value;
            if (r.name().equals("pi")) return Math.PI;
            if (names.definedAt(r.name()) != null) {
                throw fail(n.pos(), what + " must be a constant; '" + r.name() + "' is a variable");
            }
            throw fail(n.pos(), "unknown name '" + r.name() + "' in " + what + " (not a let constant or a loop variable in scope)");
        }
        if (e instanceof Surface.Neg n) return -value(n.arg(), what);
        if (e instanceof Surface.Bin b) {
            return Fn.arithmetic(b.op(), value(b.left(), what), value(b.right(), what));
        }
        if (e instanceof Surface.Norm n) throw fail(n.pos(), what + " must be a constant; " + n.op() + "(...) is not one");
        if (e instanceof Surface.Call c) {
            Builtin f = Builtin.byName(c.fn());
            if (f == null) throw fail(c.pos(), "unknown function '" + c.fn() + "' in " + what);
            if (c.args().size() != f.arity) {
                throw fail(c.pos(), f.arityMessage(c.args().size()));
            }
            double p = f.arity == 2 ? value(c.args().get(1), what) : Double.NaN;
            return f.apply(value(c.args().get(0), what), p);
        }
        Surface.Sum s = (Surface.Sum) e;
        double[] acc = {0};
        sumValue(s, 0, what, acc);
        return acc[0];
    }
}
