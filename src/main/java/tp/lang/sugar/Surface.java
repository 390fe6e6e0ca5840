package tp.lang.sugar;

import java.util.List;
import tp.lang.Ast;
import tp.lang.Pos;

/**
 * The syntax tree of a {@code .tp} file as written, sugar included (docs/LANGUAGE-EXTENSIONS.md):
 * {@code let} constants, {@code for} blocks, indexed names {@code x[i+a]}, sums, guards and
 * {@code if} blocks, constant expressions as dimensions. {@link Expander} unrolls it into the core {@link Ast}; nothing after
 * the expander sees these records. Positions are the user's, so errors found in unrolled code
 * can point at the text they came from.
 */
public final class Surface {
    private Surface() {}

    /** A statement as written. */
    public sealed interface Stmt permits Core, Let, For, If, Input, MatIn, VecIn, Transpose, MatMul,
            LinComb, Nonlin, Output, DimDecl, Moment {
        Pos pos();
    }

    /** A statement that has no sugar in any of its parts ({@code program NAME}). */
    public record Core(Ast.Stmt stmt) implements Stmt {
        @Override public Pos pos() { return stmt.pos(); }
    }

    /** {@code let NAME = EXPR}: a named constant, visible from here to the end of its block. */
    public record Let(Pos pos, Ast.Name name, Expr value) implements Stmt {}

    /** {@code for i in a..b, j in c..d { body }}: the body once per index tuple, first binder outermost. */
    public record For(Pos pos, List<Binder> binders, List<Stmt> body) implements Stmt {}

    /**
     * {@code if COND { then } else { otherwise }}: {@code otherwise} is empty without an
     * {@code else}; {@code else if} is an {@code otherwise} holding one If.
     */
    public record If(Pos pos, Cond cond, List<Stmt> then, List<Stmt> otherwise) implements Stmt {}

    /** {@code i in a..b} (both bounds included), optionally {@code if COND}: the values where COND holds. */
    public record Binder(Ast.Name var, Range range, Cond guard) {}

    /** {@code a..b}: {@code pos} is where {@code a} starts. */
    public record Range(Pos pos, Expr from, Expr to) {}

    /** {@code dim m} or {@code dim m = EXPR}. */
    public record DimDecl(Pos pos, Ast.Name name, Expr ratio) implements Stmt {}

    /** A variable name with its indices (none for a plain name). */
    public record Ref(String name, Pos pos, List<Index> indices) {
        public boolean isIndexed() { return !indices.isEmpty(); }
    }

    /**
     * One {@code [..]} of a {@link Ref}: an index expression, or (in declarations) a range of
     * members. {@code pos} is where the expression starts.
     */
    public record Index(Pos pos, Expr expr, Range range) {}

    /**
     * A dimension: exactly one of a positive integer literal ({@code literal > 0}), a name (a
     * width symbol or a constant) or a parenthesised constant expression.
     */
    public record Dim(Pos pos, long literal, String name, Expr expr) {}

    public record Input(Pos pos, Ref name, Dim dim) implements Stmt {}

    public record MatIn(Pos pos, Ref name, Dim rows, Dim cols, Expr sigma, boolean frozen, Ast.Param param) implements Stmt {}

    public record VecIn(Pos pos, Ref name, Dim dim, Expr sigma, Expr mean, boolean initZero,
                        boolean frozen, Ast.Param param) implements Stmt {}

    public record Transpose(Pos pos, Ref name, Ref source) implements Stmt {}

    public record MatMul(Pos pos, Ref name, Ref matrix, Ref arg) implements Stmt {}

    public record LinComb(Pos pos, Ref name, Expr expr) implements Stmt {}

    public record Nonlin(Pos pos, Ref name, Expr expr) implements Stmt {}

    public record Output(Pos pos, Ref var) implements Stmt {}

    /** {@code Moment m := EXPR} (Netsor+); EXPR may be a {@code softmax(...)} over a family. */
    public record Moment(Pos pos, Ref name, Expr expr) implements Stmt {}

    /** Expressions as written. */
    public sealed interface Expr permits Num, Name, Neg, Bin, Call, Sum, Norm {
        Pos pos();
    }

    public record Num(Pos pos, double value) implements Expr {}

    /** A name (variable, constant, loop variable, pi), possibly indexed. */
    public record Name(Pos pos, Ref ref) implements Expr {}

    public record Neg(Pos pos, Expr arg) implements Expr {}

    public record Bin(Pos pos, char op, Expr left, Expr right) implements Expr {}

    /** A call; {@code settings} are the named arguments ({@code layernorm(g, eps = 1e-5)}). */
    public record Call(Pos pos, String fn, List<Expr> args, List<Setting> settings) implements Expr {
        public Call(Pos pos, String fn, List<Expr> args) {
            this(pos, fn, args, List.of());
        }
    }

    /** {@code NAME = EXPR} inside a call's parentheses. */
    public record Setting(Ast.Name name, Expr value) {}

    /**
     * {@code softmax(s in 0..T-1) BODY} or {@code layernorm(i in .., j in .., eps = E) BODY}: a
     * normalization over a family, defining one member per value of the binders (Netsor+ sugar).
     */
    public record Norm(Pos pos, String op, List<Binder> binders, List<Setting> settings, Expr body) implements Expr {}

    /** {@code sum(a in 0..2, b in 0..2) body}: body once per index tuple, added left to right. */
    public record Sum(Pos pos, List<Binder> binders, Expr body) implements Expr {}

    /** Conditions of guards and {@code if} blocks; {@code pos} is where the condition starts. */
    public sealed interface Cond permits Not, And, Or, Compare, InRange {
        Pos pos();
    }

    public record Not(Pos pos, Cond arg) implements Cond {}

    public record And(Pos pos, Cond left, Cond right) implements Cond {}

    public record Or(Pos pos, Cond left, Cond right) implements Cond {}

    /** {@code e0 op1 e1 op2 e2 ...}: every adjacent pair compared (chained, as in 0 <= i < S). */
    public record Compare(Pos pos, List<Expr> operands, List<String> ops) implements Cond {}

    /** {@code e in a..b}: e is one of the integers a..b. */
    public record InRange(Pos pos, Expr value, Range range) implements Cond {}
}
