package tp.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tp.cli.Cli;

/**
 * Every error class of LANGUAGE.md section 2 through {@code tp info}: exit status 2, no stack
 * trace, exactly one message {@code FILE:LINE:COL: error: ...} at the line and column counted by
 * hand (the comment after each case says what sits there), naming what conflicts.
 */
class ErrorLocationsTest {

    @TempDir
    static Path dir;

    private static Arguments c(String id, String loc, String program, String... fragments) {
        return Arguments.of(id, loc, program, List.of(fragments));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            // ---- syntax
            c("extra token", "3:17", "input x : 4\nMatIn W : n x 4\nMatMul g := W x x\n", // the second x
                    "syntax error: unexpected 'x'"),
            c("bad character", "1:13", "input x : 4 @\n", "unexpected character '@'"),
            c("missing colon", "1:9", "input x 4\n", "syntax error: missing ':' before '4'"),
            c("unclosed paren", "1:21", "VecIn b : n sigma (2\n", // the end of line after "(2"
                    "syntax error: missing ')' before end of line"),
            c("misspelt keyword", "1:1", "Matmul g := W x\n", "syntax error", "'Matmul'"),
            c("= for :=", "1:10", "MatMul g = W x\n", "syntax error: unexpected '='", "':='"),
            c("end of file inside expression", "1:17", "LinComb g := a +", "syntax error: unexpected end of file"),
            c("MatIn without x", "1:13", "MatIn W : n by 4\n", "expected 'x' between the two dimensions of MatIn, found 'by'"),
            c("fractional dimension", "1:11", "input x : 1.5\n", "a dimension must be a positive integer", "1.5"),
            c("zero dimension", "1:11", "input x : 0\n", "a dimension must be a positive integer, found 0"),
            c("huge dimension", "1:11", "input x : 3000000000\n", "a dimension must be a positive integer, found 3000000000"),
            c("input row too long", "2:11", "input x : 2147483647\ninput y : 2147483647\n",
                    "the input row would be longer than 2147483647 columns"),
            c("error after ';'", "1:30", "input x : 4; MatIn W : n x 4 foo 2\n", // foo
                    "unknown option 'foo' (expected sigma, frozen, standard or ntk)"),
            // ---- options
            c("mean on MatIn", "1:17", "MatIn W : n x n mean 1\n", "'mean' is only allowed on VecIn"),
            c("init on MatIn", "1:17", "MatIn W : n x n init zero\n", "'init zero' is only allowed on VecIn"),
            c("init alone", "1:13", "VecIn b : n init\n", "expected 'init zero'"),
            c("init one", "1:13", "VecIn b : n init one\n", "expected 'init zero'"),
            c("sigma without value", "1:13", "VecIn b : n sigma\n", "'sigma' needs a value"),
            c("mean without value", "1:20", "VecIn b : n frozen mean\n", "'mean' needs a value"),
            c("sigma twice", "1:21", "VecIn b : n sigma 1 sigma 2\n", "'sigma' given twice"),
            c("value after frozen", "1:20", "VecIn b : n frozen 2\n", "unexpected '2' after 'frozen'"),
            c("unknown VecIn option", "1:13", "VecIn b : n scale 2\n",
                    "unknown option 'scale' (expected sigma, mean, init zero, frozen, standard or ntk)"),
            // ---- names
            c("undefined", "2:13", "input x : 4\nMatMul g := W x\n", "undefined name 'W'"),
            c("redefined", "2:7", "input x : 4\nVecIn x : n\n", "'x' is already defined (line 1:7)"),
            c("used before definition", "2:13", "input x : 4\nMatMul g := W x\nMatIn W : n x 4\n",
                    "'W' is used before its definition (line 3:7)"),
            c("undefined in Nonlin", "2:23", "VecIn a : n\nNonlin h := relu(a) + b\n", "undefined name 'b'"),
            c("undefined in LinComb", "2:20", "VecIn a : n\nLinComb g := a + 2*c\n", "undefined name 'c'"),
            c("undefined Output", "1:8", "Output f\n", "undefined name 'f'"),
            c("program not first", "2:1", "input x : 4\nprogram p\n", "'program' must be the first statement"),
            c("dim twice", "2:5", "dim n\ndim n\n", "width symbol 'n' is already declared"),
            c("ratio after use", "2:5", "VecIn a : m\ndim m = 2 * n\n", "'m' is already declared or used before"),
            // ---- types
            c("MatMul by data", "2:13", "input x : 4\nMatMul g := x x\n", "MatMul needs an A-var (a matrix) first; 'x' is data"),
            c("MatMul by a G-var", "2:13", "VecIn a : n\nMatMul g := a a\n", "MatMul needs an A-var", "'a' is a G-var"),
            c("MatMul of a matrix", "2:15", "MatIn W : n x n\nMatMul g := W W\n",
                    "MatMul multiplies data, a G-var or an H-var; 'W' is an A-var"),
            c("MatMul of a finite var", "3:15", "VecIn a : 1\nMatIn W : n x n\nMatMul g := W a\n", "'a' is a finite var"),
            c("MatIn with two literals", "1:11", "MatIn W : 3 x 4\n", "MatIn W : 3 x 4 has two finite dimensions"),
            c("input of width dimension", "1:11", "input x : n\n", "an input's dimension must be a number", "'n'"),
            c("Nonlin of a finite var", "2:18", "VecIn a : 1\nNonlin h := relu(a)\n",
                    "Nonlin acts on G- and H-vars; 'a' is a finite var"),
            c("Nonlin of data", "2:18", "input x : 4\nNonlin h := tanh(x)\n", "'x' is data"),
            c("Nonlin of a matrix", "2:18", "MatIn W : n x n\nNonlin h := relu(W)\n", "'W' is an A-var"),
            c("Nonlin of constants only", "1:13", "Nonlin h := pi\n", "Nonlin needs at least one G- or H-var argument"),
            c("LinComb of data", "2:16", "input x : 4\nLinComb g := 2*x\n", "LinComb combines G-, H- or finite vars; 'x' is data"),
            c("LinComb of a matrix", "3:18", "MatIn W : n x n\nVecIn a : n\nLinComb g := a + W\n", "'W' is an A-var"),
            c("LinComb mixing finite and wide", "3:16", "VecIn a : n\nVecIn b : 1\nLinComb c := a + b\n", // the +
                    "LinComb mixes finite vars with G/H-vars", "a is G-var", "b is finite"),
            c("LinComb product", "3:16", "VecIn a : n\nVecIn b : n\nLinComb c := a * b\n", // the *
                    "LinComb must be linear"),
            c("LinComb of a function", "2:18", "VecIn a : n\nLinComb c := 2 * relu(a)\n", "LinComb must be linear"),
            c("LinComb power", "2:16", "VecIn a : n\nLinComb c := a ^ 2\n", "LinComb must be linear"),
            c("LinComb constant term", "2:18", "VecIn a : n\nLinComb c := a + 1\n", "LinComb cannot have a constant term"),
            c("LinComb division by zero", "2:18", "VecIn a : n\nLinComb c := a / 0\n", "division by zero"),
            c("T of a vector", "2:9", "VecIn a : n\nT at := a^T\n", "T needs an A-var (a matrix); 'a' is a G-var"),
            c("T of a transpose", "3:10", "MatIn W : n x n\nT Wt := W^T\nT Wtt := Wt^T\n",
                    "'Wt' is already a transpose (of 'W')"),
            // ---- Output
            c("Output of a G-var", "2:8", "VecIn a : n\nOutput a\n", "Output must be a finite var", "'a' is a G-var"),
            c("Output of an H-var", "3:8", "VecIn a : n\nNonlin h := relu(a)\nOutput h\n", "'h' is an H-var"),
            c("Output of data", "2:8", "input x : 3\nOutput x\n", "Output must be a finite var", "'x' is data"),
            c("Output of a matrix", "2:8", "MatIn W : 1 x n\nOutput W\n", "'W' is an A-var"),
            c("missing Output", "2:1", "VecIn a : n\nVecIn b : n\n", "the program has no Output statement"),
            c("empty program", "1:1", "", "empty program"),
            c("comments only", "1:1", "# nothing here\n\n", "empty program"),
            c("two Outputs", "3:1", "VecIn a : 1\nOutput a\nOutput a\n", "more than one Output (the first is at line 2:1)"),
            // ---- dimensions
            c("literal conflict", "4:15", "input x : 4\ninput y : 3\nMatIn W : n x 4\nMatMul g := W y\n", // y
                    "dimension conflict: 4 (columns of W, line 3:7) vs 3 (dimension of y, line 2:7)"),
            c("width forced to a literal", "3:15", "input x : 4\nMatIn W : n x m\nMatMul g := W x\n",
                    "width m (columns of W, line 2:7) is forced equal to the literal 4 (dimension of x, line 1:7)"),
            c("readout of a finite vector", "3:15", "VecIn a : 2\nMatIn R : 1 x n\nMatMul f := R a\n",
                    "'a' is a finite var"),
            c("transpose's width forced to a literal", "4:16", "input x : 4\nMatIn W : n x 4\nT Wt := W^T\nMatMul g := Wt x\n",
                    "width n (columns of Wt, line 3:3) is forced equal to the literal 4 (dimension of x, line 1:7)"),
            c("two literals in a LinComb", "3:16", "VecIn a : 2\nVecIn b : 3\nLinComb c := a + b\n",
                    "LinComb arguments must share one dimension",
                    "dimension conflict: 2 (dimension of a, line 1:7) vs 3 (dimension of b, line 2:7)"),
            c("inconsistent ratios", "4:16", "dim m = 2 * n\nVecIn a : n\nVecIn b : m\nLinComb c := a + b\n",
                    "inconsistent width ratios", "n (dimension of a, line 2:7)", "m (dimension of b, line 3:7)"),
            c("inconsistent ratio through MatMul", "5:15",
                    "dim m = 3 * n\nMatIn W : m x n\nVecIn a : n\nMatMul g := W a\nNonlin h := g * a\n", // the *
                    "Nonlin arguments must share one dimension", "inconsistent width ratios"),
            c("inconsistent ratio via unified widths", "6:16",
                    "dim m = 2 * n\nVecIn a : n\nVecIn b : k\nVecIn c : m\nLinComb s := a + b\nLinComb t := b + c\n",
                    "inconsistent width ratios", "k (dimension of b, line 3:7)", "m (dimension of c, line 4:7)"),
            c("ratio with an offset", "1:11", "dim m = n + 1\n", "a width ratio must be a positive constant times one width symbol"),
            c("ratio of two symbols", "1:11", "dim m = n * k\n", "a width ratio must be a constant times one other width symbol"),
            c("negative ratio", "1:12", "dim m = -2 * n\n", "a width ratio must be a positive constant"),
            c("zero ratio", "1:11", "dim m = 0 * n\n", "a width ratio must be a positive constant"),
            c("self ratio", "1:13", "dim n = 2 * n\n", "width symbol 'n' defined in terms of itself"),
            // ---- functions
            c("unknown function", "2:13", "VecIn a : n\nNonlin h := foo(a)\n", "unknown function 'foo'", "relu", "leaky_relu"),
            c("too many arguments", "2:13", "VecIn a : n\nNonlin h := relu(a, 2)\n", "relu takes 1 argument, got 2"),
            c("too few arguments", "2:13", "VecIn a : n\nNonlin h := leaky_relu(a)\n", "leaky_relu takes 2 arguments, got 1"),
            c("no arguments", "2:13", "VecIn a : n\nNonlin h := tanh()\n", "tanh takes 1 argument, got 0"),
            c("variable slope", "3:27", "VecIn a : n\nVecIn b : n\nNonlin h := leaky_relu(a, b)\n",
                    "leaky_relu's second argument must be a constant"),
            c("variable called", "2:13", "VecIn a : n\nNonlin h := a(2)\n", "'a' is a variable, not a function"),
            c("unknown function in a constant", "1:19", "VecIn b : n sigma foo(2)\n", "unknown function 'foo' in sigma"),
            c("arity in a constant", "1:19", "VecIn b : n sigma sqrt(2, 3)\n", "sqrt takes 1 argument, got 2 in sigma"),
            // ---- constants
            c("sigma log(0)", "1:19", "VecIn b : n sigma log(0)\n", "sigma is not a finite number (-Infinity)"),
            c("mean 1/0", "1:19", "VecIn b : n mean 1/0\n", "mean is not a finite number (Infinity)"), // the /
            c("sigma sqrt(-1)", "1:19", "VecIn b : n sigma sqrt(-1)\n", "sigma is not a finite number (NaN)"),
            c("sigma overflow", "1:24", "MatIn W : n x n sigma 2^2000\n", "sigma is not a finite number (Infinity)"), // the ^
            c("negative sigma", "1:19", "VecIn b : n sigma -1\n", "sigma must not be negative, found -1"),
            c("sigma names a variable", "2:19", "VecIn a : n\nVecIn b : n sigma a\n", "'a' is not a constant in sigma"),
            c("infinite coefficient", "2:14", "VecIn a : n\nLinComb c := 1e999 * a\n", "coefficient is not a finite number (Infinity)"),
            c("overflowing coefficient", "2:31", "VecIn a : n\nLinComb c := 1e200 * (1e200 * a)\n", // the a
                    "the coefficient of 'a' is not a finite number (Infinity)"),
            c("infinite Nonlin constant", "2:17", "VecIn a : n\nNonlin h := a + log(0)\n", "constant is not a finite number (-Infinity)"),
            c("infinite slope", "2:28", "VecIn a : n\nNonlin h := leaky_relu(a, 1/0)\n", // the /
                    "leaky_relu slope is not a finite number (Infinity)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportedAtItsLocation(String id, String loc, String program, List<String> fragments) throws IOException {
        Path file = dir.resolve(id.replaceAll("[^A-Za-z0-9]+", "_") + ".tp");
        Files.writeString(file, program);
        Cli r = Cli.info(file).assertNoTrace();
        assertEquals(2, r.status(), r::toString);
        assertEquals("", r.out(), r::toString);
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "one error expected:\n" + r);
        String line = lines.get(0);
        String prefix = file + ":" + loc + ": error: ";
        assertTrue(line.startsWith(prefix), () -> "expected prefix " + prefix + "\n got " + line);
        for (String f : fragments) assertTrue(line.contains(f), () -> "missing '" + f + "' in\n" + line);
    }
}
