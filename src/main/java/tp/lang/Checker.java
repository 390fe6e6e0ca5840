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
    private final Diagnostics diags = new Diagnostics();
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
    private static final Map<String, Double> constants = Map.of();
    private String programName;
    /** Where each width symbol of the ratio form ({@code dim m = 2 * n}) is declared. */
    private final Map<String, Pos> ratioDeclaredAt = new HashMap<>();
    private Var output;
    private Pos outputPos;
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
        return null;
    }

    // ---- statements -----------------------------------------------------------------------

    private void statement(Ast.Stmt s, int index) {
        Ast.Name defined = definedName(s);
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

    private boolean matIn(Ast.MatIn m) {
        double sigma = constant(m.sigma(), 1.0, "sigma", true);
        if (m.rows().isLiteral() && m.cols().isLiteral()) {
            diags.error(m.rows().pos(), "MatIn " + m.name() + " : " + m.rows() + " x " + m.cols()
                    + " has two finite dimensions; at most one may be finite (a finite fan-in is an input layer, a finite row dimension a readout)");
            return false;
        }
        if (Double.isNaN(sigma)) return false;
        define(m.name(), Kind.MATRIX, new Def.MatIn(sigma, m.frozen()),
                term(m.rows(), "rows of ", m.name()), term(m.cols(), "columns of ", m.name()));
        return true;
    }

    private boolean vecIn(Ast.VecIn v) {
        double sigma = constant(v.sigma(), 1.0, "sigma", true);
        double mean = constant(v.mean(), 0.0, "mean", false);
        if (Double.isNaN(sigma) || Double.isNaN(mean)) return false;
        Kind kind = v.dim().isLiteral() ? Kind.FINITE : Kind.G;
        define(v.name(), kind, new Def.VecIn(sigma, mean, v.initZero(), v.frozen()), term(v.dim(), "", v.name()), null);
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
        if (h.kind() == Kind.MATRIX || h.kind() == Kind.FINITE) {
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

    private boolean unifyAll(List<Var> args, Pos at, String what) {
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
        Fn fn = new FnBuilder(args).build(n.expr());
        if (fn == null) return false;
        if (args.isEmpty()) {
            diags.error(n.expr().pos(), "Nonlin needs at least one G- or H-var argument");
            return false;
        }
        if (!unifyAll(args, n.expr().pos(), "Nonlin")) return false;
        define(n.name(), Kind.H, new Def.Nonlin(fn, List.copyOf(args)), dimOf(args.get(0)), null);
        return true;
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
    private Var lookup(Ast.Name n) {
        Var v = scope.get(n.text());
        if (v != null) return v;
        if (broken.contains(n.text())) return null; // its definition already reported an error
        Pos later = firstDefinition(n.text());
        if (later != null) diags.error(n.pos(), "'" + n.text() + "' is used before its definition (" + later.shortForm() + ")");
        else diags.error(n.pos(), "undefined name '" + n.text() + "'");
        return null;
    }

    private static String article(Kind k) {
        return switch (k) {
            case DATA -> "data";
            case MATRIX -> "an A-var";
            case G -> "a G-var";
            case H -> "an H-var";
            case FINITE -> "a finite var";
            case SCALAR -> "a moment";
        };
    }

    /** Ast expression to {@link Fn}, resolving names to G/H-vars; null after reporting an error. */
    private final class FnBuilder {
        private final List<Var> args;
        /** args as a set: a Nonlin of a 10^5-term sum must not search a list per term */
        private final Set<Var> argSet = new HashSet<>();
        private boolean failed;

        FnBuilder(List<Var> args) {
            this.args = args;
        }

        Fn build(Ast.Expr e) {
            Fn f = go(e);
            return failed ? null : f;
        }

        private Fn fail(Pos p, String msg) {
            diags.error(p, msg);
            failed = true;
            return Fn.c(0);
        }

        /** Folded constants must be finite: {@code log(0)} or {@code 1e999} is a mistake, not a value. */
        private Fn go(Ast.Expr e) {
            Fn f = node(e);
            if (f instanceof Fn.Const k && !Double.isFinite(k.value())) {
                return fail(e.pos(), "constant is not a finite number (" + k.value() + ")");
            }
            return f;
        }

        private Fn node(Ast.Expr e) {
            if (e instanceof Ast.Num n) return Fn.c(n.value());
            if (e instanceof Ast.Ref r) {
                if (!scope.containsKey(r.name()) && (r.name().equals("pi") || constants.containsKey(r.name()))) {
                    return Fn.c(r.name().equals("pi") ? Math.PI : constants.get(r.name()));
                }
                Var v = lookup(new Ast.Name(r.name(), r.pos()));
                if (v == null) {
                    failed = true;
                    return Fn.c(0);
                }
                if (!v.kind().isWide()) {
                    return fail(r.pos(), "Nonlin acts on G- and H-vars; '" + v.name() + "' is " + article(v.kind()));
                }
                if (argSet.add(v)) args.add(v);
                return Fn.arg(v);
            }
            if (e instanceof Ast.Neg n) return Fn.neg(go(n.arg()));
            if (e instanceof Ast.Bin b) {
                Fn l = go(b.left()), r = go(b.right());
                return switch (b.op()) {
                    case '+' -> Fn.add(l, r);
                    case '-' -> Fn.sub(l, r);
                    case '*' -> Fn.mul(l, r);
                    case '/' -> Fn.div(l, r);
                    default -> Fn.pow(l, r);
                };
            }
            Ast.Call c = (Ast.Call) e;
            Builtin f = Builtin.byName(c.fn());
            if (f == null) {
                if (scope.containsKey(c.fn())) return fail(c.pos(), "'" + c.fn() + "' is a variable, not a function");
                return fail(c.pos(), "unknown function '" + c.fn() + "' (known: " + knownFunctions() + ")");
            }
            if (c.args().size() != f.arity) {
                return fail(c.pos(), f.arityMessage(c.args().size()));
            }
            Fn x = go(c.args().get(0));
            double p = Double.NaN;
            if (f.arity == 2) {
                Ast.Expr pe = c.args().get(1);
                if (!Constants.isConstant(pe, constants)) return fail(pe.pos(), f.word + "'s second argument must be a constant");
                p = Constants.eval(pe, constants, diags, f.word + " slope");
                if (Double.isNaN(p)) failed = true;
            }
            return Fn.call(f, x, p);
        }
    }

    static String knownFunctions() {
        StringBuilder sb = new StringBuilder();
        for (Builtin b : Builtin.values()) sb.append(sb.length() == 0 ? "" : ", ").append(b.word);
        return sb.toString();
    }
}
