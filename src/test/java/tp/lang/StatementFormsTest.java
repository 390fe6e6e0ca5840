package tp.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tp.lang.Programs.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every statement form and modifier of LANGUAGE.md section 2, checked into a {@link Program}:
 * kinds, dimensions, common dimension classes, parameter options and LinComb coefficients, all
 * against values worked out by hand from the program text.
 */
class StatementFormsTest {

    /** One program using every statement form; comments and ';' separators on purpose. */
    static final String ALL_FORMS = """
            # a comment line, then a blank line

            program demo   # the name
            dim n, k
            dim m = 2 * n
            input x : 3            # columns 0..2
            input y : 2; input z : 1
            MatIn W : n x 3 sigma 1.5
            MatIn U : m x n sigma sqrt(2) frozen
            MatIn Y : n x 2
            VecIn b : n sigma 0.1 mean -0.5 init zero
            VecIn c : m frozen
            VecIn d : 1 sigma 2 mean 3
            T Ut := U^T
            MatMul g := W x
            MatMul e := Y y
            LinComb s := 0.5*(g + b) - e/2
            Nonlin h := relu(s)
            MatMul u := U h
            Nonlin q := tanh(u) * c + u^2
            MatMul back := Ut q
            LinComb mix := 2*back - h
            MatIn R : 1 x m sigma 0.5
            MatMul o := R q
            LinComb f := o + d ;
            Output f
            """;

    @Test
    void everyStatementFormChecksWithItsKind() {
        Program p = check(ALL_FORMS);
        assertEquals("demo", p.name());
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (Var v : p.vars()) kinds.put(v.name(), v.kind());
        Map<String, Kind> expected = new LinkedHashMap<>();
        for (String s : List.of("x", "y", "z")) expected.put(s, Kind.DATA);
        for (String s : List.of("W", "U", "Y")) expected.put(s, Kind.MATRIX);
        expected.put("b", Kind.G);
        expected.put("c", Kind.G);
        expected.put("d", Kind.FINITE);
        expected.put("Ut", Kind.MATRIX);
        expected.put("g", Kind.G);
        expected.put("e", Kind.G);
        expected.put("s", Kind.G);        // LinComb of G-vars
        expected.put("h", Kind.H);
        expected.put("u", Kind.G);        // MatMul of an H-var is a G-var
        expected.put("q", Kind.H);
        expected.put("back", Kind.G);     // MatMul by a transpose
        expected.put("mix", Kind.H);      // LinComb with an H-var
        expected.put("R", Kind.MATRIX);
        expected.put("o", Kind.FINITE);   // readout
        expected.put("f", Kind.FINITE);   // LinComb of finite vars
        assertEquals(expected, kinds);
        for (int i = 0; i < p.vars().size(); i++) assertEquals(i, p.vars().get(i).id());
        assertSame(p.var("f"), p.output());
    }

    @Test
    void inputsTakeConsecutiveColumns() {
        Program p = check(ALL_FORMS);
        assertEquals(6, p.inputWidth());
        assertEquals(List.of(p.var("x"), p.var("y"), p.var("z")), p.inputs());
        assertEquals(new Def.Input(0, 3), p.var("x").def());
        assertEquals(new Def.Input(3, 2), p.var("y").def());
        assertEquals(new Def.Input(5, 1), p.var("z").def());
        assertEquals(3, p.var("x").dim().literal());
        assertTrue(p.var("x").dim().isFinite());
    }

    @Test
    void parameterOptions() {
        Program p = check(ALL_FORMS);
        assertEquals(new Def.MatIn(1.5, false), p.var("W").def());
        assertEquals(new Def.MatIn(Math.sqrt(2), true), p.var("U").def());
        assertEquals(new Def.MatIn(1.0, false), p.var("Y").def()); // default sigma 1
        assertEquals(new Def.VecIn(0.1, -0.5, true, false), p.var("b").def());
        assertEquals(new Def.VecIn(1.0, 0.0, false, true), p.var("c").def()); // defaults sigma 1, mean 0
        assertEquals(new Def.VecIn(2.0, 3.0, false, false), p.var("d").def());
        assertEquals(List.of("W", "U", "Y", "b", "c", "d", "R"),
                p.parameters().stream().map(Var::name).toList());
        assertFalse(p.var("U").isTrainable());
        assertFalse(p.var("c").isTrainable());
        assertTrue(p.var("b").isTrainable()); // init zero is still trained
        assertTrue(p.var("W").isParameter());
        assertFalse(p.var("Ut").isParameter());
    }

    @Test
    void dimensionsAndClasses() {
        Program p = check(ALL_FORMS);
        DimRef n = p.var("g").dim();
        assertFalse(n.isFinite());
        int cn = n.cdc();
        // W : n x 3
        assertEquals(cn, p.var("W").dim().cdc());
        assertEquals(3, p.var("W").cols().literal());
        // U : m x n with m = 2n; its transpose is n x m
        assertEquals(cn, p.var("U").dim().cdc());
        assertEquals(2.0, p.var("U").dim().ratio());
        assertEquals(20, p.var("U").dim().at(10));
        assertEquals(10, p.var("U").cols().at(10));
        assertEquals(10, p.var("Ut").dim().at(10));
        assertEquals(20, p.var("Ut").cols().at(10));
        for (String v : List.of("b", "g", "e", "s", "h", "back", "mix")) {
            assertEquals(cn, p.var(v).dim().cdc(), v);
            assertEquals(7, p.var(v).dim().at(7), v);
            assertNull(p.var(v).cols(), v);
        }
        for (String v : List.of("c", "u", "q")) {
            assertEquals(cn, p.var(v).dim().cdc(), v);
            assertEquals(14, p.var(v).dim().at(7), v);
        }
        assertEquals(1, p.var("d").dim().at(1000));
        assertEquals(1, p.var("o").dim().at(1000));
        assertTrue(p.var("R").dim().isFinite());
        assertEquals(40, p.var("R").cols().at(20));
        // k is declared and used nowhere: a class of its own; n and m share one
        assertEquals(2, p.cdcs().size());
        Program.Cdc main = p.cdcs().get(cn);
        assertEquals("n", main.unit());
        assertEquals(Map.of("n", 1.0, "m", 2.0), main.symbols());
        assertEquals(Map.of("k", 1.0), p.cdcs().get(1 - cn).symbols());
    }

    @Test
    void parameterCountsAtAWidth() {
        Program p = check(ALL_FORMS);
        // trainable at n = 10: W 10*3 + Y 10*2 + b 10 + d 1 + R 1*20 = 81
        assertEquals(81, p.parameterCount(10, true));
        // frozen: U 20*10 + c 20 = 220
        assertEquals(220, p.parameterCount(10, false));
    }

    @Test
    void linCombCoefficientsFromAnArbitraryLinearForm() {
        Program p = check(ALL_FORMS);
        // s := 0.5*(g + b) - e/2
        assertCoefs(coefs("g", 0.5, "b", 0.5, "e", -0.5), p.var("s"));
        // mix := 2*back - h
        assertCoefs(coefs("back", 2.0, "h", -1.0), p.var("mix"));
        assertCoefs(coefs("o", 1.0, "d", 1.0), p.var("f"));
    }

    @Test
    void linCombFormsCollectEachVariableOnce() {
        String head = "VecIn a : n\nVecIn b : n\nVecIn c : n\n";
        Program p = check(head + """
                LinComb l1 := a + a - 3*a          # -1 a
                LinComb l2 := -(a - 2*(b + c/4))   # -a + 2b + 0.5c
                LinComb l3 := (a + b) / 4 * 2 - c * -1.5
                LinComb l4 := 2^3 * a / (1 + 1) - pi * b
                LinComb l5 := sqrt(16) * exp(0) * log(exp(2)) * a + +b
                LinComb l6 := a - a + b            # a keeps a zero coefficient
                """ + tail("l1"));
        assertCoefs(coefs("a", -1.0), p.var("l1"));
        assertCoefs(coefs("a", -1.0, "b", 2.0, "c", 0.5), p.var("l2"));
        assertCoefs(coefs("a", 0.5, "b", 0.5, "c", 1.5), p.var("l3"));
        assertCoefs(coefs("a", 4.0, "b", -Math.PI), p.var("l4"));
        assertCoefs(coefs("a", 8.0, "b", 1.0), p.var("l5"));
        assertCoefs(coefs("a", 0.0, "b", 1.0), p.var("l6"));
    }

    @Test
    void linCombKinds() {
        Program p = check("""
                VecIn a : n
                Nonlin h := sin(a)
                LinComb g := 2 * a
                LinComb gh := a + h
                LinComb hh := h / 3
                VecIn r : 4
                VecIn t : 4
                LinComb rt := r - t
                """ + tail("a"));
        assertEquals(Kind.G, p.var("g").kind());
        assertEquals(Kind.H, p.var("gh").kind());
        assertEquals(Kind.H, p.var("hh").kind());
        assertEquals(Kind.FINITE, p.var("rt").kind());
        assertEquals(4, p.var("rt").dim().at(100));
    }

    @Test
    void matMulByAReadoutOfAnHVarAndADataVectorByAWidthMatrix() {
        Program p = check("""
                input x : 5
                MatIn A : n x 5
                MatMul g := A x
                Nonlin h := relu(g)
                MatIn R : 3 x n
                MatMul o := R h
                Output o
                """);
        assertEquals(new Def.MatMul(p.var("A"), p.var("x")), p.var("g").def());
        assertEquals(new Def.MatMul(p.var("R"), p.var("h")), p.var("o").def());
        assertEquals(Kind.FINITE, p.var("o").kind());
        assertEquals(3, p.var("o").dim().literal());
        assertEquals(List.of(p.var("A"), p.var("x")), Program.reads(p.var("g")));
        assertEquals(List.of(p.var("h")), p.consumers(p.var("g")).stream().toList());
    }

    @Test
    void transposeSharesTheMatrixAndSwapsItsDimensions() {
        Program p = check(ALL_FORMS);
        assertEquals(new Def.Transpose(p.var("U")), p.var("Ut").def());
        // U is used directly by u and through its transpose by back
        assertEquals(List.of(p.var("u"), p.var("back")), p.usesOf(p.var("U")));
    }

    @Test
    void outputMayBeAFiniteVecInOrLinComb() {
        assertEquals(Kind.FINITE, check("VecIn b : 2 sigma 0\nOutput b").output().kind());
    }

    @Test
    void programNameDefaultsToTheFileName() {
        assertEquals("t", check("VecIn b : 2\nOutput b").name());
        assertEquals("my_net", Frontend.parse("some/dir/my_net.tp", "VecIn b : 2\nOutput b").name());
    }

    @Test
    void commentsBlankLinesAndSemicolons() {
        String oneLine = "input x : 2; MatIn W : n x 2 ; MatMul g := W x;Nonlin h := relu(g);"
                + " MatIn V : 1 x n; MatMul f := V h; Output f;";
        String spread = """
                # leading comment

                input x : 2        # trailing comment
                ;;
                MatIn W : n x 2 # sigma 5 is a comment, not an option
                MatMul g := W x

                Nonlin h := relu(g)   ; MatIn V : 1 x n
                MatMul f := V h
                Output f
                # trailing comment without newline""";
        for (String text : List.of(oneLine, spread, spread.replace("\n", "\r\n"), spread.replace("\n", "\r"))) {
            Program p = check(text);
            assertEquals(List.of("x", "W", "g", "h", "V", "f"), p.vars().stream().map(Var::name).toList(), text);
            assertEquals(new Def.MatIn(1.0, false), p.var("W").def(), text);
        }
    }

    @Test
    void aByteOrderMarkAndTabsAreWhitespace() {
        Program p = check("\uFEFFVecIn o : 1\tsigma 2\nOutput\to  # \u2192 comment\n");
        assertEquals(new Def.VecIn(2, 0, false, false), p.var("o").def());
        // columns count characters: the tab (column 12) is one
        assertEquals(List.of("t.tp:1:13: error: unknown option 'sigmo' (expected sigma, mean, init zero, frozen, standard or ntk)"),
                Programs.errors("VecIn o : 1\tsigmo 2\nOutput o\n"));
    }

    @Test
    void optionsInAnyOrder() {
        Program p = check("""
                VecIn a : n frozen mean -1 sigma (2)
                VecIn b : n init zero frozen sigma 3
                VecIn c : n frozen init zero mean (1 + 1) * 2
                MatIn W : n x n frozen sigma (0.5)
                """ + tail("a"));
        assertEquals(new Def.VecIn(2, -1, false, true), p.var("a").def());
        assertEquals(new Def.VecIn(3, 0, true, true), p.var("b").def());
        assertEquals(new Def.VecIn(1, 4, true, true), p.var("c").def());
        assertEquals(new Def.MatIn(0.5, true), p.var("W").def());
    }

    @Test
    void softKeywordsAreOrdinaryNames() {
        Program p = check("""
                input sigma : 4
                MatIn x : n x 4 sigma 2
                MatMul mean := x sigma
                Nonlin T := relu(mean)
                VecIn zero : n init zero
                LinComb frozen := T + zero
                MatIn init : 1 x n
                MatMul out := init frozen
                Output out
                """);
        assertEquals(Kind.DATA, p.var("sigma").kind());
        assertEquals(new Def.MatIn(2, false), p.var("x").def());
        assertEquals(Kind.H, p.var("T").kind());
        assertEquals(Kind.H, p.var("frozen").kind());
        assertSame(p.var("out"), p.output());
    }

    @Test
    void widthSymbolsUnifiedByMatMulAndLinCombFormOneClass() {
        Program p = check("""
                input x : 4
                MatIn W1 : a x 4
                MatIn W2 : b x a
                MatMul g1 := W1 x
                MatMul g2 := W2 g1
                LinComb s := g1 + g2        # forces a = b
                MatIn V : 1 x b
                MatMul f := V s
                Output f
                """);
        assertEquals(1, p.cdcs().size());
        assertEquals(Map.of("a", 1.0, "b", 1.0), p.cdcs().get(0).symbols());
        assertEquals(10, p.var("W2").dim().at(10));
    }

    @Test
    void ratioChainsMultiply() {
        Program p = check("""
                dim m = 3 * n
                dim k = m / 6          # k = n / 2
                dim j = 2.5 * k        # j = 1.25 n
                VecIn a : j
                VecIn b : k
                VecIn c : m
                """ + tail("a"));
        assertEquals(1, p.cdcs().size());
        Program.Cdc cls = p.cdcs().get(0);
        assertEquals("n", cls.unit());
        assertEquals(3.0, cls.symbols().get("m"), 1e-15);
        assertEquals(0.5, cls.symbols().get("k"), 1e-15);
        assertEquals(1.25, cls.symbols().get("j"), 1e-15);
        assertEquals(25, p.var("a").dim().at(20));
        assertEquals(10, p.var("b").dim().at(20));
        assertEquals(60, p.var("c").dim().at(20));
        assertEquals(1, p.var("b").dim().at(1)); // round(0.5) = 1, never 0
    }

    @Test
    void ratiosLinkedLaterThroughTheProgram() {
        // m = 2n and k = 3q are separate until a LinComb equates m and k: then q = 2n/3
        Program p = check("""
                dim m = 2 * n
                dim k = 3 * q
                VecIn a : m
                VecIn b : k
                VecIn c : q
                LinComb s := a + b
                """ + tail("c"));
        assertEquals(1, p.cdcs().size());
        Map<String, Double> syms = p.cdcs().get(0).symbols();
        assertEquals(2.0 / 3.0, syms.get("q") / syms.get("n"), 1e-15);
        assertEquals(2.0, syms.get("m") / syms.get("n"), 1e-15);
        assertEquals(30, p.var("c").dim().at(45)); // n is the unit: q = 2/3 * 45
    }

    /** Same variables in the same order, each coefficient to within rounding. */
    private static void assertCoefs(Map<String, Double> expected, Var v) {
        Map<String, Double> got = coefficients(v);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(got.keySet()), v.name());
        for (String k : expected.keySet()) assertEquals(expected.get(k), got.get(k), 1e-15, v.name() + " " + k);
    }

    /** An ordered map from pairs: coefs("a", 1.0, "b", 2.0). */
    private static Map<String, Double> coefs(Object... pairs) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) out.put((String) pairs[i], (Double) pairs[i + 1]);
        return out;
    }

    private static Map<String, Double> coefficients(Var v) {
        Def.LinComb l = assertInstanceOf(Def.LinComb.class, v.def());
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < l.args().size(); i++) out.put(l.args().get(i).name(), l.coefs()[i]);
        return out;
    }

    /** An Output for a test program about something else (v only names what the test is about). */
    static String tail(String v) {
        return "VecIn ftail : 1  # output for " + v + "\nOutput ftail\n";
    }
}
