package tp.lang.sugar;

import java.util.List;
import tp.lang.Ast;
import tp.lang.Constants;

/**
 * Core statements as {@code .tp} text that parses back to the same statements (what
 * {@code tp info --expand} prints). Expressions are printed with exactly the parentheses that
 * rebuild the same tree, numbers in the shortest form that reads back as the same double.
 * When the file has no {@code program NAME} the text gets one (the file's base name) so that
 * the printed program keeps its name wherever it is saved.
 */
public final class CoreWriter {
    private CoreWriter() {}

    private static final int ADD = 1, MUL = 2, UNARY = 3, POW = 4, ATOM = 5;

    public static String write(Expansion e) {
        StringBuilder sb = new StringBuilder();
        sb.append("# core program unrolled from ").append(e.file()).append(" by 'tp info --expand'\n");
        List<Ast.Stmt> stmts = e.stmts();
        boolean named = !stmts.isEmpty() && stmts.get(0) instanceof Ast.ProgramName;
        String base = baseName(e.file());
        if (!named && base.matches("[A-Za-z_][A-Za-z0-9_]*") && !isKeyword(base)) {
            sb.append("program ").append(base).append('\n');
        }
        for (Ast.Stmt s : stmts) sb.append(statement(s)).append('\n');
        return sb.toString();
    }

    private static boolean isKeyword(String s) {
        return List.of("program", "dim", "input", "MatIn", "VecIn", "MatMul", "LinComb", "Nonlin", "Output", "Moment").contains(s);
    }

    static String baseName(String file) {
        String f = file.replace('\\', '/');
        f = f.substring(f.lastIndexOf('/') + 1);
        return f.endsWith(".tp") ? f.substring(0, f.length() - 3) : f;
    }

    /** One core statement on one line. */
    public static String statement(Ast.Stmt s) {
        if (s instanceof Ast.ProgramName p) return "program " + p.name();
        if (s instanceof Ast.DimDecl d) return "dim " + d.name() + (d.ratioExpr() == null ? "" : " = " + expr(d.ratioExpr()));
        if (s instanceof Ast.Input x) return "input " + x.name() + " : " + x.dim();
        if (s instanceof Ast.MatIn m) {
            return "MatIn " + m.name() + " : " + m.rows() + " x " + m.cols() + option("sigma", m.sigma())
                    + (m.frozen() ? " frozen" : "") + param(m.param());
        }
        if (s instanceof Ast.VecIn v) {
            return "VecIn " + v.name() + " : " + v.dim() + option("sigma", v.sigma()) + option("mean", v.mean())
                    + (v.initZero() ? " init zero" : "") + (v.frozen() ? " frozen" : "") + param(v.param());
        }
        if (s instanceof Ast.Transpose t) return "T " + t.name() + " := " + t.source() + "^T";
        if (s instanceof Ast.MatMul m) return "MatMul " + m.name() + " := " + m.matrix() + " " + m.arg();
        if (s instanceof Ast.LinComb l) return "LinComb " + l.name() + " := " + expr(l.expr());
        if (s instanceof Ast.Nonlin n) return "Nonlin " + n.name() + " := " + expr(n.expr());
        if (s instanceof Ast.Moment m) return "Moment " + m.name() + " := " + expr(m.expr());
        if (s instanceof Ast.Parametrization p) return "parametrization " + p.word();
        return "Output " + ((Ast.Output) s).var();
    }

    private static String param(Ast.Param p) {
        return p == Ast.Param.DEFAULT ? "" : " " + p.word();
    }

    private static String option(String key, Ast.Expr e) {
        return e == null ? "" : " " + key + " " + expr(e);
    }

    /** An expression in .tp syntax; parsing it gives back the same tree. */
    public static String expr(Ast.Expr e) {
        StringBuilder sb = new StringBuilder();
        write(e, sb);
        return sb.toString();
    }

    private static int level(Ast.Expr e) {
        if (e instanceof Ast.Bin b) {
            return switch (b.op()) {
                case '+', '-' -> ADD;
                case '*', '/' -> MUL;
                default -> POW;
            };
        }
        if (e instanceof Ast.Neg) return UNARY;
        if (e instanceof Ast.Num n && (n.value() < 0 || (n.value() == 0 && 1 / n.value() < 0))) return UNARY;
        return ATOM;
    }

    private static void write(Ast.Expr e, StringBuilder sb) {
        if (e instanceof Ast.Num n) {
            sb.append(Constants.format(n.value()));
        } else if (e instanceof Ast.Ref r) {
            sb.append(r.name());
        } else if (e instanceof Ast.Neg n) {
            sb.append('-');
            // "--x" would also parse, but "-(-x)" reads better
            operand(n.arg(), level(n.arg()) < UNARY || n.arg() instanceof Ast.Neg || level(n.arg()) == UNARY, sb);
        } else if (e instanceof Ast.Call c) {
            sb.append(c.fn()).append('(');
            for (int i = 0; i < c.args().size(); i++) {
                if (i > 0) sb.append(", ");
                write(c.args().get(i), sb);
            }
            sb.append(')');
        } else {
            // a long sum is a deep left spine (((a + b) + c) + ...): walk it, do not recurse on it
            Ast.Bin b = (Ast.Bin) e;
            int lv = level(b);
            java.util.ArrayDeque<Ast.Bin> spine = new java.util.ArrayDeque<>();
            spine.push(b);
            while (lv != POW && spine.peek().left() instanceof Ast.Bin l && level(l) == lv) spine.push(l);
            Ast.Bin first = spine.peek();
            int l = level(first.left());
            operand(first.left(), lv == POW ? l <= POW : l < lv, sb);
            while (!spine.isEmpty()) {
                Ast.Bin x = spine.pop();
                int r = level(x.right());
                // a unary operand only stays unparenthesised on the left of + - * /
                boolean rightParens = lv == POW ? r < POW : r <= lv || r == UNARY;
                sb.append(' ').append(x.op()).append(' ');
                operand(x.right(), rightParens, sb);
            }
        }
    }

    private static void operand(Ast.Expr e, boolean parens, StringBuilder sb) {
        if (parens) sb.append('(');
        write(e, sb);
        if (parens) sb.append(')');
    }
}
