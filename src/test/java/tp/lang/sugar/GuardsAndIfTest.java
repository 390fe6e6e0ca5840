package tp.lang.sugar;

import static tp.lang.sugar.SameProgram.assertUnrollsTo;
import static tp.lang.sugar.SameProgram.names;
import static tp.lang.sugar.SameProgram.READOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tp.lang.Frontend;

/**
 * Guards on loop and sum binders, {@code if} blocks, conditions, strides and pooling windows
 * (docs/LANGUAGE-EXTENSIONS.md, "Padding, strides and pooling"), each against the core program
 * written out by hand: the sugared text must check to exactly the hand-unrolled program.
 */
class GuardsAndIfTest {
    /** The indices i in 0..9 that a guard keeps, as the members b[i] it declares. */
    private static String kept(String cond) {
        List<String> vars = names("input x : 1\nfor i in 0..9 if " + cond + " { VecIn b[i] : n }\nVecIn b[10] : n\n"
                + "MatIn W : n x 1\nMatMul h := W x\n" + READOUT);
        StringBuilder sb = new StringBuilder();
        for (String v : vars) if (v.startsWith("b_") && !v.equals("b_10")) sb.append(sb.length() == 0 ? "" : " ").append(v.substring(2));
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "2 <= i < 5; 2 3 4",                     // chained comparison: 2 <= i && i < 5
            "0 <= i - 1 < 3; 1 2 3",
            "i in 3..4 || i == 9; 3 4 9",            // membership in a range (both ends)
            "i - 1 in 0..8; 1 2 3 4 5 6 7 8 9",
            "!(i < 8); 8 9",
            "i > 2 && i <= 3; 3",
            "i == 2 || i == 4 && i == 5; 2",         // && binds tighter than ||
            "(i == 2 || i == 4) && i >= 3; 4",
            "i * 2 == 8; 4",
            "i != 0 && 6 / i == 2; 3",               // && stops before 6 / 0
            "i == 0 || 6 / i == 3; 0 2",             // || too
            "i >= 0; 0 1 2 3 4 5 6 7 8 9",
            "i > 9; ''",
            "2 > 1 > 0 == 0; 0 1 2 3 4 5 6 7 8 9",   // every adjacent pair: 2 > 1, 1 > 0, 0 == 0
            "sum(a in 0..i) a == 6; 3",              // constant sums in conditions
            "i in 5..4; ''"                          // the empty range contains nothing
    })
    void conditions(String cond, String expected) {
        assertEquals(expected, kept(cond));
    }

    @Test
    void aSameConvolutionWritesOnlyTheTapsThatExist() {
        // 1-D, 4 positions, 3 taps, zero padding 1 on each side: positions 0 and 3 have 2 taps
        String sugared = """
                let P = 4
                input x[0..P-1] : 2
                MatIn A[0..2] : n x 2 sigma 1.5
                VecIn c : n sigma 0.1
                for i in 0..P-1 {
                  for a in 0..2 if 0 <= i+a-1 < P { MatMul u[i][a] := A[a] x[i+a-1] }
                  LinComb g[i] := sum(a in 0..2 if i+a-1 in 0..P-1) u[i][a] + c
                }
                Nonlin h := relu(g[0]) * relu(g[3])
                """ + READOUT;
        String core = """
                input x_0 : 2
                input x_1 : 2
                input x_2 : 2
                input x_3 : 2
                MatIn A_0 : n x 2 sigma 1.5
                MatIn A_1 : n x 2 sigma 1.5
                MatIn A_2 : n x 2 sigma 1.5
                VecIn c : n sigma 0.1
                MatMul u_0_1 := A_1 x_0
                MatMul u_0_2 := A_2 x_1
                LinComb g_0 := u_0_1 + u_0_2 + c
                MatMul u_1_0 := A_0 x_0
                MatMul u_1_1 := A_1 x_1
                MatMul u_1_2 := A_2 x_2
                LinComb g_1 := u_1_0 + u_1_1 + u_1_2 + c
                MatMul u_2_0 := A_0 x_1
                MatMul u_2_1 := A_1 x_2
                MatMul u_2_2 := A_2 x_3
                LinComb g_2 := u_2_0 + u_2_1 + u_2_2 + c
                MatMul u_3_0 := A_0 x_2
                MatMul u_3_1 := A_1 x_3
                LinComb g_3 := u_3_0 + u_3_1 + c
                Nonlin h := relu(g_0) * relu(g_3)
                """ + READOUT;
        assertUnrollsTo(sugared, core);
    }

    @Test
    void stridesAndAveragePoolingWindows() {
        // stride 2 convolution over 5 positions (VALID: 2 outputs), then a 2-window SAME average
        // pooling with stride 1 dividing by the window (2) and one dividing by the count of terms
        String sugared = """
                input x[0..4] : 1
                MatIn A[0..2] : n x 1
                for i in 0..1 {
                  for a in 0..2 { MatMul u[i][a] := A[a] x[2*i+a] }
                  Nonlin r[i] := relu(sum(a in 0..2) u[i][a])
                }
                for i in 0..1 {
                  LinComb p[i] := sum(a in 0..1 if i+a < 2) r[i+a] / 2
                  let count = sum(a in 0..1 if i+a < 2) 1     # terms that exist: 2, then 1
                  LinComb q[i] := sum(a in 0..1 if i+a < 2) r[i+a] / count
                }
                LinComb h := p[0] + p[1] + q[0] + q[1]
                """ + READOUT;
        String core = """
                input x_0 : 1
                input x_1 : 1
                input x_2 : 1
                input x_3 : 1
                input x_4 : 1
                MatIn A_0 : n x 1
                MatIn A_1 : n x 1
                MatIn A_2 : n x 1
                MatMul u_0_0 := A_0 x_0
                MatMul u_0_1 := A_1 x_1
                MatMul u_0_2 := A_2 x_2
                Nonlin r_0 := relu(u_0_0 + u_0_1 + u_0_2)
                MatMul u_1_0 := A_0 x_2
                MatMul u_1_1 := A_1 x_3
                MatMul u_1_2 := A_2 x_4
                Nonlin r_1 := relu(u_1_0 + u_1_1 + u_1_2)
                LinComb p_0 := r_0 / 2 + r_1 / 2
                LinComb q_0 := r_0 / 2 + r_1 / 2
                LinComb p_1 := r_1 / 2
                LinComb q_1 := r_1 / 1
                LinComb h := p_0 + p_1 + q_0 + q_1
                """ + READOUT;
        assertUnrollsTo(sugared, core);
    }

    @Test
    void guardsOnEveryBinderSeeTheEarlierBinders() {
        assertEquals(List.of("x", "t_0_2", "t_1_1", "t_2_0", "t_2_2", "W", "h", "R", "f"), names("""
                input x : 2
                for i in 0..2 if i != 3, j in 0..2 if i + j == 2 || i == j && i == 2 { VecIn t[i][j] : n }
                MatIn W : n x 2
                Nonlin h := relu(sum(i in 0..2, j in 0..2 if i + j == 2) t[i][j] + t[2][2])
                """ + READOUT));
    }

    @Test
    void ifElseChainsAtTopLevelAndInLoops() {
        String sugared = """
                let D = 3
                if D > 2 {
                  input x : D
                } else {
                  input x : 1
                }
                MatIn W : n x D
                MatMul g[0] := W x
                for l in 1..3 {
                  if l == 1 {
                    Nonlin g[l] := relu(g[l-1])
                  } else if l == 2 { Nonlin g[l] := tanh(g[l-1]) } else {
                    let s = l / 2      # scoped to this block
                    Nonlin g[l] := s * erf(g[l-1])
                  }
                }
                let s = 7
                if s < 0 { VecIn never : n }
                Nonlin h := s * g[3]
                """ + READOUT;
        String core = """
                input x : 3
                MatIn W : n x 3
                MatMul g_0 := W x
                Nonlin g_1 := relu(g_0)
                Nonlin g_2 := tanh(g_1)
                Nonlin g_3 := 1.5 * erf(g_2)
                Nonlin h := 7 * g_3
                """ + READOUT;
        assertUnrollsTo(sugared, core);
    }

    @Test
    void countsAreConstantSums() {
        assertUnrollsTo("""
                let inside = sum(a in 0..2, b in 0..2 if a + b - 1 in 0..1) 1
                input x : inside
                MatIn W : n x inside
                MatMul h := W x
                """ + READOUT, """
                input x : 5
                MatIn W : n x 5
                MatMul h := W x
                """ + READOUT);
    }

    @Test
    void ifAndElseStayUsableAsVariableNames() {
        assertEquals(List.of("if", "else", "T", "R", "f"), names("""
                input if : 2
                MatIn else : n x 2
                MatMul T := else if
                MatIn R : 1 x n
                MatMul f := R T
                Output f
                """));
    }

    @Test
    void coreProgramsPrintedByExpandParseBackWithoutSugar() {
        String sugared = "program p\ninput x[0..3] : 1\nMatIn A[0..2] : n x 1\nfor i in 0..3 {\n"
                + "  for a in 0..2 if 0 <= i+a-1 < 4 { MatMul u[i][a] := A[a] x[i+a-1] }\n"
                + "  LinComb g[i] := sum(a in 0..2 if 0 <= i+a-1 < 4) u[i][a]\n}\n"
                + "LinComb h := sum(i in 0..3) g[i] / 4\n" + READOUT;
        Expansion e = Frontend.expand("t.tp", sugared);
        String core = e.coreText();
        assertEquals(-1, core.indexOf('['), core);
        assertEquals(-1, core.indexOf(" if "), core);
        SameProgram.assertSame(Frontend.check(e), Frontend.parse("again.tp", core), true);
    }
}
