package tp.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import tp.lang.antlr.TpParser;
import tp.lang.antlr.TpParser.*;
import tp.lang.sugar.Surface;

/**
 * Parse tree to the {@link Surface} tree (core statements plus sugar; {@link
 * tp.lang.sugar.Expander} unrolls it into {@link Ast}). Recognises the soft keywords ({@code x} in
 * {@code n x 784}, {@code sigma}, {@code mean}, {@code init zero}, {@code frozen}) and reports
 * misuse of them.
 *
 * <p>After syntax errors it still runs, in <em>tolerant</em> mode, over the statements that parsed
 * cleanly, so that its own errors (a misused option word, a bad dimension) are reported along
 * with the syntax errors instead of being hidden by them; its tree is then discarded.
 */
final class AstBuilder {
    private final String file;
    private final Diagnostics diags;
    private final boolean tolerant;
    /**
     * One String instance per distinct name: later passes key maps by names, and a lookup with
     * the very instance that was stored is decided by identity, not by comparing characters.
     */
    private final Map<String, String> interned = new HashMap<>();

    AstBuilder(String file, Diagnostics diags, boolean tolerant) {
        this.file = file;
        this.diags = diags;
        this.tolerant = tolerant;
    }

    List<Surface.Stmt> build(ProgramContext tree) {
        return statements(tree.statement());
    }

    private String intern(String s) {
        String prev = interned.putIfAbsent(s, s);
        return prev != null ? prev : s;
    }

    private List<Surface.Stmt> statements(List<StatementContext> stmts) {
        List<Surface.Stmt> out = new ArrayList<>();
        StatementContext prev = null;
        for (StatementContext s : stmts) {
            separated(prev, s);
            prev = s;
            if (tolerant) {
                tolerantStatement(s, out);
            } else if (s instanceof DimStmtContext c) {
                for (DimDeclContext d : c.dimDecl()) out.add(dimDecl(d));   // "dim n, m = 2 * n"
            } else {
                out.add(statement(s));
            }
        }
        return out;
    }

    /**
     * The grammar reads statements and separators in any order (for linear time and recovery at
     * every separator); here two statements with nothing between them are a syntax error.
     */
    private void separated(StatementContext prev, StatementContext s) {
        if (prev == null || prev.getStop() == null || s.getStart() == null) return;
        if (s.getStart().getTokenIndex() != prev.getStop().getTokenIndex() + 1) return;
        if (tolerant && hasError(prev)) return;
        diags.error(pos(s.getStart()), "syntax error: missing line break or ';' before '" + s.getStart().getText() + "'");
    }

    /**
     * After syntax errors: a statement with an error in it is skipped (its error is reported);
     * a for or if block whose header is clean is entered, so that its clean statements are built.
     */
    private void tolerantStatement(StatementContext s, List<Surface.Stmt> out) {
        try {
            if (s instanceof ForStmtContext c) {
                if (c.block() == null || c.binder().stream().anyMatch(AstBuilder::hasError)) return;
                binders(c.binder());
                statements(c.block().statement());
            } else if (s instanceof IfStmtContext c) {
                tolerantIf(c.ifChain());
            } else if (!hasError(s)) {
                if (s instanceof DimStmtContext c) {
                    for (DimDeclContext d : c.dimDecl()) dimDecl(d);
                } else {
                    statement(s);
                }
            }
        } catch (RuntimeException e) {
            // a part missing after error recovery: the syntax error is already reported
        }
    }

    private void tolerantIf(IfChainContext c) {
        if (c == null || c.cond() == null || hasError(c.cond())) return;
        cond(c.cond());
        for (BlockContext b : c.block()) statements(b.statement());
        if (c.ifChain() != null) tolerantIf(c.ifChain());
    }

    /** True when the subtree holds a syntax error (an error node or a recognition exception). */
    private static boolean hasError(ParseTree t) {
        if (t instanceof ErrorNode) return true;
        if (t instanceof ParserRuleContext c) {
            if (c.exception != null) return true;
            for (int i = 0; i < c.getChildCount(); i++) if (hasError(c.getChild(i))) return true;
        }
        return false;
    }

    private Pos pos(Token t) {
        return new Pos(file, t.getLine(), t.getCharPositionInLine() + 1);
    }

    private Pos pos(ParserRuleContext c) {
        return pos(c.getStart());
    }

    private Ast.Name name(NameContext c) {
        return new Ast.Name(intern(c.getText()), pos(c));
    }

    private Surface.Ref ref(RefContext c) {
        List<Surface.Index> indices = new ArrayList<>();
        for (IndexContext i : c.index()) {
            if (i.range() != null) indices.add(new Surface.Index(pos(i.range()), null, range(i.range())));
            else indices.add(new Surface.Index(pos(i.expr()), expr(i.expr()), null));
        }
        return new Surface.Ref(intern(c.name().getText()), pos(c), List.copyOf(indices));
    }

    private Surface.Range range(RangeContext r) {
        return new Surface.Range(pos(r), expr(r.expr(0)), expr(r.expr(1)));
    }

    private List<Surface.Binder> binders(List<BinderContext> bs) {
        List<Surface.Binder> out = new ArrayList<>();
        for (BinderContext b : bs) {
            out.add(new Surface.Binder(name(b.name()), range(b.range()), b.cond() == null ? null : cond(b.cond())));
        }
        return List.copyOf(out);
    }

    private Surface.If ifChain(IfChainContext c) {
        Surface.Cond cond = cond(c.cond());
        List<Surface.Stmt> then = statements(c.block(0).statement());
        List<Surface.Stmt> otherwise = c.ifChain() != null ? List.of(ifChain(c.ifChain()))
                : c.block().size() > 1 ? statements(c.block(1).statement()) : List.of();
        return new Surface.If(pos(c), cond, then, otherwise);
    }

    private Surface.Cond cond(CondContext c) {
        Pos at = pos(c);
        if (c instanceof ParenCondContext p) return cond(p.cond());
        if (c instanceof NotCondContext n) return new Surface.Not(at, cond(n.cond()));
        if (c instanceof AndCondContext a) return new Surface.And(at, cond(a.cond(0)), cond(a.cond(1)));
        if (c instanceof OrCondContext o) return new Surface.Or(at, cond(o.cond(0)), cond(o.cond(1)));
        if (c instanceof InCondContext i) return new Surface.InRange(at, expr(i.expr()), range(i.range()));
        CmpCondContext k = (CmpCondContext) c;
        List<Surface.Expr> operands = new ArrayList<>();
        for (ExprContext e : k.expr()) operands.add(expr(e));
        List<String> ops = new ArrayList<>();
        for (CmpContext op : k.cmp()) ops.add(op.getText());
        return new Surface.Compare(at, List.copyOf(operands), List.copyOf(ops));
    }

    private Surface.Stmt statement(StatementContext s) {
        Pos at = pos(s);
        if (s instanceof ProgramStmtContext c) return new Surface.Core(new Ast.ProgramName(at, name(c.name())));
        if (s instanceof LetStmtContext c) return new Surface.Let(at, name(c.name()), expr(c.expr()));
        if (s instanceof ForStmtContext c) return new Surface.For(at, binders(c.binder()), statements(c.block().statement()));
        if (s instanceof IfStmtContext c) return ifChain(c.ifChain());
        if (s instanceof InputStmtContext c) return new Surface.Input(at, ref(c.ref()), dimension(c.dimension()));
        if (s instanceof MatInStmtContext c) {
            if (!c.by.getText().equals("x")) {
                diags.error(pos(c.by), "expected 'x' between the two dimensions of MatIn, found '" + c.by.getText() + "'");
            }
            Options o = options(c.option(), false);
            return new Surface.MatIn(at, ref(c.ref()), dimension(c.dimension(0)), dimension(c.dimension(1)),
                    o.sigma, o.frozen, o.param);
        }
        if (s instanceof VecInStmtContext c) {
            Options o = options(c.option(), true);
            return new Surface.VecIn(at, ref(c.ref()), dimension(c.dimension()), o.sigma, o.mean, o.initZero, o.frozen, o.param);
        }
        if (s instanceof TransposeStmtContext c) return new Surface.Transpose(at, ref(c.ref(0)), ref(c.ref(1)));
        if (s instanceof MatMulStmtContext c) return new Surface.MatMul(at, ref(c.ref(0)), ref(c.ref(1)), ref(c.ref(2)));
        if (s instanceof LinCombStmtContext c) return new Surface.LinComb(at, ref(c.ref()), expr(c.expr()));
        if (s instanceof NonlinStmtContext c) return new Surface.Nonlin(at, ref(c.ref()), expr(c.expr()));
        if (s instanceof OutputStmtContext c) return new Surface.Output(at, ref(c.ref()));
        if (s instanceof MomentStmtContext c) return new Surface.Moment(at, ref(c.ref()), expr(c.expr()));
        if (s instanceof ParametrizationStmtContext c) {
            Ast.Name word = name(c.name());
            if (!word.text().equals("standard") && !word.text().equals("ntk")) {
                diags.error(word.pos(), "expected 'parametrization standard' or 'parametrization ntk', found '" + word.text() + "'");
            }
            return new Surface.Core(new Ast.Parametrization(at, word));
        }
        throw new IllegalStateException("unknown statement " + s.getClass());
    }

    private List<Surface.Setting> settings(List<SettingContext> cs) {
        if (cs.isEmpty()) return List.of();
        List<Surface.Setting> out = new ArrayList<>();
        for (SettingContext c : cs) out.add(new Surface.Setting(name(c.name()), expr(c.expr())));
        return List.copyOf(out);
    }

    private Surface.DimDecl dimDecl(DimDeclContext d) {
        return new Surface.DimDecl(pos(d), name(d.name()), d.expr() == null ? null : expr(d.expr()));
    }

    private Surface.Dim dimension(DimensionContext d) {
        Pos at = pos(d);
        if (d.expr() != null) return new Surface.Dim(at, 0, null, expr(d.expr()));
        if (d.name() != null) return new Surface.Dim(at, 0, intern(d.name().getText()), null);
        String text = d.NUMBER().getText();
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            diags.error(at, "a dimension must be a positive integer or a width symbol, found " + text);
            return new Surface.Dim(at, 1, null, null);
        }
        if (v <= 0 || v > Integer.MAX_VALUE) {
            diags.error(at, "a dimension must be a positive integer, found " + text);
            v = 1;
        }
        return new Surface.Dim(at, v, null, null);
    }

    private static final class Options {
        Surface.Expr sigma, mean;
        boolean initZero, frozen;
        Ast.Param param = Ast.Param.DEFAULT;
    }

    /** An option's value tokens as one expression, or null after reporting that they are not one. */
    private ExprContext optionValue(OptionTokens.Raw op) {
        ExprContext e = OptionTokens.parseExpr(op.value());
        if (e == null) {
            diags.error(pos(op.value().get(0)), "'" + op.key().getText() + "' needs one constant expression, found '"
                    + op.valueText() + "'");
        }
        return e;
    }

    private Options options(List<OptionContext> opts, boolean vecIn) {
        Options o = new Options();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (OptionTokens.Raw op : OptionTokens.split(opts)) {
            String key = op.key().getText();
            Pos at = pos(op.key());
            if (!seen.add(key)) diags.error(at, "'" + key + "' given twice");
            switch (key) {
                case "sigma" -> {
                    if (op.value().isEmpty()) diags.error(at, "'sigma' needs a value, e.g. sigma 1.5");
                    else {
                        ExprContext v = optionValue(op);
                        if (v != null) o.sigma = expr(v);
                    }
                }
                case "mean" -> {
                    if (!vecIn) diags.error(at, "'mean' is only allowed on VecIn");
                    else if (op.value().isEmpty()) diags.error(at, "'mean' needs a value, e.g. mean 0.5");
                    else {
                        ExprContext v = optionValue(op);
                        if (v != null) o.mean = expr(v);
                    }
                }
                case "init" -> {
                    if (!vecIn) diags.error(at, "'init zero' is only allowed on VecIn");
                    else if (!op.valueText().equals("zero")) diags.error(at, "expected 'init zero'");
                    else o.initZero = true;
                }
                case "frozen" -> {
                    if (!op.value().isEmpty()) {
                        diags.error(pos(op.value().get(0)), "unexpected '" + op.valueText() + "' after 'frozen'");
                    }
                    o.frozen = true;
                }
                case "standard", "ntk" -> {
                    if (!op.value().isEmpty()) {
                        diags.error(pos(op.value().get(0)), "unexpected '" + op.valueText() + "' after '" + key + "'");
                    }
                    Ast.Param p = key.equals("standard") ? Ast.Param.STANDARD : Ast.Param.NTK;
                    if (o.param != Ast.Param.DEFAULT && o.param != p) {
                        diags.error(at, "'standard' and 'ntk' exclude each other: give one parametrization per parameter");
                    }
                    o.param = p;
                }
                default -> diags.error(at, "unknown option '" + key + "' (expected "
                        + (vecIn ? "sigma, mean, init zero, frozen, standard or ntk)" : "sigma, frozen, standard or ntk)"));
            }
        }
        return o;
    }

    Surface.Expr expr(ExprContext e) {
        Pos at = pos(e);
        if (e instanceof NumberExprContext c) return new Surface.Num(at, Double.parseDouble(c.NUMBER().getText()));
        if (e instanceof NameExprContext c) return new Surface.Name(at, ref(c.ref()));
        if (e instanceof ParenExprContext c) return expr(c.expr());
        if (e instanceof UnaryExprContext c) {
            Surface.Expr arg = expr(c.expr());
            return c.op.getText().equals("-") ? new Surface.Neg(at, arg) : arg;
        }
        if (e instanceof PowExprContext c) return new Surface.Bin(pos((Token) c.getChild(1).getPayload()), '^', expr(c.expr(0)), expr(c.expr(1)));
        if (e instanceof MulExprContext c) return new Surface.Bin(pos(c.op), c.op.getText().charAt(0), expr(c.expr(0)), expr(c.expr(1)));
        if (e instanceof AddExprContext c) return new Surface.Bin(pos(c.op), c.op.getText().charAt(0), expr(c.expr(0)), expr(c.expr(1)));
        if (e instanceof SumExprContext c) return new Surface.Sum(at, binders(c.binder()), expr(c.expr()));
        if (e instanceof CallExprContext c) {
            List<Surface.Expr> args = new ArrayList<>();
            for (ExprContext a : c.expr()) args.add(expr(a));
            return new Surface.Call(at, intern(c.name().getText()), List.copyOf(args), settings(c.setting()));
        }
        if (e instanceof NormExprContext c) {
            return new Surface.Norm(at, c.op.getText(), binders(c.binder()), settings(c.setting()), expr(c.expr()));
        }
        throw new IllegalStateException("unknown expression " + e.getClass());
    }
}
