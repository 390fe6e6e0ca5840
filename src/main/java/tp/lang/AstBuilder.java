package tp.lang;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import tp.lang.antlr.TpParser;
import tp.lang.antlr.TpParser.*;
import tp.lang.sugar.Surface;

/**
 * Parse tree to the {@link Surface} tree (core statements plus sugar; {@link
 * tp.lang.sugar.Expander} unrolls it into {@link Ast}). Recognises the soft keywords ({@code x} in
 * {@code n x 784}, {@code sigma}, {@code mean}, {@code init zero}, {@code frozen}) and reports
 * misuse of them.
 */
final class AstBuilder {
    private final String file;
    private final Diagnostics diags;

    AstBuilder(String file, Diagnostics diags) {
        this.file = file;
        this.diags = diags;
    }

    List<Surface.Stmt> build(ProgramContext tree) {
        return statements(tree.statement());
    }

    private List<Surface.Stmt> statements(List<StatementContext> stmts) {
        List<Surface.Stmt> out = new ArrayList<>();
        for (StatementContext s : stmts) {
            if (s instanceof DimStmtContext c) {
                for (DimDeclContext d : c.dimDecl()) out.add(dimDecl(d));   // "dim n, m = 2 * n"
            } else {
                out.add(statement(s));
            }
        }
        return out;
    }

    private Pos pos(Token t) {
        return new Pos(file, t.getLine(), t.getCharPositionInLine() + 1);
    }

    private Pos pos(ParserRuleContext c) {
        return pos(c.getStart());
    }

    private Ast.Name name(NameContext c) {
        return new Ast.Name(c.getText(), pos(c));
    }

    private Surface.Ref ref(RefContext c) {
        List<Surface.Index> indices = new ArrayList<>();
        for (IndexContext i : c.index()) {
            if (i.range() != null) indices.add(new Surface.Index(pos(i.range()), null, range(i.range())));
            else indices.add(new Surface.Index(pos(i.expr()), expr(i.expr()), null));
        }
        return new Surface.Ref(c.name().getText(), pos(c), List.copyOf(indices));
    }

    private Surface.Range range(RangeContext r) {
        return new Surface.Range(pos(r), expr(r.expr(0)), expr(r.expr(1)));
    }

    private List<Surface.Binder> binders(List<BinderContext> bs) {
        List<Surface.Binder> out = new ArrayList<>();
        for (BinderContext b : bs) out.add(new Surface.Binder(name(b.name()), range(b.range())));
        return List.copyOf(out);
    }

    private Surface.Stmt statement(StatementContext s) {
        Pos at = pos(s);
        if (s instanceof ProgramStmtContext c) return new Surface.Core(new Ast.ProgramName(at, name(c.name())));
        if (s instanceof LetStmtContext c) return new Surface.Let(at, name(c.name()), expr(c.expr()));
        if (s instanceof ForStmtContext c) return new Surface.For(at, binders(c.binder()), statements(c.block().statement()));
        if (s instanceof InputStmtContext c) return new Surface.Input(at, ref(c.ref()), dimension(c.dimension()));
        if (s instanceof MatInStmtContext c) {
            if (!c.by.getText().equals("x")) {
                diags.error(pos(c.by), "expected 'x' between the two dimensions of MatIn, found '" + c.by.getText() + "'");
            }
            Options o = options(c.option(), false);
            return new Surface.MatIn(at, ref(c.ref()), dimension(c.dimension(0)), dimension(c.dimension(1)),
                    o.sigma, o.frozen);
        }
        if (s instanceof VecInStmtContext c) {
            Options o = options(c.option(), true);
            return new Surface.VecIn(at, ref(c.ref()), dimension(c.dimension()), o.sigma, o.mean, o.initZero, o.frozen);
        }
        if (s instanceof TransposeStmtContext c) return new Surface.Transpose(at, ref(c.ref(0)), ref(c.ref(1)));
        if (s instanceof MatMulStmtContext c) return new Surface.MatMul(at, ref(c.ref(0)), ref(c.ref(1)), ref(c.ref(2)));
        if (s instanceof LinCombStmtContext c) return new Surface.LinComb(at, ref(c.ref()), expr(c.expr()));
        if (s instanceof NonlinStmtContext c) return new Surface.Nonlin(at, ref(c.ref()), expr(c.expr()));
        if (s instanceof OutputStmtContext c) return new Surface.Output(at, ref(c.ref()));
        throw new IllegalStateException("unknown statement " + s.getClass());
    }

    private Surface.DimDecl dimDecl(DimDeclContext d) {
        return new Surface.DimDecl(pos(d), name(d.name()), d.expr() == null ? null : expr(d.expr()));
    }

    private Surface.Dim dimension(DimensionContext d) {
        Pos at = pos(d);
        if (d.expr() != null) return new Surface.Dim(at, 0, null, expr(d.expr()));
        if (d.name() != null) return new Surface.Dim(at, 0, d.name().getText(), null);
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
    }

    private Options options(List<OptionContext> opts, boolean vecIn) {
        Options o = new Options();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (OptionContext op : opts) {
            String key = op.key.getText();
            Pos at = pos(op.key);
            if (!seen.add(key)) diags.error(at, "'" + key + "' given twice");
            switch (key) {
                case "sigma" -> {
                    if (op.expr() == null) diags.error(at, "'sigma' needs a value, e.g. sigma 1.5");
                    else o.sigma = expr(op.expr());
                }
                case "mean" -> {
                    if (!vecIn) diags.error(at, "'mean' is only allowed on VecIn");
                    else if (op.expr() == null) diags.error(at, "'mean' needs a value, e.g. mean 0.5");
                    else o.mean = expr(op.expr());
                }
                case "init" -> {
                    if (!vecIn) diags.error(at, "'init zero' is only allowed on VecIn");
                    else if (op.expr() == null || !op.expr().getText().equals("zero")) {
                        diags.error(at, "expected 'init zero'");
                    } else o.initZero = true;
                }
                case "frozen" -> {
                    if (op.expr() != null) diags.error(pos(op.expr()), "unexpected '" + op.expr().getText() + "' after 'frozen'");
                    o.frozen = true;
                }
                default -> diags.error(at, "unknown option '" + key + "' (expected "
                        + (vecIn ? "sigma, mean, init zero or frozen)" : "sigma or frozen)"));
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
            return new Surface.Call(at, c.name().getText(), List.copyOf(args));
        }
        throw new IllegalStateException("unknown expression " + e.getClass());
    }
}
