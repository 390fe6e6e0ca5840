package tp.lang.sugar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tp.lang.Ast;
import tp.lang.Syntax;

/**
 * The printer behind {@code tp info --expand}: printing a parsed expression and parsing the
 * text again gives the same tree (compared fully parenthesised, positions ignored), with as
 * few parentheses as the precedence rules allow.
 */
class CoreWriterTest {
    /** Fully parenthesised, independent of the printer under test. */
    private static String tree(Ast.Expr e) {
        if (e instanceof Ast.Num n) return "#" + n.value();
        if (e instanceof Ast.Ref r) return r.name();
        if (e instanceof Ast.Neg n) return "neg(" + tree(n.arg()) + ")";
        if (e instanceof Ast.Bin b) return "(" + tree(b.left()) + " " + b.op() + " " + tree(b.right()) + ")";
        Ast.Call c = (Ast.Call) e;
        return c.fn() + "(" + c.args().stream().map(CoreWriterTest::tree).collect(Collectors.joining(", ")) + ")";
    }

    private static Ast.Expr body(String expr) {
        List<Ast.Stmt> s = Syntax.parse("t.tp", "Nonlin h := " + expr + "\n");
        return ((Ast.Nonlin) s.get(0)).expr();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a + b + c", "a + (b + c)", "a - (b - c)", "(a - b) - c", "a * b / c", "a / (b * c)", "a / (b / c)",
        "a + b * c", "(a + b) * c", "a ^ b ^ c", "(a ^ b) ^ c", "-a ^ 2", "(-a) ^ 2", "-(a + b)", "-(-a)", "--a",
        "a * -b", "a - -b", "-a * b", "a ^ -b", "2 ^ (-1)", "-2 * a", "a * 0.1", "a * 1e-300", "a * 1.5e300",
        "leaky_relu(a, -0.1)", "relu(a - b) * (c + 1)", "sqrt(2 * pi) * a", "0.1 + 0.2 * a", "(a)", "(((a + b)))",
        "1 / 3 * a", "a - b + c - d", "a - (b + c) - (d - e)"})
    void printingThenParsingGivesTheSameTree(String text) {
        Ast.Expr e = body(text);
        String printed = CoreWriter.expr(e);
        assertEquals(tree(e), tree(body(printed)), "printed as " + printed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a + b + c", "a * b - c / d", "-a ^ 2", "relu(g) * 0.5", "a + (b + c)", "(a + b) * c", "a ^ b ^ c"})
    void noParenthesesBeyondTheNeededOnes(String text) {
        assertEquals(text, CoreWriter.expr(body(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "MatIn W : n x 784 sigma 1.5 / sqrt(3) frozen", "VecIn b : n sigma 0.1 mean -0.5 init zero frozen",
        "VecIn c : 3", "input x : 784", "T Wt := W^T", "MatMul g := W h", "LinComb g := 0.5 * g1 - g2 / 4",
        "Output f", "dim m = 2 * n", "dim n", "program net"})
    void statementsPrintAsWritten(String text) {
        assertEquals(text, CoreWriter.statement(Syntax.parse("t.tp", text + "\n").get(0)));
    }
}
