package tp.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tp.UserError;
import tp.lang.Builtin;
import tp.lang.Frontend;
import tp.lang.Program;

/** The simplification layer: canonical polys, structure analysis and the symbolic backward program. */
class CanonTest {
    static final String HEAD = String.join("\n",
            "input x : 2",
            "MatIn A : n x 2",
            "MatIn B : n x 2",
            "MatMul g := A x",
            "MatMul k := B x",
            "MatMul k2 := A x",
            "VecIn z : n mean 0.5 init zero",
            "VecIn c : n sigma 0.3", "");

    private static Program program(String body) {
        return Frontend.parse("t.tp", HEAD + body + "\nMatIn V : 1 x n\nMatMul f := V h\nOutput f\n");
    }

    private static Poly canon(String expr) {
        Program p = program("Nonlin h := " + expr);
        return new Canon(new Structure(p)).of(p.inlined(p.var("h")));
    }

    private static int id(String expr, String name) {
        return program("Nonlin h := " + expr).var(name).id();
    }

    @Test
    void constantsAndAffineArgumentsFold() {
        Poly p = canon("3 * relu(2 * g + z)"); // z is deterministic (init zero): its mean 0.5
        assertEquals(1, p.size());
        Map.Entry<Term, Double> t = p.terms().entrySet().iterator().next();
        assertEquals(3.0, t.getValue());
        Atom.Unary a = assertInstanceOf(Atom.Unary.class, t.getKey().atoms().get(0));
        assertEquals(Builtin.RELU, a.fn());
        assertEquals(1, a.arg().size());
        assertEquals(2.0, a.arg().coef(0));
        assertEquals(0.5, a.arg().constant());
    }

    @Test
    void productsAndPowersExpand() {
        Poly p = canon("(g + c)^2 - g * g");
        // = 2 g c + c^2: two monomial terms
        assertEquals(2, p.size());
        assertTrue(p.isPolynomial());
        assertEquals(2, p.degree());
        int g = id("g", "g"), c = id("g", "c");
        Term gc = Term.of(java.util.List.of(Poly.var(g), Poly.var(c)));
        assertEquals(2.0, p.terms().get(gc));
    }

    @Test
    void atomKinds() {
        assertInstanceOf(Atom.General.class, only(canon("tanh(relu(g))")));
        assertInstanceOf(Atom.General.class, only(canon("g / k")));
        assertInstanceOf(Atom.ExpQuad.class, only(canon("exp(-(g * g))")));
        assertInstanceOf(Atom.Unary.class, only(canon("exp(g - k)")));
        assertEquals(0, canon("relu(z) - 0.5").size()); // relu of the constant 0.5
    }

    @Test
    void independenceComesFromSources() {
        Program p = program("Nonlin h := g");
        Structure st = new Structure(p);
        int g = p.var("g").id(), k = p.var("k").id(), k2 = p.var("k2").id(), c = p.var("c").id();
        assertTrue(st.mayCorrelate(g, k2)); // same matrix A
        assertTrue(!st.mayCorrelate(g, k) && !st.mayCorrelate(g, c));
        assertTrue(st.isDeterministic(p.var("z")) && !st.isDeterministic(p.var("c")));
        assertEquals(0.5, st.mean(p.var("z")));
    }

    @Test
    void backwardOfTwoLayers() {
        Program p = Frontend.parse("m.tp", String.join("\n", "input x : 2", "MatIn A : n x 2", "MatMul g := A x",
                "Nonlin h := erf(g)", "MatIn W : n x n", "MatMul u := W h", "Nonlin r := relu(u)",
                "MatIn V : 1 x n sigma 2", "MatMul o := V r", "VecIn b : 1", "LinComb f := 3 * o + b", "Output f", ""));
        Structure st = new Structure(p);
        Backward bw = new Backward(p, st, new Canon(st));
        assertEquals(3.0, bw.coef(p.var("o")));
        assertEquals(1.0, bw.coef(p.var("b")));
        Map<Backward.BVar, Poly> du = bw.grad(p.var("u"));
        assertEquals(1, du.size());
        Backward.Readout ro = assertInstanceOf(Backward.Readout.class, du.keySet().iterator().next());
        assertEquals("V", ro.key().name());
        assertEquals(Builtin.STEP, ((Atom.Unary) only(du.values().iterator().next())).fn());
        assertEquals(3.0, du.values().iterator().next().terms().values().iterator().next());
        Map<Backward.BVar, Poly> dg = bw.grad(p.var("g"));
        Backward.Use use = assertInstanceOf(Backward.Use.class, dg.keySet().iterator().next());
        assertEquals("u", use.use().name());
        // erf'(g) = 2/sqrt(pi) exp(-g^2): a Gaussian bump with its constant
        Poly d = dg.values().iterator().next();
        assertInstanceOf(Atom.ExpQuad.class, only(d));
        assertEquals(2 / Math.sqrt(Math.PI), d.terms().values().iterator().next(), 1e-16);
    }

    @Test
    void transposedInputMatrixAsReadoutDiverges() {
        Program p = Frontend.parse("d.tp", String.join("\n", "input x : 2", "MatIn A : n x 2", "T At := A^T",
                "MatIn B : n x 2", "MatMul g := B x", "Nonlin h := relu(g)", "MatMul f := At h", "Output f", ""));
        UserError e = assertThrows(UserError.class,
                () -> new tp.infinite.InfiniteWidth(p).nngp(new org.ejml.data.DMatrixRMaj(1, 2), null));
        assertTrue(e.getMessage().startsWith("d.tp:7:") && e.getMessage().contains("without bound"), e.getMessage());
    }

    private static Atom only(Poly p) {
        assertEquals(1, p.size(), p.toString());
        Term t = p.terms().keySet().iterator().next();
        assertEquals(1, t.degree(), p.toString());
        return t.atoms().get(0);
    }
}
