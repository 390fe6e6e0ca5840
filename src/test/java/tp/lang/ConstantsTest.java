package tp.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static tp.lang.Programs.check;

import org.junit.jupiter.api.Test;

/**
 * Constant expressions (LANGUAGE.md section 2): numbers in every written form, {@code + - * / ^}
 * with the usual precedence and associativity, parentheses, {@code pi}, {@code sqrt},
 * {@code exp}, {@code log}, wherever a constant goes: sigma, mean, coefficients, ratios, slopes.
 */
class ConstantsTest {

    /** The mean of {@code VecIn b : 1 mean EXPR}. */
    private static double mean(String expr) {
        Program p = check("VecIn b : 1 mean " + expr + "\nOutput b\n");
        return assertInstanceOf(Def.VecIn.class, p.var("b").def()).mean();
    }

    private static double sigma(String expr) {
        Program p = check("MatIn W : n x n sigma " + expr + "\nVecIn b : 1\nOutput b\n");
        return assertInstanceOf(Def.MatIn.class, p.var("W").def()).sigma();
    }

    @Test
    void numberForms() {
        assertEquals(2.0, mean("2"));
        assertEquals(0.05, mean("0.05"));
        assertEquals(-1.5e-3, mean("-1.5e-3"));
        assertEquals(0.5, mean(".5"));
        assertEquals(2.0, mean("2."));
        assertEquals(1200.0, mean("1.2E+3"));
        assertEquals(0.0, mean("0"));
    }

    @Test
    void precedenceAndAssociativity() {
        assertEquals(7.0, mean("1 + 2 * 3"));
        assertEquals(9.0, mean("(1 + 2) * 3"));
        assertEquals(3.0, mean("8 - 3 - 2"));          // left associative
        assertEquals(0.5, mean("10 / 4 / 5"));
        assertEquals(512.0, mean("2 ^ 3 ^ 2"));        // right associative: 2^9
        assertEquals(-4.0, mean("-2^2"));              // -(2^2)
        assertEquals(4.0, mean("(-2)^2"));
        assertEquals(18.0, mean("2 * 3 ^ 2"));
        assertEquals(-6.0, mean("-2 * 3"));
        assertEquals(1.0, mean("--1"));
        assertEquals(5.0, mean("+5"));
        assertEquals(0.25, mean("2 ^ -2"));
    }

    @Test
    void namedConstantAndFunctions() {
        assertEquals(Math.PI / 2, mean("pi / 2"), 0);
        assertEquals(Math.sqrt(2), sigma("sqrt(2)"), 0);
        assertEquals(3.0, mean("exp(log(3))"), 1e-15);
        assertEquals(1.0, mean("log(exp(1))"), 1e-15);
        assertEquals(1.5 / Math.sqrt(3), sigma("1.5 / sqrt(3)"), 1e-16);
        // other built-ins evaluate too: tanh(0) = 0, relu(-1) = 0, abs(-2) = 2
        assertEquals(2.0, mean("tanh(0) + relu(-1) + abs(-2)"));
        assertEquals(0.0, sigma("0"));
    }

    @Test
    void constantsInRatiosSlopesAndCoefficients() {
        Program p = check("""
                dim m = 3 / 2 * n
                dim k = n * sqrt(4)
                VecIn a : m
                VecIn c : k
                Nonlin h := leaky_relu(a, 1 / 2^3)
                LinComb l := (1 + 1) ^ 2 * c / exp(0)
                VecIn o : 1
                Output o
                """);
        assertEquals(15, p.var("a").dim().at(10));
        assertEquals(20, p.var("c").dim().at(10));
        Fn.Call call = assertInstanceOf(Fn.Call.class, assertInstanceOf(Def.Nonlin.class, p.var("h").def()).fn());
        assertEquals(0.125, call.param());
        assertEquals(4.0, assertInstanceOf(Def.LinComb.class, p.var("l").def()).coefs()[0]);
    }

    @Test
    void dimDeclarationsInOneStatement() {
        Program p = check("dim n, m = 2 * n, k\nVecIn a : m\nVecIn b : k\nVecIn o : 1\nOutput o\n");
        assertEquals(2, p.cdcs().size());
        assertEquals(8, p.var("a").dim().at(4));
        assertEquals(4, p.var("b").dim().at(4));
    }
}
