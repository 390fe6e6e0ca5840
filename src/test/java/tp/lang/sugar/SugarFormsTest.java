package tp.lang.sugar;

import static tp.lang.sugar.SameProgram.assertUnrollsTo;
import static tp.lang.sugar.SameProgram.names;
import static tp.lang.sugar.SameProgram.READOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import tp.lang.Def;
import tp.lang.Frontend;
import tp.lang.Program;

/**
 * Every sugar form against the core program written out by hand: the sugared text must check
 * to exactly the program of the hand-unrolled core text (same names, same order, same numbers).
 */
class SugarFormsTest {
    @Test
    void letConstantsInDimensionsSigmasAndCoefficients() {
        assertUnrollsTo("""
                let D = 3
                let W_std = 1.5
                let half = 1 / 2
                input x : D
                MatIn W : n x D sigma W_std / sqrt(D)
                VecIn b : n sigma W_std * half mean -half
                MatMul z := W x
                LinComb g := half * z + b
                Nonlin h := relu(g) * W_std
                """ + READOUT, """
                input x : 3
                MatIn W : n x 3 sigma 1.5 / sqrt(3)
                VecIn b : n sigma 1.5 * 0.5 mean -0.5
                MatMul z := W x
                LinComb g := 0.5 * z + b
                Nonlin h := relu(g) * 1.5
                """ + READOUT);
    }

    @Test
    void rangesIncludeBothEnds() {
        assertEquals(List.of("x", "b_0", "b_1", "b_2", "b_3", "W", "z", "h", "R", "f"), names("""
                input x : 2
                for i in 0..3 { VecIn b[i] : n }
                MatIn W : n x 2
                MatMul z := W x
                Nonlin h := relu(z + b[0] + b[3])
                """ + READOUT));
    }

    @Test
    void emptyRangeRunsNothing() {
        assertUnrollsTo("""
                let L = 1
                input x : 2
                MatIn W : n x 2
                MatMul h := W x
                for l in 2..L { VecIn unused[l] : n }
                """ + READOUT, """
                input x : 2
                MatIn W : n x 2
                MatMul h := W x
                """ + READOUT);
    }

    @Test
    void nestedLoopsAndMultipleBindersRunFirstBinderOutermost() {
        String core = """
                input x : 2
                MatIn W : n x 2
                MatMul h := W x
                VecIn v_0_0 : n
                VecIn v_0_1 : n
                VecIn v_0_2 : n
                VecIn v_1_0 : n
                VecIn v_1_1 : n
                VecIn v_1_2 : n
                """ + READOUT;
        String head = "input x : 2\nMatIn W : n x 2\nMatMul h := W x\n";
        assertUnrollsTo(head + "for i in 0..1, j in 0..2 { VecIn v[i][j] : n }\n" + READOUT, core);
        assertUnrollsTo(head + "for i in 0..1 {\n  for j in 0..2 {\n    VecIn v[i][j] : n\n  }\n}\n" + READOUT, core);
    }

    @Test
    void laterBindersMayUseEarlierOnes() {
        assertEquals(List.of("x", "t_0_0", "t_1_0", "t_1_1", "t_2_0", "t_2_1", "t_2_2", "W", "h", "R", "f"), names("""
                input x : 2
                for i in 0..2, j in 0..i { VecIn t[i][j] : n }
                MatIn W : n x 2
                Nonlin h := relu(sum(i in 0..2, j in i..i) t[i][j])
                """ + READOUT));
    }

    @Test
    void indexExpressionsAndConstantsInRanges() {
        assertUnrollsTo("""
                let T = 3
                input x[0..2*T-1] : 1
                MatIn W : n x 1
                for t in 0..T-1 { MatMul u[t] := W x[2*t + 1] }
                Nonlin h := relu(u[0]) + relu(u[(T - 1)])
                """ + READOUT, """
                input x_0 : 1
                input x_1 : 1
                input x_2 : 1
                input x_3 : 1
                input x_4 : 1
                input x_5 : 1
                MatIn W : n x 1
                MatMul u_0 := W x_1
                MatMul u_1 := W x_3
                MatMul u_2 := W x_5
                Nonlin h := relu(u_0) + relu(u_2)
                """ + READOUT);
    }

    @Test
    void rangeDeclarationsAssignInputColumnsRowMajorThenDimension() {
        Program p = Frontend.parse("t.tp", """
                input x[0..1][0..2] : 2
                input y : 1
                MatIn W : n x 2
                MatMul h := W x[1][2]
                """ + READOUT);
        String[] order = {"x_0_0", "x_0_1", "x_0_2", "x_1_0", "x_1_1", "x_1_2"};
        for (int k = 0; k < order.length; k++) {
            Def.Input in = (Def.Input) p.var(order[k]).def();
            assertEquals(2 * k, in.offset(), order[k]);
            assertEquals(2, in.size(), order[k]);
        }
        assertEquals(12, ((Def.Input) p.var("y").def()).offset());
        assertEquals(13, p.inputWidth());
    }

    @Test
    void rangeDeclarationsOfParametersAndSingleMembers() {
        assertUnrollsTo("""
                input x : 2
                MatIn A[0..1] : n x 2 sigma 2 frozen
                VecIn c[1..2] : n mean 1 init zero
                VecIn h[0] : n
                MatMul u := A[1] x
                Nonlin g := relu(u + c[2] + h[0])
                MatIn R : 1 x n
                MatMul f := R g
                Output f
                """, """
                input x : 2
                MatIn A_0 : n x 2 sigma 2 frozen
                MatIn A_1 : n x 2 sigma 2 frozen
                VecIn c_1 : n mean 1 init zero
                VecIn c_2 : n mean 1 init zero
                VecIn h_0 : n
                MatMul u := A_1 x
                Nonlin g := relu(u + c_2 + h_0)
                MatIn R : 1 x n
                MatMul f := R g
                Output f
                """);
    }

    @Test
    void sumsInLinCombWithSeveralBindersAndPrecedence() {
        String head = """
                input x : 2
                for a in 0..1, b in 0..1 { MatIn A[a][b] : n x 2; MatMul u[a][b] := A[a][b] x }
                VecIn c : n
                """;
        String coreHead = """
                input x : 2
                MatIn A_0_0 : n x 2
                MatMul u_0_0 := A_0_0 x
                MatIn A_0_1 : n x 2
                MatMul u_0_1 := A_0_1 x
                MatIn A_1_0 : n x 2
                MatMul u_1_0 := A_1_0 x
                MatIn A_1_1 : n x 2
                MatMul u_1_1 := A_1_1 x
                VecIn c : n
                """;
        // the summand takes in * and /, not + and -: "sum(..) 0.5 * u + c" adds c once
        assertUnrollsTo(head + "LinComb h := sum(a in 0..1, b in 0..1) 0.5 * u[a][b] + c\n" + READOUT,
                coreHead + "LinComb h := 0.5 * u_0_0 + 0.5 * u_0_1 + 0.5 * u_1_0 + 0.5 * u_1_1 + c\n" + READOUT);
        assertUnrollsTo(head + "LinComb h := c - sum(a in 0..1) (u[a][0] - u[a][1]) / 4\n" + READOUT,
                coreHead + "LinComb h := c - ((u_0_0 - u_0_1) / 4 + (u_1_0 - u_1_1) / 4)\n" + READOUT);
        // loop variables as coefficients
        assertUnrollsTo(head + "LinComb h := sum(a in 0..1, b in 0..1) (2 * a + b + 1) * u[a][b]\n" + READOUT,
                coreHead + "LinComb h := 1 * u_0_0 + 2 * u_0_1 + 3 * u_1_0 + 4 * u_1_1\n" + READOUT);
    }

    @Test
    void sumsInNonlinAndInConstants() {
        assertUnrollsTo("""
                let S = sum(i in 1..4) i
                input x : S
                MatIn W : n x S
                MatMul g[0] := W x
                MatMul g[1] := W x
                Nonlin h := sum(k in 0..1) tanh(g[k]) * g[1 - k]
                """ + READOUT, """
                input x : 10
                MatIn W : n x 10
                MatMul g_0 := W x
                MatMul g_1 := W x
                Nonlin h := tanh(g_0) * g_1 + tanh(g_1) * g_0
                """ + READOUT);
    }

    @Test
    void letsInsideLoopsAreEvaluatedPerIteration() {
        assertUnrollsTo("""
                input x : 2
                MatIn W : n x 2
                MatMul h := W x
                for l in 1..3 {
                  let s = l / 2
                  VecIn b[l] : n sigma s
                }
                let s = 7    # the loop's s is out of scope here
                VecIn last : n sigma s
                """ + READOUT, """
                input x : 2
                MatIn W : n x 2
                MatMul h := W x
                VecIn b_1 : n sigma 0.5
                VecIn b_2 : n sigma 1
                VecIn b_3 : n sigma 1.5
                VecIn last : n sigma 7
                """ + READOUT);
    }

    @Test
    void dimensionsFromConstantsAndParenthesisedExpressions() {
        assertUnrollsTo("""
                let C = 2
                let K = 3
                dim m = 2 * n
                input x : (C * K)
                MatIn W : m x (C * K)
                MatIn V : n x m
                MatMul g := W x
                Nonlin a := relu(g)
                MatMul h := V a
                """ + READOUT.replace("1 x n", "(K - 2) x n"), """
                dim m = 2 * n
                input x : 6
                MatIn W : m x 6
                MatIn V : n x m
                MatMul g := W x
                Nonlin a := relu(g)
                MatMul h := V a
                """ + READOUT);
    }

    @Test
    void indexedTransposesAndOutputs() {
        assertUnrollsTo("""
                input x : 2
                MatIn W[0..1] : n x n
                MatIn A : n x 2
                MatMul g := A x
                for l in 0..1 { T Wt[l] := W[l]^T }
                MatMul h := Wt[1] g
                MatIn R : 1 x n
                MatMul f[0] := R h
                Output f[0]
                """, """
                input x : 2
                MatIn W_0 : n x n
                MatIn W_1 : n x n
                MatIn A : n x 2
                MatMul g := A x
                T Wt_0 := W_0^T
                T Wt_1 := W_1^T
                MatMul h := Wt_1 g
                MatIn R : 1 x n
                MatMul f_0 := R h
                Output f_0
                """);
    }

    @Test
    void sugarWordsStayUsableAsVariableNames() {
        assertEquals(List.of("in", "T", "let", "for", "sum", "R", "f"), names("""
                input in : 2
                MatIn T : n x 2
                MatMul let := T in
                Nonlin for := relu(let)
                LinComb sum := 2 * for + let
                MatIn R : 1 x n
                MatMul f := R sum
                Output f
                """));
    }

    @Test
    void numbersWithATrailingDotStillParseNextToRanges() {
        assertUnrollsTo("""
                input x : 2
                MatIn W : n x 2 sigma 2.
                MatMul g := W x
                for i in 0..1 { VecIn b[i] : n sigma 1.e-1 }
                Nonlin h := relu(g + b[0] + b[1])
                """ + READOUT, """
                input x : 2
                MatIn W : n x 2 sigma 2
                MatMul g := W x
                VecIn b_0 : n sigma 0.1
                VecIn b_1 : n sigma 0.1
                Nonlin h := relu(g + b_0 + b_1)
                """ + READOUT);
    }

    @Test
    void blocksTakeSemicolonsCommentsAndBlankLines() {
        assertUnrollsTo("""
                input x : 2 ; MatIn W : n x 2
                for i in 0..1 {   # a comment after the brace

                  MatMul g[i] := W x ; Nonlin a[i] := relu(g[i])   # two statements
                }
                LinComb h := a[0] + a[1]
                """ + READOUT, """
                input x : 2
                MatIn W : n x 2
                MatMul g_0 := W x
                Nonlin a_0 := relu(g_0)
                MatMul g_1 := W x
                Nonlin a_1 := relu(g_1)
                LinComb h := a_0 + a_1
                """ + READOUT);
    }
}
