package tp.lang.sugar;

import static tp.lang.sugar.SameProgram.assertUnrollsTo;
import static tp.lang.sugar.SameProgram.READOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tp.UserError;
import tp.lang.Def;
import tp.lang.Fn;
import tp.lang.Frontend;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Var;

/**
 * The Netsor+ forms: what a Moment, a Nonlin with moments, a LinComb with moment coefficients and
 * the parametrization check into, and the layernorm and softmax sugar against the core program
 * written out by hand (same names, same order, same numbers).
 */
class NetsorPlusFormsTest {
    /** fn at the given values (by variable name; everything else 0), with means evaluated as their body. */
    private static double at(Program p, Fn fn, Object... nameValue) {
        double[] values = new double[p.vars().size()];
        for (int i = 0; i < nameValue.length; i += 2) values[p.var((String) nameValue[i]).id()] = (Double) nameValue[i + 1];
        return fn.substitute(v -> Fn.arg(v)).eval(values);
    }

    @Test
    void aMomentReadsMeansAndEarlierMoments() {
        Program p = Frontend.parse("t.tp", """
                VecIn a : n
                VecIn b : n
                Moment k := mean(a)
                Moment m := mean(a * b - k) / 2 + sqrt(k ^ 2 + 1)
                Nonlin h := relu(a - m) * k
                """ + READOUT);
        Var m = p.var("m");
        assertEquals(Kind.SCALAR, m.kind());
        Def.Moment d = (Def.Moment) m.def();
        assertEquals(List.of("a", "b", "k"), d.args().stream().map(Var::name).toList());
        assertEquals("((mean(((a * b) - k)) / 2) + sqrt(((k ^ 2) + 1)))", d.fn().show());
        assertTrue(m.dim().isFinite() && m.dim().at(7) == 1, "a moment is one number per data point");
        // the Nonlin reads a and its parameters m and k
        Var h = p.var("h");
        assertEquals(Kind.H, h.kind());
        assertEquals(List.of("a", "m", "k"), ((Def.Nonlin) h.def()).args().stream().map(Var::name).toList());
        assertEquals(List.of(p.var("a"), p.var("b"), p.var("k")), Program.reads(m));
        // inlining keeps moments as arguments of the nonlinearity
        assertEquals(Fn.mul(Fn.call(tp.lang.Builtin.RELU, Fn.sub(Fn.arg(p.var("a")), Fn.arg(m))), Fn.arg(p.var("k"))),
                p.inlined(h));
        assertEquals(List.of(p.var("k"), m), p.moments());
    }

    @Test
    void aLinCombWithMomentCoefficientsIsAnHVarOfTheSameValue() {
        Program p = Frontend.parse("t.tp", """
                VecIn a : n
                VecIn b : n
                Moment k := mean(a)
                Moment m := mean(b)
                LinComb h := k * a - (a + 2 * b) / m + 0.5 * b
                """ + READOUT);
        Var h = p.var("h");
        assertEquals(Kind.H, h.kind());
        Def.Nonlin d = (Def.Nonlin) h.def();
        assertEquals(List.of("a", "b", "k", "m"), d.args().stream().map(Var::name).toList());
        // linear in a and b: coefficients k - 1/m and -2/m + 0.5, here at a = 1.3, b = -0.7, k = 0.4, m = 2.5
        double expected = (0.4 - 1 / 2.5) * 1.3 + (-2 / 2.5 + 0.5) * -0.7;
        assertEquals(expected, at(p, d.fn(), "a", 1.3, "b", -0.7, "k", 0.4, "m", 2.5), 1e-15);
        // without moments a LinComb is as before
        Program q = Frontend.parse("t.tp", "VecIn a : n\nVecIn b : n\nLinComb h := 2 * a - b\n" + READOUT);
        assertTrue(q.var("h").def() instanceof Def.LinComb);
        assertEquals(Kind.G, q.var("h").kind());
    }

    @Test
    void parametrizationPerParameterAndForTheProgram() {
        String body = """
                input x : 3
                MatIn W : n x 3 sigma 1.5
                VecIn b : n sigma 0.1 standard
                MatIn U : n x n ntk
                VecIn c : n frozen
                MatMul z := W x
                MatMul u := U z
                Nonlin h := relu(u + b + c)
                MatIn R : 1 x n standard
                MatMul f := R h
                Output f
                """;
        Program ntk = Frontend.parse("t.tp", body);
        assertEquals(List.of(false, true, false, false, true), standard(ntk));
        assertTrue(ntk.hasTrainableStandard());
        Program std = Frontend.parse("t.tp", "parametrization standard\n" + body);
        assertEquals(List.of(true, true, false, true, true), standard(std));
        Program explicit = Frontend.parse("t.tp", "parametrization ntk\n" + body);
        assertEquals(standard(ntk), standard(explicit));
        assertEquals(new Def.MatIn(1.5, false, true), std.var("W").def());
        assertEquals(new Def.VecIn(1, 0, false, true, true), std.var("c").def());
        // a frozen standard parameter takes no part in training: nothing depends on the width
        Program frozen = Frontend.parse("t.tp", "parametrization standard\nVecIn b : 1 frozen\nOutput b\n");
        assertFalse(frozen.hasTrainableStandard());
        // the words stay usable as names
        Program names = Frontend.parse("t.tp", "VecIn standard : n\nVecIn ntk : n\nVecIn parametrization : n\n"
                + "Nonlin h := standard * ntk + parametrization\n" + READOUT);
        assertFalse(names.hasTrainableStandard());
    }

    private static List<Boolean> standard(Program p) {
        return p.parameters().stream().map(Var::isStandard).toList();
    }

    @Test
    void layernormOfOneVectorWritesItsMeanAndVariance() {
        assertUnrollsTo("""
                VecIn g : n
                Nonlin h := relu(layernorm(g))
                """ + READOUT, """
                VecIn g : n
                Moment h__mean := mean(g)
                Moment h__var := mean((g - h__mean) ^ 2)
                Nonlin h := relu((g - h__mean) / sqrt(h__var + 1e-12))
                """ + READOUT);
    }

    @Test
    void layernormOfAnExpressionWithEpsAndTwoInOneBody() {
        assertUnrollsTo("""
                VecIn g[0..1] : n
                for t in 0..1 { Nonlin y[t] := layernorm(relu(g[t]), eps = 1e-5) * layernorm(g[t]) }
                Nonlin h := y[0] + y[1]
                """ + READOUT, """
                VecIn g_0 : n
                VecIn g_1 : n
                Moment y_0__mean := mean(relu(g_0))
                Moment y_0__var := mean((relu(g_0) - y_0__mean) ^ 2)
                Moment y_0__mean2 := mean(g_0)
                Moment y_0__var2 := mean((g_0 - y_0__mean2) ^ 2)
                Nonlin y_0 := (relu(g_0) - y_0__mean) / sqrt(y_0__var + 0.00001) * ((g_0 - y_0__mean2) / sqrt(y_0__var2 + 1e-12))
                Moment y_1__mean := mean(relu(g_1))
                Moment y_1__var := mean((relu(g_1) - y_1__mean) ^ 2)
                Moment y_1__mean2 := mean(g_1)
                Moment y_1__var2 := mean((g_1 - y_1__mean2) ^ 2)
                Nonlin y_1 := (relu(g_1) - y_1__mean) / sqrt(y_1__var + 0.00001) * ((g_1 - y_1__mean2) / sqrt(y_1__var2 + 1e-12))
                Nonlin h := y_0 + y_1
                """ + READOUT);
    }

    @Test
    void layernormOverAFamilySharesOneMeanAndVariance() {
        assertUnrollsTo("""
                VecIn g[0..1][0..1] : n
                Nonlin y[i][j] := layernorm(i in 0..1, j in 0..1 if i + j < 2, eps = 0) g[i][j]
                Nonlin h := y[0][0] + y[0][1] + y[1][0]
                """ + READOUT, """
                VecIn g_0_0 : n
                VecIn g_0_1 : n
                VecIn g_1_0 : n
                VecIn g_1_1 : n
                Moment y_0_0__mean := mean(g_0_0 + g_0_1 + g_1_0) / 3
                Moment y_0_0__var := mean((g_0_0 - y_0_0__mean) ^ 2 + (g_0_1 - y_0_0__mean) ^ 2 + (g_1_0 - y_0_0__mean) ^ 2) / 3
                Nonlin y_0_0 := (g_0_0 - y_0_0__mean) / sqrt(y_0_0__var)
                Nonlin y_0_1 := (g_0_1 - y_0_0__mean) / sqrt(y_0_0__var)
                Nonlin y_1_0 := (g_1_0 - y_0_0__mean) / sqrt(y_0_0__var)
                Nonlin h := y_0_0 + y_0_1 + y_1_0
                """ + READOUT);
    }

    @Test
    void aFamilyLayernormForcesOneDimension() {
        UserError v = assertThrows(UserError.class, () -> Frontend.parse("e.tp", """
                dim m = 2 * n
                VecIn a[0] : n
                VecIn a[1] : m
                Nonlin y[t] := layernorm(t in 0..1) a[t]
                """ + READOUT.replace("R h", "R y[0]")));
        assertTrue(v.getMessage().contains("mean(...) arguments must share one dimension"), v.getMessage());
        assertTrue(v.getMessage().startsWith("e.tp:4:16: error:"), v.getMessage());
    }

    @Test
    void softmaxOverAFamilyAndAttentionAsAMomentLinComb() {
        assertUnrollsTo("""
                VecIn k[0..1] : n
                VecIn v[0..1] : n
                for t in 0..1 {
                  Moment A[t][s] := softmax(s in 0..1) 2 * mean(k[t] * k[s])
                  LinComb o[t] := sum(s in 0..1) A[t][s] * v[s]
                }
                Nonlin h := o[0] + o[1]
                """ + READOUT, """
                VecIn k_0 : n
                VecIn k_1 : n
                VecIn v_0 : n
                VecIn v_1 : n
                Moment A_0_0__sum := exp(2 * mean(k_0 * k_0)) + exp(2 * mean(k_0 * k_1))
                Moment A_0_0 := exp(2 * mean(k_0 * k_0)) / A_0_0__sum
                Moment A_0_1 := exp(2 * mean(k_0 * k_1)) / A_0_0__sum
                LinComb o_0 := A_0_0 * v_0 + A_0_1 * v_1
                Moment A_1_0__sum := exp(2 * mean(k_1 * k_0)) + exp(2 * mean(k_1 * k_1))
                Moment A_1_0 := exp(2 * mean(k_1 * k_0)) / A_1_0__sum
                Moment A_1_1 := exp(2 * mean(k_1 * k_1)) / A_1_0__sum
                LinComb o_1 := A_1_0 * v_0 + A_1_1 * v_1
                Nonlin h := o_0 + o_1
                """ + READOUT);
    }

    @Test
    void generatedNamesAreShownAsWrittenInMessages() {
        // the moment y[1]__mean is spelled as the user would write its owner
        UserError u = assertThrows(UserError.class, () -> Frontend.parse("e.tp", """
                VecIn g[0..1] : n
                for t in 0..1 { Nonlin y[t] := layernorm(g[t]) }
                MatIn W : n x n
                MatMul z := W y_1__mean
                """ + READOUT.replace("R h", "R z")));
        assertTrue(u.getMessage().contains("'y[1]__mean' is a moment"), u.getMessage());
    }

    @Test
    void theNetsorPlusWordsStayNames() {
        Program p = Frontend.parse("t.tp", """
                VecIn Moment : n
                VecIn softmax : n
                VecIn layernorm : n
                Nonlin h := Moment * softmax + layernorm
                """ + READOUT);
        assertEquals(Kind.H, p.var("h").kind());
    }
}
