package tp.lang;

import java.util.List;

/**
 * The syntax tree of a core {@code .tp} program: plain immutable data with positions, one record
 * per statement form of LANGUAGE.md section 2. Produced by {@link AstBuilder}, consumed by
 * {@link Checker}. Sugar (loops, indexed names) is expanded before this tree is built.
 */
public final class Ast {
    private Ast() {}

    /** A statement. {@code pos} is where its keyword starts; {@code namePos} where the defined name is. */
    public sealed interface Stmt permits ProgramName, DimDecl, Input, MatIn, VecIn, Transpose,
            MatMul, LinComb, Nonlin, Output {
        Pos pos();
    }

    /** A name as written, with its position. */
    public record Name(String text, Pos pos) {
        @Override public String toString() { return text; }
    }

    /** A dimension as written: a positive integer literal or a width symbol. */
    public record Dim(Pos pos, String symbol, long literal) {
        public boolean isLiteral() { return symbol == null; }
        @Override public String toString() { return symbol == null ? Long.toString(literal) : symbol; }
    }

    public record ProgramName(Pos pos, Name name) implements Stmt {}

    /** {@code dim m} or {@code dim m = 2 * n}: ratio and base are null/NaN when absent. */
    public record DimDecl(Pos pos, Name name, Expr ratioExpr) implements Stmt {}

    public record Input(Pos pos, Name name, Dim dim) implements Stmt {}

    public record MatIn(Pos pos, Name name, Dim rows, Dim cols, Expr sigma, boolean frozen) implements Stmt {}

    public record VecIn(Pos pos, Name name, Dim dim, Expr sigma, Expr mean, boolean initZero,
                        boolean frozen) implements Stmt {}

    public record Transpose(Pos pos, Name name, Name source) implements Stmt {}

    public record MatMul(Pos pos, Name name, Name matrix, Name arg) implements Stmt {}

    public record LinComb(Pos pos, Name name, Expr expr) implements Stmt {}

    public record Nonlin(Pos pos, Name name, Expr expr) implements Stmt {}

    public record Output(Pos pos, Name var) implements Stmt {}

    /** Expressions: constants, coefficients, Nonlin bodies. */
    public sealed interface Expr permits Num, Ref, Neg, Bin, Call {
        Pos pos();
    }

    public record Num(Pos pos, double value) implements Expr {}

    /** A name inside an expression: a variable, or a constant such as {@code pi}. */
    public record Ref(Pos pos, String name) implements Expr {}

    public record Neg(Pos pos, Expr arg) implements Expr {}

    /** Binary operator; op is one of + - * / ^. */
    public record Bin(Pos pos, char op, Expr left, Expr right) implements Expr {}

    public record Call(Pos pos, String fn, List<Expr> args) implements Expr {}
}
