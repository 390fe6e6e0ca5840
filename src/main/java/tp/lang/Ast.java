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
            MatMul, LinComb, Nonlin, Output, Moment, Parametrization {
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

    /**
     * How a parameter is trained (Netsor+): as written on it ({@code standard}, {@code ntk}) or, when
     * nothing is written, as the program's {@code parametrization} statement says (default ntk).
     */
    public enum Param {
        DEFAULT, NTK, STANDARD;

        /** The option word as written after a MatIn/VecIn ("" for DEFAULT). */
        public String word() {
            return this == DEFAULT ? "" : this == NTK ? "ntk" : "standard";
        }
    }

    public record MatIn(Pos pos, Name name, Dim rows, Dim cols, Expr sigma, boolean frozen, Param param) implements Stmt {
        public MatIn(Pos pos, Name name, Dim rows, Dim cols, Expr sigma, boolean frozen) {
            this(pos, name, rows, cols, sigma, frozen, Param.DEFAULT);
        }
    }

    public record VecIn(Pos pos, Name name, Dim dim, Expr sigma, Expr mean, boolean initZero,
                        boolean frozen, Param param) implements Stmt {
        public VecIn(Pos pos, Name name, Dim dim, Expr sigma, Expr mean, boolean initZero, boolean frozen) {
            this(pos, name, dim, sigma, mean, initZero, frozen, Param.DEFAULT);
        }
    }

    public record Transpose(Pos pos, Name name, Name source) implements Stmt {}

    public record MatMul(Pos pos, Name name, Name matrix, Name arg) implements Stmt {}

    public record LinComb(Pos pos, Name name, Expr expr) implements Stmt {}

    public record Nonlin(Pos pos, Name name, Expr expr) implements Stmt {}

    public record Output(Pos pos, Name var) implements Stmt {}

    /**
     * {@code Moment m := EXPR} (Netsor+): a scalar per data point; EXPR is built from constants,
     * earlier moments and {@code mean(BODY)} calls, BODY a Nonlin-style expression.
     */
    public record Moment(Pos pos, Name name, Expr expr) implements Stmt {}

    /** {@code parametrization standard|ntk}: how parameters without their own option are trained. */
    public record Parametrization(Pos pos, Name word) implements Stmt {}

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
