package tp.lang;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import tp.lang.antlr.TpParser;
import tp.lang.antlr.TpParser.*;

/**
 * Parse tree to {@link Ast}. Recognises the soft keywords ({@code x} in {@code n x 784},
 * {@code sigma}, {@code mean}, {@code init zero}, {@code frozen}) and reports misuse of them.
 */
final class AstBuilder {
    private final String file;
    private final Diagnostics diags;

    AstBuilder(String file, Diagnostics diags) {
        this.file = file;
        this.diags = diags;
    }

    List<Ast.Stmt> build(ProgramContext tree) {
        List<Ast.Stmt> out = new ArrayList<>();
        for (StatementContext s : tree.statement()) {
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

    private Ast.Stmt statement(StatementContext s) {
        Pos at = pos(s);
        if (s instanceof ProgramStmtContext c) return new Ast.ProgramName(at, name(c.name()));
        if (s instanceof InputStmtContext c) return new Ast.Input(at, name(c.name()), dimension(c.dimension()));
        if (s instanceof MatInStmtContext c) {
            if (!c.by.getText().equals("x")) {
                diags.error(pos(c.by), "expected 'x' between the two dimensions of MatIn, found '" + c.by.getText() + "'");
            }
            Options o = options(c.option(), false);
            return new Ast.MatIn(at, name(c.name()), dimension(c.dimension(0)), dimension(c.dimension(1)),
                    o.sigma, o.frozen);
        }
        if (s instanceof VecInStmtContext c) {
            Options o = options(c.option(), true);
            return new Ast.VecIn(at, name(c.name()), dimension(c.dimension()), o.sigma, o.mean, o.initZero, o.frozen);
        }
        if (s instanceof TransposeStmtContext c) return new Ast.Transpose(at, name(c.name(0)), name(c.name(1)));
        if (s instanceof MatMulStmtContext c) return new Ast.MatMul(at, name(c.name(0)), name(c.name(1)), name(c.name(2)));
        if (s instanceof LinCombStmtContext c) return new Ast.LinComb(at, name(c.name()), expr(c.expr()));
        if (s instanceof NonlinStmtContext c) return new Ast.Nonlin(at, name(c.name()), expr(c.expr()));
        if (s instanceof OutputStmtContext c) return new Ast.Output(at, name(c.name()));
        throw new IllegalStateException("unknown statement " + s.getClass());
    }

    private Ast.DimDecl dimDecl(DimDeclContext d) {
        return new Ast.DimDecl(pos(d), name(d.name()), d.expr() == null ? null : expr(d.expr()));
    }

    private Ast.Dim dimension(DimensionContext d) {
        Pos at = pos(d);
        if (d.NUMBER() != null) {
            String text = d.NUMBER().getText();
            long v;
            try {
                v = Long.parseLong(text);
            } catch (NumberFormatException e) {
                diags.error(at, "a dimension must be a positive integer or a width symbol, found " + text);
                return new Ast.Dim(at, null, 1);
            }
            if (v <= 0 || v > Integer.MAX_VALUE) {
                diags.error(at, "a dimension must be a positive integer, found " + text);
                v = 1;
            }
            return new Ast.Dim(at, null, v);
        }
        return new Ast.Dim(at, d.name().getText(), 0);
    }

    private static final class Options {
        Ast.Expr sigma, mean;
        boolean initZero, frozen;
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
                default -> diags.error(at, "unknown option '" + key + "' (expected "
                        + (vecIn ? "sigma, mean, init zero or frozen)" : "sigma or frozen)"));
            }
        }
        return o;
    }

    Ast.Expr expr(ExprContext e) {
        Pos at = pos(e);
        if (e instanceof NumberExprContext c) return new Ast.Num(at, Double.parseDouble(c.NUMBER().getText()));
        if (e instanceof NameExprContext c) return new Ast.Ref(at, c.name().getText());
        if (e instanceof ParenExprContext c) return expr(c.expr());
        if (e instanceof UnaryExprContext c) {
            Ast.Expr arg = expr(c.expr());
            return c.op.getText().equals("-") ? new Ast.Neg(at, arg) : arg;
        }
        if (e instanceof PowExprContext c) return new Ast.Bin(pos((Token) c.getChild(1).getPayload()), '^', expr(c.expr(0)), expr(c.expr(1)));
        if (e instanceof MulExprContext c) return new Ast.Bin(pos(c.op), c.op.getText().charAt(0), expr(c.expr(0)), expr(c.expr(1)));
        if (e instanceof AddExprContext c) return new Ast.Bin(pos(c.op), c.op.getText().charAt(0), expr(c.expr(0)), expr(c.expr(1)));
        if (e instanceof CallExprContext c) {
            List<Ast.Expr> args = new ArrayList<>();
            for (ExprContext a : c.expr()) args.add(expr(a));
            return new Ast.Call(at, c.name().getText(), args);
        }
        throw new IllegalStateException("unknown expression " + e.getClass());
    }
}
