package tp.lang.sugar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.UserError;
import tp.cli.Main;
import tp.lang.Frontend;

/**
 * Every sugar error, with its exact location: the program text marks the expected position
 * with '§' (removed before parsing), and the first error must be reported there, as
 * {@code e.tp:LINE:COL}, with a message containing the expected words.
 */
class SugarErrorsTest {
    private static final String READOUT = "\nMatIn R : 1 x n\nMatMul f := R h\nOutput f\n";

    /** Parses text with one '§' marking where the (first) error must be reported. */
    private static UserError assertError(String marked, String message) {
        return tp.lang.MarkedError.assertAt(marked, "", java.util.List.of(message));
    }

    @Test
    void aHugeDeclaredFamilyIsAnErrorNotOutOfMemory() {
        assertError("let S = 4\ninput §x[0..S-1][0..3000000000-1] : 1", "unrolls to more than 2000000");
    }

    @Test
    void aHugeLoopStopsAtTheLimit() {
        // the loop body is reported where the limit is crossed, after 2 000 000 statements
        UserError u = assertThrows(UserError.class,
                () -> Frontend.parse("e.tp", "input x : 1\nfor i in 0..3000000000 {\n  MatIn W[i] : n x 1\n}\n"));
        assertEquals("e.tp:3:3", u.all().get(0).where());
        assertTrue(u.all().get(0).bareMessage().contains("unrolls to more than 2000000"), u.getMessage());
    }

    @Test
    void aHugeSumIsAnError() {
        assertError("input x : 1\nMatIn W : n x 1\nMatMul g := W x\nNonlin h := §sum(i in 0..100000000) g" + READOUT,
                "unrolls to more than 2000000");
    }

    @Test
    void unknownNameInAnIndex() {
        assertError("input x : 2\nMatIn A : n x 2\nfor i in 0..2 { MatMul u[§k] := A x }\nNonlin h := relu(u[0])" + READOUT,
                "unknown name 'k' in index (not a let constant or a loop variable in scope)");
    }

    @Test
    void loopVariableUsedOutsideItsLoop() {
        assertError("input x : 2\nMatIn A : n x 2\nfor i in 0..2 { MatMul u[i] := A x }\nNonlin h := relu(u[§i])" + READOUT,
                "unknown name 'i' in index");
    }

    @Test
    void unknownConstantInARange() {
        assertError("input x : 2\nfor i in 0..§N { VecIn b[i] : n }", "unknown name 'N' in loop range end");
    }

    @Test
    void unknownConstantInASigmaIsTheCheckersError() {
        assertError("let W_std = 1\ninput x : 2\nMatIn A : n x 2 sigma §w_std\nMatMul h := A x" + READOUT,
                "'w_std' is not a constant in sigma");
    }

    @Test
    void indexOutOfRangeForADeclaredFamily() {
        UserError u = assertError("input x[0..7] : 2\nMatIn A : n x 2\nfor i in 0..8 { MatMul u[i] := A §x[i] }\nNonlin h := relu(u[0])"
                + READOUT, "index out of range: x[8] is not defined; x is declared as x[0..7] (line 1:7) (at i = 8)");
        assertEquals(1, u.all().size(), u.getMessage());
    }

    @Test
    void indexOutOfRangeForAFamilyDefinedInALoop() {
        assertError("input x : 2\nMatIn A : n x 2\nfor t in 1..3 { MatMul g[t] := A x }\nNonlin h := relu(§g[0])" + READOUT,
                "g[0] is not defined; g is defined for g[1..3] (first at line 3:24)");
    }

    @Test
    void aSingleMemberDeclarationHintsAtRanges() {
        assertError("for i in 0..1 { VecIn b[i] : n }\ninput x[4] : 1\nMatIn A : n x 1\nMatMul h := A §x[0]" + READOUT,
                "note: a declaration of x[4] declares that one member; to declare x[0..3] write the indices as ranges");
    }

    @Test
    void nonIntegerIndex() {
        assertError("input x[0..3] : 1\nMatIn A : n x 1\nfor i in 0..3 { MatMul u[i] := A x[§i / 2] }\nNonlin h := relu(u[0])" + READOUT,
                "index must be an integer, found 0.5 (at i = 1)");
    }

    @Test
    void negativeIndex() {
        assertError("input x[0..3] : 1\nMatIn A : n x 1\nfor i in 0..3 { MatMul u[i] := A x[§i - 1] }\nNonlin h := relu(u[0])" + READOUT,
                "index -1 is negative; indices start at 0 (at i = 0)");
    }

    @Test
    void duplicateGeneratedName() {
        assertError("input x : 2\nfor i in 0..2 { VecIn §b[0] : n }", "'b[0]' is already defined (line 2:23, at i = 0) (at i = 1)");
    }

    @Test
    void generatedNameCollidingWithAUserName() {
        assertError("input y : 2\nVecIn x_1 : n\nVecIn §x[1] : n",
                "'x[1]' becomes the core name 'x_1', which is already a variable (line 2:7); rename one of them");
        assertError("input y : 2\nVecIn x[1] : n\nVecIn §x_1 : n",
                "'x_1' becomes the core name 'x_1', which x[1] also becomes (line 2:7); rename one of them");
    }

    @Test
    void twoFamiliesWithTheSameCoreName() {
        assertError("input x : 2\nVecIn a_1[2] : n\nVecIn §a[1][2] : n",
                "'a[1][2]' becomes the core name 'a_1_2', which a_1[2] also becomes (line 2:7)");
        assertError("input x : 2\nVecIn a[1][2] : n\nVecIn b_1[0..3] : n\nfor i in 0..2 { VecIn §a_1[i] : n }",
                "'a_1[2]' becomes the core name 'a_1_2', which a[1][2] also becomes (line 2:7); rename one of them (at i = 2)");
        assertError("input x : 2\nVecIn a[0..2][0..2] : n\nVecIn §a_2_1 : n", "'a_2_1' becomes the core name 'a_2_1', which a[2][1] also becomes");
    }

    @Test
    void coreNameOfAMemberIsNotAVariableName() {
        assertError("input x : 2\nMatIn A : n x 2\nMatMul g[1] := A x\nNonlin h := relu(§g_1)" + READOUT,
                "'g_1' is the core name of g[1]; write g[1]");
    }

    @Test
    void badRanges() {
        assertError("input x : 2\nfor i in §3..1 { VecIn b[i] : n }",
                "bad loop range 3..1: ranges include both ends and count up (3..2 is the empty range)");
        assertError("input x : 2\nfor i in 0..§5 / 2 { VecIn b[i] : n }", "loop range end must be an integer, found 2.5");
        assertError("input x[§2..1] : 1", "empty index range 2..1 declares nothing");
        assertError("input x : 2\nMatIn A : n x 2\nMatMul g := A x\nNonlin h := §sum(a in 0..-1) g" + READOUT,
                "empty sum: every range of this sum is empty");
    }

    @Test
    void rangeOutsideADeclaration() {
        assertError("input x : 2\nMatIn A : n x 2\nMatMul g[§0..1] := A x", "a range [a..b] declares members; it is only allowed in input, MatIn and VecIn");
    }

    @Test
    void familyAndPlainNameClash() {
        assertError("input x[0..1] : 2\nMatIn A : n x 2\nMatMul h := A §x" + READOUT,
                "'x' is an indexed family (line 1:7); name one member, e.g. x[0]");
        assertError("input x : 2\nMatIn A : n x 2\nMatMul h := A §x[0]" + READOUT,
                "'x' is not an indexed family (line 1:7 defines it without indices)");
        assertError("input x : 2\nVecIn b[0] : n\nVecIn §b : n", "'b' is an indexed family (line 2:7) and cannot also be a plain variable");
        assertError("input x : 2\nVecIn b : n\nVecIn §b[0] : n", "'b' is a plain variable (line 2:7) and cannot also be an indexed family");
    }

    @Test
    void wrongNumberOfIndices() {
        assertError("input x[0..1][0..1] : 1\nMatIn A : n x 1\nMatMul h := A §x[1]" + READOUT, "'x' has 2 indices (line 1:7), not 1");
        assertError("input x[0..1] : 1\nVecIn §x[0][0] : n", "'x' has 1 index (line 1:7), not 2");
    }

    @Test
    void memberUsedBeforeItsDefinition() {
        assertError("input x : 2\nMatIn A : n x 2\nNonlin h := relu(§g[1])\nMatMul g[1] := A x" + READOUT,
                "'g[1]' is used before its definition (line 4:8)");
    }

    @Test
    void undefinedFamily() {
        assertError("input x : 2\nMatIn A : n x 2\nMatMul h := A §y[1]" + READOUT, "undefined name 'y' (no member y[...] is defined)");
    }

    @Test
    void constantsAndLoopVariablesCannotBeRedefinedOrShadowed() {
        assertError("let T = 1\nlet §T = 2", "'T' is already a constant (line 1:5)");
        assertError("let T = 1\ninput §T : 2", "'T' is a constant (line 1:5) and cannot also be a variable");
        assertError("input T : 2\nlet §T = 2", "'T' is already a variable (line 1:7); choose another name for a constant");
        assertError("input x : 2\nfor i in 0..1 {\n  for §i in 0..1 { VecIn b[i] : n }\n}", "'i' is already a loop variable (line 2:5); choose another name");
        assertError("input x : 2\nfor §x in 0..1 { VecIn b[x] : n }", "'x' is already a variable (line 1:7); choose another name for a loop variable");
        assertError("let n = 3\ndim §n", "'n' is a constant (line 1:5) and cannot also be a width symbol");
        assertError("dim n\nlet §n = 3", "'n' is already a width symbol; choose another name for a constant");
    }

    @Test
    void loopVariableIsNotAVariable() {
        assertError("input x : 2\nMatIn A : n x 2\nfor i in 0..1 { MatMul g[i] := A §i }", "'i' is a loop variable (line 3:5), not a variable");
        assertError("input x : 2\nMatIn A : n x 2\nMatMul g := A x\nfor i in 0..1 { MatMul u[i] := A x }\nNonlin h := relu(u[§g])" + READOUT,
                "index must be a constant; 'g' is a variable");
    }

    @Test
    void badConstantsAndDimensions() {
        assertError("let D = 3\ninput x : (§D / 2)", "dimension must be an integer, found 1.5");
        assertError("let D = 0\ninput x : §D", "a dimension must be a positive integer, found 0");
        assertError("let z = §log(0)", "the value of z is not a finite number (-Infinity)");
        assertError("let z = §foo(2)", "unknown function 'foo' in the value of z");
    }

    @Test
    void checkerErrorsInLoopsAreReportedOnceInTheUsersSpelling() {
        UserError u = assertError("input x[0..3] : 2\nMatIn A : n x 2\nfor i in 0..3 { MatMul u[i] := §x[i] A }\nNonlin h := relu(u[0])"
                + READOUT, "MatMul needs an A-var (a matrix) first; 'x[0]' is data");
        assertEquals(1, u.all().size(), u.getMessage());
    }

    @Test
    void sugarErrorsAreReportedTogetherAndBeforeTheChecker() {
        UserError u = assertThrows(UserError.class, () -> Frontend.parse("e.tp",
                "input x[0..1] : 2\nMatIn A : n x 2\nMatMul g := A x[5]\nMatMul h := A x[1.5]\nMatMul k := W x[0]\n"));
        assertEquals(2, u.all().size(), u.getMessage()); // the undefined W is the checker's, which does not run
        assertEquals("e.tp:3:15", u.all().get(0).where());
        assertEquals("e.tp:4:17", u.all().get(1).where());
    }

    @Test
    void syntaxErrorsOfSugar(@TempDir Path dir) throws Exception {
        assertError("input x : 2\nfor i in 0..2 §\n{ VecIn b[i] : n }", "syntax error");
        assertError("input x : 2\nfor i in 0..2 { VecIn b[i] : n §", "syntax error");
        // through the command line: exit status 2, one located line, no stack trace
        Path p = dir.resolve("bad.tp");
        Files.writeString(p, "input x[0..1] : 2\nMatIn A : n x 2\nMatMul h := A x[2]\n");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new String[] {"info", p.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(2, status);
        assertEquals(p + ":3:15: error: index out of range: x[2] is not defined; x is declared as x[0..1] (line 1:7)\n",
                err.toString().replace("\r\n", "\n"));
    }

    // ---- guards, if blocks, conditions ------------------------------------------------------

    @Test
    void unknownNameInACondition() {
        assertError("input x : 2\nfor i in 0..2 if §j > 0 { VecIn b[i] : n }",
                "unknown name 'j' in condition (not a let constant or a loop variable in scope)");
        assertError("let S = 2\nif §s > 0 { input x : 2 }", "unknown name 's' in condition");
    }

    @Test
    void aVariableInAConditionIsAnError() {
        assertError("input x[0..1] : 2\nif §x[0] > 1 { VecIn b : n }", "condition must be a constant; 'x[...]' is a variable");
    }

    @Test
    void inTestsIntegers() {
        assertError("input x : 2\nfor i in 0..3 if §i / 2 in 0..1 { VecIn b[i] : n }",
                "value tested by 'in' must be an integer, found 0.5 (at i = 1)");
        assertError("input x : 2\nif 1 in §2..0 { VecIn b : n }", "bad range 2..0: ranges include both ends and count up");
    }

    @Test
    void nonFiniteNumbersInConditions() {
        assertError("input x : 2\nfor i in 0..3 if §6 / i > 1 { VecIn b[i] : n }",
                "a condition compares a number that is not finite (Infinity) (at i = 0)");
    }

    @Test
    void aSumWhoseGuardsKeepNothing() {
        assertError("input x : 2\nMatIn A : n x 2\nMatMul g := A x\nfor i in 0..1 { Nonlin h[i] := §sum(a in 0..2 if a > 5) g }",
                "empty sum: no index of this sum passes its guards (at i = 0)");
    }

    @Test
    void elseOnTheNextLine() {
        assertError("input x : 2\nif 1 < 2 { VecIn b : n }\n§else { VecIn c : n }",
                "'else' must follow the '}' of an if block on the same line ('} else {')");
    }

    @Test
    void singleAmpersandOrBar() {
        assertError("input x : 2\nif 1 < 2 §& 2 < 3 { VecIn b : n }", "unexpected character '&' (and is '&&')");
        assertError("input x : 2\nif 1 < 2 §| 2 < 3 { VecIn b : n }", "unexpected character '|' (or is '||')");
    }

    @Test
    void aConditionIsNotANumberAndANumberIsNotACondition() {
        assertError("let a = 1 §< 2", "syntax error");
        assertError("input x : 2\nif 1 §{ VecIn b : n }", "syntax error: unexpected '{'");
    }

    @Test
    void guardsThatSkipAlmostEverythingStillStopAtTheIterationLimit() {
        assertError("input x : 2\nfor §i in 0..3000000000 if i < 0 { VecIn b[i] : n }",
                "loops and sums run more than 20000000 iterations");
    }

    @Test
    void readingAMemberThroughAnotherFamilysCoreName() {
        // before: a[1][2] silently read a_1[2], whose core name is also a_1_2
        assertError("input x : 2\nVecIn a_1[2] : n\nMatIn W : n x n\nMatMul h := W §a[1][2]" + READOUT,
                "'a[1][2]' becomes the core name 'a_1_2', which a_1[2] also becomes (line 2:7); rename one of them");
    }

    @Test
    void statementsWithoutASeparator() {
        assertError("input x : 2 §MatIn W : n x 2", "syntax error: missing line break or ';' before 'MatIn'");
        assertError("input x : 2\nfor i in 0..1 { VecIn b[i] : n §VecIn c[i] : n }", "missing line break or ';' before 'VecIn'");
    }
}
