package tp.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names, types and dimensions of a core program (LANGUAGE.md sections 1 and 2). Reports every
 * error it finds (up to {@link Diagnostics#LIMIT}); a statement whose definition failed marks
 * its name broken so that later uses do not repeat the error.
 */
public final class Checker {
    private final String file;
    final Diagnostics diags = new Diagnostics();
    private final Dims dims = new Dims();
    private final Map<String, Var> scope;
    /** Where each name is first defined, for messages only: built on the first error that needs it. */
    private Map<String, Pos> definedAt;
    private List<Ast.Stmt> stmts;
    private final Set<String> broken = new HashSet<>();
    private final Set<String> declaredDims = new HashSet<>();
    /** Dimension (rows of a matrix) and columns (null for vectors) of each variable, by id. */
    private final List<Dims.Term> dimOf = new ArrayList<>(), colsOf = new ArrayList<>();
    private final List<Var> vars = new ArrayList<>();
    /**
     * Named constants of constant expressions: none in a core program, because the sugar expander
     * substitutes every `let` constant before checking; only `pi` is a name here.
     */
    static final Map<String, Double> CONSTANTS = Map.of();
    private static final Map<String, Double> constants = CONSTANTS;
    private String programName;
    /** Where each width symbol of the ratio form ({@code dim m = 2 * n}) is declared. */
    private final Map<String, Pos> ratioDeclaredAt = new HashMap<>();
    private Var output;
    private Pos outputPos;
    /** {@code parametrization standard} was given (where), and where the first parameter is declared. */
    private boolean standardByDefault;
    private Pos parametrizationPos, firstParameterPos;
    /** The name the statement being checked defines (for "defined in terms of itself"). */
    private Ast.Name defining;
    private int inputWidth;

    private Checker(String file, int statements) {
        this.file = file;
        this.scope = new HashMap<>(2 * statements);
    }

    /** Checks parsed statements; throws one UserError listing every problem found. */
    public static Program check(String file, List<Ast.Stmt> stmts) {
        return new Checker(file, stmts.size()).run(stmts);
    }

    private Program run(List<Ast.Stmt> stmts) {
        this.stmts = stmts;
        for (int i = 0; i < stmts.size(); i++) statement(stmts.get(i), i);
        if (output == null && !diags.hasErrors()) {
            Pos end = stmts.isEmpty() ? new Pos(file, 1, 1) : stmts.get(stmts.size() - 1).pos();
            diags.error(end, stmts.isEmpty() ? "empty program: no statements and no Output"
                    : "the program has no Output statement (e.g. 'Output f' with f a readout)");
        }
        diags.throwIfAny();
        Map<String, Integer> classOf = new HashMap<>();
        List<Program.Cdc> cdcs = dims.classes(classOf);
        checkRatioRange(cdcs);
        for (Var v : vars) v.setDims(resolve(dimOf(v), classOf, cdcs), colsOf(v) != null
                ? resolve(colsOf(v), classOf, cdcs) : null);
        String name = programName != null ? programName : baseName(file);
        return new Program(name, file, vars, output, inputWidth, cdcs);
    }

    /**
     * A width ratio must leave its symbol between 1 and 2^31 - 1 at some width: {@code dim m =
     * 1e-300 * n} would round m to 0 (silently 1) at every width a run can use.
     */
    private void checkRatioRange(List<Program.Cdc> cdcs) {
        for (Program.Cdc c : cdcs) {
            for (Map.Entry<String, Double> e : c.symbols().entrySet()) {
                double r = e.getValue();
                String shown = e.getKey() + " = " + Constants.format(r) + "*" + c.unit();
                Pos at = ratioDeclaredAt.getOrDefault(e.getKey(), new Pos(file, 1, 1));
                if (r * Integer.MAX_VALUE < 0.5) {
                    diags.error(at, "width ratio too small: " + shown + " rounds to 0 at every width up to " + Integer.MAX_VALUE);
                } else if (r > Integer.MAX_VALUE + 0.5) {
                    diags.error(at, "width ratio too large: " + shown + " exceeds " + Integer.MAX_VALUE + " at every width");
                }
            }
        }
        diags.throwIfAny();
    }

    private static String baseName(String file) {
        String f = file.replace('\\', '/');
        f = f.substring(f.lastIndexOf('/') + 1);
        return f.endsWith(".tp") ? f.substring(0, f.length() - 3) : f;
    }

    private static DimRef resolve(Dims.Term t, Map<String, Integer> classOf, List<Program.Cdc> cdcs) {
        if (t.symbol() == null) return DimRef.finite(t.literal());
        int c = classOf.get(t.symbol());
        return new DimRef(c, 0, t.ratio() * cdcs.get(c).symbols().get(t.symbol()));
    }

    /** The first definition of {@code name} anywhere in the program, or null. */
    private Pos firstDefinition(String name) {
        if (definedAt == null) {
            definedAt = new HashMap<>();
            for (Ast.Stmt s : stmts) {
                Ast.Name n = definedName(s);
                if (n != null) definedAt.putIfAbsent(n.text(), n.pos());
            }
        }
        return definedAt.get(name);
    }

    private static Ast.Name definedName(Ast.Stmt s) {
        if (s instanceof Ast.Input x) return x.name();
        if (s instanceof Ast.MatIn x) return x.name();
        if (s instanceof Ast.VecIn x) return x.name();
        if (s instanceof Ast.Transpose x) return x.name();
        if (s instanceof Ast.MatMul x) return x.name();
        if (s instanceof Ast.LinComb x) return x.name();
        if (s instanceof Ast.Nonlin x) return x.name();
        if (s instanceof Ast.Moment x) return x.name();
        return null;
    }

    // ---- statements -----------------------------------------------------------------------

    private void statement(Ast.Stmt s, int index) {
        Ast.Name defined = definedName(s);
        defining = defined;
        if (defined != null && !fresh(defined)) return;
        boolean ok;
        if (s instanceof Ast.ProgramName p) ok = programName(p, index);
        else if (s instanceof Ast.DimDecl d) ok = dimDecl(d);
        else if (s instanceof Ast.Input x) ok = input(x);
        else if (s instanceof Ast.MatIn m) ok = matIn(m);
        else if (s instanceof Ast.VecIn v) ok = vecIn(v);
        else if (s instanceof Ast.Transpose t) ok = transpose(t);
        else if (s instanceof Ast.MatMul m) ok = matMul(m);
        else if (s instanceof Ast.LinComb l) ok = linComb(l);
        else if (s instanceof Ast.Nonlin n) ok = nonlin(n);
        else if (s instanceof Ast.Moment m) ok = moment(m);
        else if (s instanceof Ast.Parametrization p) ok = parametrization(p);
        else ok = output((Ast.Output) s);
        if (!ok && defined != null) broken.add(defined.text());
    }

    private boolean fresh(Ast.Name n) {
        Var prev = scope.get(n.text());
        if (prev != null || broken.contains(n.text())) {
            Pos first = prev != null ? prev.pos() : firstDefinition(n.text());
            diags.error(n.pos(), "'" + n.text() + "' is already defined (" + first.shortForm() + ")");
            return false;
        }
        return true;
    }

    private Var define(Ast.Name n, Kind kind, Def def, Dims.Term dim, Dims.Term cols) {
        Var v = new Var(vars.size(), n.text(), n.pos(), kind, def);
        vars.add(v);
        scope.put(n.text(), v);
        dimOf.add(dim);
        colsOf.add(cols);
        return v;
    }

    private Dims.Term dimOf(Var v) {
        return dimOf.get(v.id());
    }

    private Dims.Term colsOf(Var v) {
        return colsOf.get(v.id());
    }

    private boolean programName(Ast.ProgramName p, int index) {
        if (index != 0) {
            diags.error(p.pos(), "'program' must be the first statement");
            return false;
        }
        programName = p.name().text();
        return true;
    }

    private boolean dimDecl(Ast.DimDecl d) {
        String s = d.name().text();
        if (declaredDims.contains(s) || (dims.isDeclared(s) && d.ratioExpr() != null)) {
            diags.error(d.name().pos(), "width symbol '" + s + "' is already declared or used before this declaration");
            return false;
        }
        declaredDims.add(s);
        if (d.ratioExpr() == null) {
            dims.declare(s);
            return true;
        }
        // the ratio form: a constant times one other width symbol
        List<Ast.Ref> refs = new ArrayList<>();
        symbolRefs(d.ratioExpr(), refs);
        if (refs.size() != 1) {
            diags.error(d.ratioExpr().pos(), "a width ratio must be a constant times one other width symbol, e.g. dim m = 2 * n");
            return false;
        }
        String base = refs.get(0).name();
        if (base.equals(s)) {
            diags.error(refs.get(0).pos(), "width symbol '" + s + "' defined in terms of itself");
            return false;
        }
        double at1 = Constants.eval(d.ratioExpr(), Map.of(base, 1.0), diags, "width ratio");
        double at2 = Constants.eval(d.ratioExpr(), Map.of(base, 2.0), diags, "width ratio");
        if (Double.isNaN(at1) || Double.isNaN(at2)) return false;
        if (Math.abs(at2 - 2 * at1) > 1e-12 * Math.abs(at2) || !(at1 > 0)) {
            diags.error(d.ratioExpr().pos(), "a width ratio must be a positive constant times one width symbol, e.g. dim m = 2 * n");
            return false;
        }
        dims.declare(base);
        dims.declare(s);
        ratioDeclaredAt.put(s, d.name().pos());
        String err = dims.unify(Dims.Term.symbol(s, 1, Dims.Origin.of("declared ", d.name().pos())),
                Dims.Term.symbol(base, at1, Dims.Origin.of("declared ", d.name().pos())));
        if (err != null) diags.error(d.name().pos(), err);
        return err == null;
    }

    private void symbolRefs(Ast.Expr e, List<Ast.Ref> out) {
        if (e instanceof Ast.Ref r && !r.name().equals("pi") && !constants.containsKey(r.name())) out.add(r);
        else if (e instanceof Ast.Neg n) symbolRefs(n.arg(), out);
        else if (e instanceof Ast.Bin b) {
            symbolRefs(b.left(), out);
            symbolRefs(b.right(), out);
        } else if (e instanceof Ast.Call c) for (Ast.Expr a : c.args()) symbolRefs(a, out);
    }

    /** The term of a written dimension; {@code role} and {@code name} say what it is ("rows of " W). */
    private Dims.Term term(Ast.Dim d, String role, Ast.Name name) {
        Dims.Origin origin = new Dims.Origin(role, name, " at ", d.pos());
        if (d.isLiteral()) return Dims.Term.literal(d.literal(), origin);
        dims.declare(d.symbol());
        return Dims.Term.symbol(d.symbol(), 1, origin);
    }

    private boolean input(Ast.Input x) {
        if (!x.dim().isLiteral()) {
            diags.error(x.dim().pos(), "an input's dimension must be a number (data vectors are finite), found width symbol '"
                    + x.dim().symbol() + "'");
            return false;
        }
        int size = (int) x.dim().literal();
        if ((long) inputWidth + size > Integer.MAX_VALUE) {
            diags.error(x.dim().pos(), "the input row would be longer than " + Integer.MAX_VALUE + " columns");
            return false;
        }
        define(x.name(), Kind.DATA, new Def.Input(inputWidth, size), term(x.dim(), "input ", x.name()), null);
        inputWidth += size;
        return true;
    }

    private double constant(Ast.Expr e, double dflt, String what, boolean nonNegative) {
        if (e == null) return dflt;
        double v = Constants.eval(e, constants, diags, what);
        if (nonNegative && v < 0) {
            diags.error(e.pos(), what + " must not be negative, found " + Constants.format(v));
            return Double.NaN;
        }
        return v;
    }

    private boolean parametrization(Ast.Parametrization p) {
        if (parametrizationPos != null) {
            diags.error(p.pos(), "'parametrization' is already given (" + parametrizationPos.shortForm() + ")");
            return false;
        }
        parametrizationPos = p.pos();
        if (firstParameterPos != null) {
            diags.error(p.pos(), "'parametrization' must come before the first MatIn or VecIn (" + firstParameterPos.shortForm()
                    + "): it says how the parameters declared after it are trained");
            return false;
        }
        String w = p.word().text();
        if (!w.equals("standard") && !w.equals("ntk")) {
            diags.error(p.word().pos(), "expected 'parametrization standard' or 'parametrization ntk', found '" + w + "'");
            return false;
        }
        standardByDefault = w.equals("standard");
        return true;
    }

    /** Whether a parameter is in the standard parametrization: its own option, else the program's. */
    private boolean standard(Ast.Param param, Pos at) {
        if (firstParameterPos == null) firstParameterPos = at;
        return param == Ast.Param.STANDARD || (param == Ast.Param.DEFAULT && standardByDefault);
    }

    private boolean matIn(Ast.MatIn m) {
        boolean standard = standard(m.param(), m.pos());
        double sigma = constant(m.sigma(), 1.0, "sigma", true);
        if (m.rows().isLiteral() && m.cols().isLiteral()) {
            diags.error(m.rows().pos(), "MatIn " + m.name() + " : " + m.rows() + " x " + m.cols()
                    + " has two finite dimensions; at most one may be finite (a finite fan-in is an input layer, a finite row dimension a readout)");
            return false;
        }
        if (Double.isNaN(sigma)) return false;
        define(m.name(), Kind.MATRIX, new Def.MatIn(sigma, m.frozen(), standard),
                term(m.rows(), "rows of ", m.name()), term(m.cols(), "columns of ", m.name()));
        return true;
    }

    private boolean vecIn(Ast.VecIn v) {
        boolean standard = standard(v.param(), v.pos());
        double sigma = constant(v.sigma(), 1.0, "sigma", true);
        double mean = constant(v.mean(), 0.0, "mean", false);
        if (Double.isNaN(sigma) || Double.isNaN(mean)) return false;
        Kind kind = v.dim().isLiteral() ? Kind.FINITE : Kind.G;
        define(v.name(), kind, new Def.VecIn(sigma, mean, v.initZero(), v.frozen(), standard), term(v.dim(), "", v.name()), null);
        return true;
    }

    private boolean transpose(Ast.Transpose t) {
        Var a = lookup(t.source());
        if (a == null) return false;
        if (a.kind() != Kind.MATRIX) {
            diags.error(t.source().pos(), "T needs an A-var (a matrix); '" + a.name() + "' is " + article(a.kind()));
            return false;
        }
        Var root = a.def() instanceof Def.Transpose tt ? tt.of() : a;
        if (a != root) {
            diags.error(t.source().pos(), "'" + a.name() + "' is already a transpose (of '" + root.name() + "'); use '" + root.name() + "' itself");
            return false;
        }
        define(t.name(), Kind.MATRIX, new Def.Transpose(a), colsOf(a).from(new Dims.Origin("rows of ", t.name(), " = columns of ", a)),
                dimOf(a).from(new Dims.Origin("columns of ", t.name(), " = rows of ", a)));
        return true;
    }

    private boolean matMul(Ast.MatMul m) {
        Var w = lookup(m.matrix());
        Var h = lookup(m.arg());
        if (w == null || h == null) return false;
        if (w.kind() != Kind.MATRIX) {
            diags.error(m.matrix().pos(), "MatMul needs an A-var (a matrix) first; '" + w.name() + "' is " + article(w.kind()));
            return false;
        }
        if (h.kind() == Kind.MATRIX || h.kind() == Kind.FINITE || h.kind() == Kind.SCALAR) {
            diags.error(m.arg().pos(), "MatMul multiplies data, a G-var or an H-var; '" + h.name() + "' is " + article(h.kind()));
            return false;
        }
        Dims.Term cols = colsOf(w), rows = dimOf(w), arg = dimOf(h);
        String err = dims.unify(cols.from(new Dims.Origin("columns of ", w, ", ", w.pos())),
                arg.from(new Dims.Origin("dimension of ", h, ", ", h.pos())));
        if (err != null) {
            diags.error(m.arg().pos(), err);
            return false;
        }
        if (h.kind() == Kind.DATA && rows.symbol() == null) {
            diags.error(m.matrix().pos(), "MatMul of data by a matrix with a finite row dimension is not a tensor-program step");
            return false;
        }
        Kind kind = rows.symbol() == null ? Kind.FINITE : Kind.G;
        define(m.name(), kind, new Def.MatMul(w, h), rows, null);
        return true;
    }

    private boolean linComb(Ast.LinComb l) {
        if (mentionsMoment(l.expr())) return momentLinComb(l);
        Linear.Terms terms = new Linear.Terms();
        if (!Linear.expand(l.expr(), 1.0, terms, constants, diags)) return false;
        if (terms.size() == 0) {
            diags.error(l.expr().pos(), "LinComb needs at least one variable");
            return false;
        }
        List<Var> args = new ArrayList<>(terms.size());
        double[] cs = new double[terms.size()];
        boolean anyH = false, anyWide = false, anyFinite = false, ok = true;
        for (int i = 0; i < terms.size(); i++) {
            String name = terms.names.get(i);
            Pos where = terms.where.get(i);
            double coef = terms.coefs[i];
            Var v = lookup(new Ast.Name(name, where));
            if (v == null) {
                ok = false;
                continue;
            }
            if (!Double.isFinite(coef)) { // each factor was finite, their product overflowed
                diags.error(where, "the coefficient of '" + name + "' is not a finite number (" + coef + ")");
                ok = false;
                continue;
            }
            if (v.kind() == Kind.DATA || v.kind() == Kind.MATRIX) {
                diags.error(where, "LinComb combines G-, H- or finite vars; '" + v.name() + "' is " + article(v.kind()));
                ok = false;
                continue;
            }
            anyH |= v.kind() == Kind.H;
            anyWide |= v.kind().isWide();
            anyFinite |= v.kind() == Kind.FINITE;
            cs[args.size()] = coef;
            args.add(v);
        }
        if (!ok) return false;
        if (anyWide && anyFinite) {
            diags.error(l.expr().pos(), "LinComb mixes finite vars with G/H-vars: " + describeKinds(args));
            return false;
        }
        if (!unifyAll(args, l.expr().pos(), "LinComb")) return false;
        Kind kind = anyFinite ? Kind.FINITE : anyH ? Kind.H : Kind.G;
        define(l.name(), kind, new Def.LinComb(java.util.Arrays.copyOf(cs, args.size()), List.copyOf(args)),
                dimOf(args.get(0)), null);
        return true;
    }

    private String describeKinds(List<Var> args) {
        StringBuilder sb = new StringBuilder();
        for (Var v : args) sb.append(sb.length() == 0 ? "" : ", ").append(v.name()).append(" is ").append(v.kind().word);
        return sb.toString();
    }

    boolean unifyAll(List<Var> args, Pos at, String what) {
        Var first = args.get(0);
        for (Var v : args.subList(1, args.size())) {
            String err = dims.unify(dimOf(first).from(new Dims.Origin("dimension of ", first, ", ", first.pos())),
                    dimOf(v).from(new Dims.Origin("dimension of ", v, ", ", v.pos())));
            if (err != null) {
                diags.error(at, what + " arguments must share one dimension: " + err);
                return false;
            }
        }
        return true;
    }

    private boolean nonlin(Ast.Nonlin n) {
        List<Var> args = new ArrayList<>();
        FnBuilder b = new FnBuilder(this, FnBuilder.Mode.NONLIN, args);
        Fn fn = b.build(n.expr());
        if (fn == null) return false;
        List<Var> wide = b.wide();
        if (wide.isEmpty()) {
            diags.error(n.expr().pos(), "Nonlin needs at least one G- or H-var argument"
                    + (args.isEmpty() ? "" : "; a function of moments only is a Moment (Moment m := ...)"));
            return false;
        }
        if (!unifyAll(wide, n.expr().pos(), "Nonlin")) return false;
        define(n.name(), Kind.H, new Def.Nonlin(fn, List.copyOf(args)), dimOf(wide.get(0)), null);
        return true;
    }

    /** {@code Moment m := EXPR}: constants, earlier moments and means of G-/H-var expressions. */
    private boolean moment(Ast.Moment m) {
        List<Var> args = new ArrayList<>();
        Fn fn = new FnBuilder(this, FnBuilder.Mode.MOMENT, args).build(m.expr());
        if (fn == null) return false;
        if (args.isEmpty()) {
            diags.error(m.expr().pos(), "a Moment needs mean(...) of a G- or H-var, or another moment; a constant is written with 'let'");
            return false;
        }
        define(m.name(), Kind.SCALAR, new Def.Moment(fn, List.copyOf(args)),
                Dims.Term.literal(1, Dims.Origin.of("moment ", m.name())), null);
        return true;
    }

    /** True when the expression reads a moment (then a LinComb's coefficients are not constants). */
    private boolean mentionsMoment(Ast.Expr e) {
        if (e instanceof Ast.Ref r) {
            Var v = scope.get(r.name());
            return v != null && v.kind() == Kind.SCALAR;
        }
        if (e instanceof Ast.Neg n) return mentionsMoment(n.arg());
        if (e instanceof Ast.Bin b) return mentionsMoment(b.right()) || mentionsMoment(b.left());
        if (e instanceof Ast.Call c) {
            if (c.fn().equals("mean")) return true; // reported by the moment-coefficient builder
            for (Ast.Expr a : c.args()) if (mentionsMoment(a)) return true;
        }
        return false;
    }

    /**
     * A LinComb whose coefficients use moments (Netsor+: {@code sum(s) A[t][s] * v[s]}): linear in
     * its G- and H-vars, each coefficient a constant expression of moments. Checked into a
     * {@link Def.Nonlin} (an H-var) with the same meaning.
     */
    private boolean momentLinComb(Ast.LinComb l) {
        List<Var> scalars = new ArrayList<>();
        FnBuilder coefs = new FnBuilder(this, FnBuilder.Mode.COEFFICIENT, scalars);
        java.util.LinkedHashMap<Var, Fn> terms = new java.util.LinkedHashMap<>();
        if (!MomentLinear.expand(this, l.expr(), Fn.c(1), terms, coefs)) return false;
        if (terms.isEmpty()) {
            diags.error(l.expr().pos(), "LinComb needs at least one variable");
            return false;
        }
        List<Var> wide = new ArrayList<>(terms.keySet());
        if (!unifyAll(wide, l.expr().pos(), "LinComb")) return false;
        Fn fn = Fn.c(0);
        for (var t : terms.entrySet()) fn = Fn.add(fn, Fn.mul(t.getValue(), Fn.arg(t.getKey())));
        List<Var> args = new ArrayList<>(wide);
        for (Var s : scalars) if (!args.contains(s)) args.add(s);
        define(l.name(), Kind.H, new Def.Nonlin(fn, List.copyOf(args)), dimOf(wide.get(0)), null);
        return true;
    }

    /** The variable {@code name} defined so far, or null (no error reported). */
    Var scope(String name) {
        return scope.get(name);
    }

    /** Whether {@code name} is a variable defined so far. */
    boolean isVariable(String name) {
        return scope.containsKey(name);
    }

    private boolean output(Ast.Output o) {
        if (output != null || outputPos != null) {
            diags.error(o.pos(), "more than one Output (the first is at " + outputPos.shortForm() + ")");
            return false;
        }
        outputPos = o.pos();
        Var v = lookup(o.var());
        if (v == null) return false;
        if (v.kind() != Kind.FINITE) {
            diags.error(o.var().pos(), "Output must be a finite var (a readout: MatMul by a matrix with a finite row dimension); '"
                    + v.name() + "' is " + article(v.kind()));
            return false;
        }
        output = v;
        return true;
    }

    // ---- names ----------------------------------------------------------------------------

    /** The variable a name refers to, or null after reporting why there is none. */
    Var lookup(Ast.Name n) {
        Var v = scope.get(n.text());
        if (v != null) return v;
        if (broken.contains(n.text())) return null; // its definition already reported an error
        if (defining != null && defining.text().equals(n.text())) {
            diags.error(n.pos(), "'" + n.text() + "' is defined in terms of itself" + (isMomentStatement(n.text())
                    ? " (a cycle through moments: a moment can only read moments defined before it)" : ""));
            return null;
        }
        Pos later = firstDefinition(n.text());
        if (later != null) diags.error(n.pos(), "'" + n.text() + "' is used before its definition (" + later.shortForm() + ")"
                + (isMomentStatement(n.text()) ? "; moments are computed in program order, so a cycle through moments cannot be written" : ""));
        else diags.error(n.pos(), "undefined name '" + n.text() + "'");
        return null;
    }

    /** Whether the first definition of {@code name} is a Moment statement (for messages only). */
    private boolean isMomentStatement(String name) {
        for (Ast.Stmt s : stmts) if (s instanceof Ast.Moment m && m.name().text().equals(name)) return true;
        return false;
    }

    static String article(Kind k) {
        return switch (k) {
            case DATA -> "data";
            case MATRIX -> "an A-var";
            case G -> "a G-var";
            case H -> "an H-var";
            case FINITE -> "a finite var";
            case SCALAR -> "a moment";
        };
    }

    static String knownFunctions() {
        StringBuilder sb = new StringBuilder();
        for (Builtin b : Builtin.values()) sb.append(sb.length() == 0 ? "" : ", ").append(b.word);
        return sb.toString();
    }
}
