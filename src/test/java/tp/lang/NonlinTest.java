package tp.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tp.lang.Programs.check;
import static tp.lang.Programs.values;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Nonlin bodies as checked {@link Fn}s: every built-in evaluated at points whose values were
 * worked out independently (tables, closed forms), symbolic derivatives against central finite
 * differences, multi-argument bodies and H-vars inside expressions.
 */
class NonlinTest {

    private static final String HEAD = "VecIn a : n\nVecIn b : n\nVecIn c : 1\nOutput c\n";

    /** The checked body of {@code Nonlin h := body} over G-vars a and b. */
    private static Fn body(Program p, String var) {
        return assertInstanceOf(Def.Nonlin.class, p.var(var).def()).fn();
    }

    private static Program program(String body) {
        return check(HEAD + "Nonlin h := " + body + "\n");
    }

    private static String call(Builtin f) {
        return f == Builtin.LEAKY_RELU ? "leaky_relu(a, 0.1)" : f.word + "(a)";
    }

    /** builtin, x, f(x): from tables / closed forms, not from the code under test. */
    private static final Object[][] VALUES = {
        {Builtin.RELU, -1.5, 0.0}, {Builtin.RELU, 0.0, 0.0}, {Builtin.RELU, 2.5, 2.5},
        {Builtin.ERF, 0.5, 0.5204998778130465}, {Builtin.ERF, -1.0, -0.8427007929497149}, {Builtin.ERF, 0.0, 0.0},
        {Builtin.TANH, 1.0, 0.7615941559557649}, {Builtin.TANH, -0.5, -0.46211715726000974},
        {Builtin.SIGMOID, 0.0, 0.5}, {Builtin.SIGMOID, 2.0, 0.8807970779778823},
        {Builtin.SIGMOID, -2.0, 0.11920292202211755}, {Builtin.SIGMOID, -800.0, 0.0}, {Builtin.SIGMOID, 800.0, 1.0},
        // gelu(x) = x Phi(x): Phi(1) = 0.8413447460685429, Phi(2) = 0.9772498680518208
        {Builtin.GELU, 1.0, 0.8413447460685429}, {Builtin.GELU, -1.0, -0.15865525393145707},
        {Builtin.GELU, 2.0, 1.9544997361036416}, {Builtin.GELU, 0.0, 0.0},
        {Builtin.SIN, 1.0, 0.8414709848078965}, {Builtin.SIN, Math.PI / 6, 0.5},
        {Builtin.COS, 1.0, 0.5403023058681398}, {Builtin.COS, Math.PI / 3, 0.5},
        {Builtin.EXP, 1.0, 2.718281828459045}, {Builtin.EXP, -1.0, 0.36787944117144233},
        {Builtin.ABS, -3.0, 3.0}, {Builtin.ABS, 2.0, 2.0},
        {Builtin.SIGN, -2.0, -1.0}, {Builtin.SIGN, 0.0, 0.0}, {Builtin.SIGN, 5.0, 1.0},
        {Builtin.STEP, -1.0, 0.0}, {Builtin.STEP, 0.0, 0.0}, {Builtin.STEP, 1e-300, 1.0},
        // softplus(x) = log(1 + e^x): log 2, log(1 + e), log(1 + 1/e); no overflow far out
        {Builtin.SOFTPLUS, 0.0, 0.6931471805599453}, {Builtin.SOFTPLUS, 1.0, 1.3132616875182228},
        {Builtin.SOFTPLUS, -1.0, 0.31326168751822286}, {Builtin.SOFTPLUS, 800.0, 800.0},
        {Builtin.SOFTPLUS, -100.0, 3.720075976020836e-44},
        {Builtin.ID, 3.25, 3.25},
        {Builtin.LEAKY_RELU, -2.0, -0.2}, {Builtin.LEAKY_RELU, 3.0, 3.0}, {Builtin.LEAKY_RELU, 0.0, 0.0},
        {Builtin.SQRT, 2.0, 1.4142135623730951}, {Builtin.SQRT, 0.25, 0.5},
        {Builtin.LOG, 1.0, 0.0}, {Builtin.LOG, 10.0, 2.302585092994046},
    };

    @Test
    void everyBuiltinEvaluatesToItsKnownValues() {
        Set<Builtin> seen = EnumSet.noneOf(Builtin.class);
        for (Object[] row : VALUES) {
            Builtin f = (Builtin) row[0];
            double x = (Double) row[1], want = (Double) row[2];
            Program p = program(call(f));
            double got = body(p, "h").eval(values(p, "a", x));
            double tol = want != 0 && Math.abs(want) < 1e-30 ? 1e-12 * Math.abs(want) : 2e-16 * Math.max(1, Math.abs(want));
            assertEquals(want, got, tol, f.word + "(" + x + ")");
            seen.add(f);
        }
        assertEquals(EnumSet.allOf(Builtin.class), seen, "every built-in has a value check");
    }

    @Test
    void builtinDerivativesMatchFiniteDifferences() {
        for (Builtin f : Builtin.values()) {
            Program p = program(call(f));
            Var a = p.var("a");
            Fn fn = body(p, "h"), d = fn.derivative(a);
            List<Double> xs = f == Builtin.SQRT || f == Builtin.LOG
                    ? List.of(0.3, 1.1, 2.4) : List.of(-1.7, -0.6, 0.3, 1.1, 2.4);
            for (double x : xs) {
                double fd = centralDifference(fn, p, "a", x, Double.NaN);
                assertEquals(fd, d.eval(values(p, "a", x)), 1e-7 * Math.max(1, Math.abs(fd)), f.word + "'(" + x + ")");
            }
        }
    }

    @Test
    void derivativesAtKinksTakeTheConventionalValue() {
        // relu'(0) = step(0) = 0, abs'(0) = sign(0) = 0, leaky_relu'(0) = the slope
        Object[][] kinks = {{"relu(a)", 0.0}, {"step(a)", 0.0}, {"sign(a)", 0.0}, {"abs(a)", 0.0},
                {"leaky_relu(a, 0.1)", 0.1}, {"leaky_relu(a, -0.3)", -0.3}};
        for (Object[] k : kinks) {
            Program p = program((String) k[0]);
            assertEquals((Double) k[1], body(p, "h").derivative(p.var("a")).eval(values(p, "a", 0.0)), 0.0, (String) k[0]);
        }
    }

    @Test
    void multiArgumentBodiesAndTheirPartials() {
        String expr = "a * b + sin(a)^2 / (1 + b^2) + exp(a - b) + a^b - leaky_relu(a*b, 0.2)"
                + " + sqrt(a) * log(b) + gelu(a - b) + erf(2*a) * tanh(b) / sigmoid(a)";
        Program p = program(expr);
        Def.Nonlin def = assertInstanceOf(Def.Nonlin.class, p.var("h").def());
        assertEquals(List.of(p.var("a"), p.var("b")), def.args());
        double a = 0.7, b = 1.3;
        double phi = 0.5 * (1 + erf((a - b) / Math.sqrt(2)));
        double want = a * b + Math.pow(Math.sin(a), 2) / (1 + b * b) + Math.exp(a - b) + Math.pow(a, b) - a * b
                + Math.sqrt(a) * Math.log(b) + (a - b) * phi + erf(2 * a) * Math.tanh(b) * (1 + Math.exp(-a));
        assertEquals(want, def.fn().eval(values(p, "a", a, "b", b)), 1e-14);
        for (String v : List.of("a", "b")) {
            Fn d = def.fn().derivative(p.var(v));
            double fd = centralDifference(def.fn(), p, v, v.equals("a") ? a : b, v.equals("a") ? b : a);
            assertEquals(fd, d.eval(values(p, "a", a, "b", b)), 1e-7, "d/d" + v);
        }
        // a variable the body does not read
        assertEquals(0.0, def.fn().derivative(p.var("c")).eval(values(p, "a", a, "b", b)));
        assertEquals(new Fn.Const(0), def.fn().derivative(p.var("c")));
    }

    @Test
    void constantsInsideBodiesAreFolded() {
        Program p = program("2^3 * a + pi - sqrt(4) / exp(0) + log(1) - -b * 1.5e-1");
        assertEquals(8 * 0.25 + Math.PI - 2 + 0.15 * 3, body(p, "h").eval(values(p, "a", 0.25, "b", 3.0)), 1e-15);
        assertEquals(Set.of(p.var("a"), p.var("b")), body(p, "h").vars());
    }

    @Test
    void hVarsInsideExpressionsStandForTheirDefinitions() {
        Program p = check(HEAD + """
                Nonlin h1 := relu(a) + b
                Nonlin h2 := h1 * tanh(h1) - a
                LinComb l := 2*h1 - h2
                Nonlin h3 := l^2 + sigmoid(b)
                """);
        assertEquals(Kind.H, p.var("l").kind());
        assertEquals(List.of(p.var("h1"), p.var("a")), assertInstanceOf(Def.Nonlin.class, p.var("h2").def()).args());
        assertEquals(List.of(p.var("l"), p.var("b")), assertInstanceOf(Def.Nonlin.class, p.var("h3").def()).args());
        for (double[] ab : new double[][] {{0.4, -1.1}, {-0.9, 0.3}, {1.7, 0.2}}) {
            double a = ab[0], b = ab[1];
            double h1 = Math.max(a, 0) + b, h2 = h1 * Math.tanh(h1) - a, l = 2 * h1 - h2;
            double h3 = l * l + 1 / (1 + Math.exp(-b));
            double[] vals = values(p, "a", a, "b", b);
            assertEquals(h2, p.inlined(p.var("h2")).eval(vals), 1e-14);
            assertEquals(l, p.inlined(p.var("l")).eval(vals), 1e-14);
            assertEquals(h3, p.inlined(p.var("h3")).eval(vals), 1e-14);
            // the inlined form reads only G-vars, and its derivative is the chain rule through them
            assertEquals(Set.of(p.var("a"), p.var("b")), p.inlined(p.var("h3")).vars());
            Fn f = p.inlined(p.var("h3"));
            assertEquals(centralDifference(f, p, "a", a, b), f.derivative(p.var("a")).eval(vals), 1e-7);
        }
    }

    /** (f(x + e) - f(x - e)) / 2e in variable v, the other of a/b fixed at {@code other}. */
    private static double centralDifference(Fn f, Program p, String v, double x, double other) {
        String o = v.equals("a") ? "b" : "a";
        double e = 1e-5;
        double up = f.eval(values(p, v, x + e, o, other)), down = f.eval(values(p, v, x - e, o, other));
        assertTrue(Double.isFinite(up) && Double.isFinite(down), "finite difference of " + f.show() + " at " + x);
        return (up - down) / (2 * e);
    }

    /** erf from its series (converges fast for |x| <= 2): an independent check on the built-in. */
    private static double erf(double x) {
        double sum = 0, term = x;
        for (int k = 0; k < 80; k++) {
            sum += term / (2 * k + 1);
            term *= -x * x / (k + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
