package tp.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tp.UserError;

/**
 * Every error of the Netsor+ forms (moments, mean, moment coefficients, the parametrization,
 * layernorm and softmax), located: the program text marks the expected position with '§'
 * (removed before parsing), and the first error must be reported there with a message
 * containing the expected words. The cases of issue 11 come first: a moment of a finite var, a
 * moment over a data dimension, a cycle through moments.
 */
class NetsorPlusErrorsTest {
    private static final String G = "VecIn a : n\nVecIn b : n\n";
    private static final String M = G + "Moment m := mean(a)\n";

    private static Arguments c(String id, String marked, String... fragments) {
        return Arguments.of(id, marked, java.util.List.of(fragments));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            // ---- issue 11's list
            c("moment of a finite var", "VecIn f : 1\nMoment m := mean(§f * 2)",
                    "mean(...) averages over the coordinates of a width dimension; 'f' is a finite var (a moment of a finite var is not defined)"),
            c("moment over data", "input x : 3\nMoment m := mean(§x)",
                    "'x' is data, whose dimension is a data dimension (a moment of data is not defined)"),
            c("moment of a readout", "input x : 3\nMatIn W : n x 3\nMatMul g := W x\nMatIn R : 1 x n\n"
                    + "MatMul f := R g\nMoment m := mean(g * §f)", "'f' is a finite var"),
            c("cycle: a moment reading itself", G + "Moment m := mean(a * §m)",
                    "'m' is defined in terms of itself (a cycle through moments"),
            c("cycle through two moments", G + "Moment m := mean(a) * §k\nMoment k := mean(b) * m",
                    "'k' is used before its definition (line 4:8); moments are computed in program order, so a cycle through moments cannot be written"),
            c("cycle through a Nonlin", G + "Nonlin h := a * §m\nMoment m := mean(h)",
                    "'m' is used before its definition (line 4:8); moments are computed in program order"),
            // ---- a moment where a vector is needed
            c("moment as MatMul argument", M + "MatIn W : n x n\nMatMul g := W §m",
                    "MatMul multiplies data, a G-var or an H-var; 'm' is a moment"),
            c("moment as Output", M + "Output §m", "Output must be a finite var", "'m' is a moment"),
            c("moment transposed", M + "T mt := §m^T", "T needs an A-var (a matrix); 'm' is a moment"),
            c("moment alone in a LinComb", M + "LinComb c := a + §m",
                    "LinComb cannot have a term without a vector (a constant or a moment alone)"),
            c("Nonlin of moments only", M + "Nonlin h := §exp(m)",
                    "Nonlin needs at least one G- or H-var argument; a function of moments only is a Moment"),
            c("moment as sigma", M + "VecIn c : n sigma §m", "'m' is not a constant in sigma"),
            // ---- a vector where a moment is needed
            c("vector as a moment", G + "Moment m := 2 * §a",
                    "a Moment is one number per data point; 'a' is a G-var (a vector): average it over its coordinates with mean(a)"),
            c("vector in a moment coefficient", M + "LinComb c := m * §relu(a)",
                    "LinComb must be linear in its vectors"),
            c("moment coefficient of a finite var", M + "VecIn f : 1\nLinComb c := m * §f",
                    "a LinComb with moment coefficients combines G- and H-vars; 'f' is a finite var"),
            c("product of vectors with a moment", M + "LinComb c := m * a §* b", "LinComb must be linear"),
            // ---- mean
            c("mean in a Nonlin", G + "Nonlin h := a - §mean(a)", "mean(...) is only allowed in a Moment"),
            c("mean in a LinComb coefficient", G + "LinComb c := §mean(a) * b", "mean(...) is only allowed in a Moment"),
            c("nested mean", G + "Moment m := mean(a * §mean(b))", "mean(...) inside mean(...)"),
            c("mean of a constant", G + "Moment m := §mean(2)", "mean(...) needs a G- or H-var"),
            c("mean of a moment only", M + "Moment k := §mean(m)", "mean(...) needs a G- or H-var"),
            c("mean of a matrix", "MatIn W : n x n\nMoment m := mean(§W)", "mean(...) averages G- and H-vars; 'W' is an A-var"),
            c("mean mixing width dimensions", "dim m2 = 2 * n\nVecIn a : n\nVecIn b : m2\nMoment m := §mean(a * b)",
                    "mean(...) arguments must share one dimension", "inconsistent width ratios"),
            c("mean with two arguments", G + "Moment m := §mean(a, b)", "mean takes 1 argument, got 2"),
            c("a constant moment", "Moment m := 2 §* pi", "a Moment needs mean(...) of a G- or H-var, or another moment"),
            c("infinite moment constant", G + "Moment m := mean(a) + §log(0)", "constant is not a finite number"),
            // ---- the parametrization
            c("parametrization after a parameter", "MatIn W : n x n\n§parametrization standard",
                    "'parametrization' must come before the first MatIn or VecIn (line 1:1)"),
            c("parametrization twice", "parametrization ntk\n§parametrization standard",
                    "'parametrization' is already given (line 1:1)"),
            c("parametrization of an unknown kind", "parametrization §mean_field",
                    "expected 'parametrization standard' or 'parametrization ntk', found 'mean_field'"),
            c("standard and ntk", "MatIn W : n x n standard §ntk", "'standard' and 'ntk' exclude each other"),
            c("value after standard", "VecIn b : n standard §2", "unexpected '2' after 'standard'"),
            // ---- sugar: layernorm and softmax
            c("softmax without binders", M + "Moment s := §softmax(m)", "softmax normalizes a family of moments"),
            c("layernorm in a LinComb", G + "LinComb c := §layernorm(a)", "use it in a Nonlin (Nonlin y := layernorm(g))"),
            c("layernorm in a Moment", G + "Moment c := mean(§layernorm(a))", "use it in a Nonlin"),
            c("layernorm of two vectors", G + "Nonlin y := §layernorm(a, b)",
                    "layernorm takes one vector expression, got 2; give eps as layernorm(g, eps = 1e-5)"),
            c("layernorm setting misspelt", G + "Nonlin y := layernorm(a, §epsilon = 1e-5)",
                    "layernorm's only setting is eps, not 'epsilon'"),
            c("negative eps", G + "Nonlin y := layernorm(a, eps = §-1)", "eps must be a finite number >= 0, found -1"),
            c("eps twice", G + "Nonlin y := layernorm(a, eps = 1, §eps = 2)", "'eps' given twice"),
            c("setting on relu", G + "Nonlin y := relu(a, §eps = 1)", "'relu' takes no named settings"),
            c("family layernorm not the whole body", "VecIn a[0..1] : n\nNonlin y[t] := 2 * §layernorm(t in 0..1) a[t]",
                    "layernorm(...) over a family defines one variable per value of its binders, so it must be the whole right-hand side"),
            c("family name without the binder", "VecIn a[0..1] : n\nNonlin §y := layernorm(t in 0..1) a[t]",
                    "layernorm(...) defines one variable per value of its binders: the defined name must take them as indices"),
            c("softmax in a Nonlin", "VecIn a[0..1] : n\nNonlin y[s] := §softmax(s in 0..1) a[s]",
                    "softmax(...) normalizes moments: write it in a Moment"),
            c("layernorm over a family in a Moment", "VecIn a[0..1] : n\nMoment y[s] := §layernorm(s in 0..1) a[s]",
                    "layernorm(...) normalizes vectors: write it in a Nonlin"),
            c("softmax with a setting", M + "Moment A[s] := softmax(s in 0..1, §eps = 1) s * m", "softmax takes no settings"),
            c("empty softmax", M + "Moment A[s] := §softmax(s in 0..1 if s > 5) m", "empty softmax"),
            c("softmax of vectors", "VecIn a[0..1] : n\nMoment A[s] := softmax(s in 0..1) §a[s]",
                    "a Moment is one number per data point; 'a[0]' is a G-var"),
            c("softmax in a constant", "let c = §softmax(s in 0..1) s", "the value of c must be a constant; softmax(...) is not one"),
            c("generated name taken", "VecIn a : n\nVecIn y__mean : n\nNonlin y := §layernorm(a)",
                    "'y__mean' (a moment the sugar writes) is already defined (line 2:7)"),
            c("layernorm of data", "input x : 3\nNonlin y := layernorm(§x)", "'x' is data")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportedAtItsLocation(String id, String marked, java.util.List<String> fragments) {
        MarkedError.assertAt(marked, "\n", fragments);
    }
}
