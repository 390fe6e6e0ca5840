package tp.lang.sugar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import tp.lang.Def;
import tp.lang.Fn;
import tp.lang.Frontend;
import tp.lang.Program;
import tp.lang.Var;

/**
 * Structural equality of two checked programs, variable by variable in definition order: same
 * kinds, dimensions, definitions (sigmas, means, coefficients compared exactly, arguments by
 * position in the program), same Nonlin trees, same output and CDCs. With {@code names} false
 * the variable names may differ (a renaming), everything else may not.
 */
final class SameProgram {
    private SameProgram() {}

    /** A readout that ends the small test programs: f = R h. */
    static final String READOUT = "MatIn R : 1 x n\nMatMul f := R h\nOutput f\n";

    /** The sugared text checks to exactly the program of the hand-unrolled core text (same names, order, numbers). */
    static void assertUnrollsTo(String sugared, String core) {
        Program expected = Frontend.parse("core.tp", "program p\n" + core);
        Program actual = Frontend.parse("sugar.tp", "program p\n" + sugared);
        assertSame(expected, actual, true);
    }

    /** The variable names of a program, in order. */
    static List<String> names(String text) {
        return Frontend.parse("t.tp", text).vars().stream().map(tp.lang.Var::name).toList();
    }

    static void assertSame(Program expected, Program actual, boolean names) {
        List<Var> e = expected.vars(), a = actual.vars();
        assertEquals(e.size(), a.size(), "number of variables");
        for (int i = 0; i < e.size(); i++) {
            Var x = e.get(i), y = a.get(i);
            String at = "variable " + i + " (" + x.name() + " vs " + y.name() + ")";
            if (names) assertEquals(x.name(), y.name(), at + ": name");
            assertEquals(x.kind(), y.kind(), at + ": kind");
            assertEquals(x.dim(), y.dim(), at + ": dimension");
            assertEquals(x.cols(), y.cols(), at + ": columns");
            def(x.def(), y.def(), at);
        }
        assertEquals(expected.output().id(), actual.output().id(), "output");
        assertEquals(expected.inputWidth(), actual.inputWidth(), "input width");
        assertEquals(expected.cdcs().size(), actual.cdcs().size(), "number of CDCs");
        for (int c = 0; c < expected.cdcs().size(); c++) {
            assertEquals(expected.cdcs().get(c).symbols().values().stream().toList(),
                    actual.cdcs().get(c).symbols().values().stream().toList(), "ratios of CDC " + c);
            if (names) assertEquals(expected.cdcs().get(c), actual.cdcs().get(c), "CDC " + c);
        }
        if (names) assertEquals(expected.name(), actual.name(), "program name");
    }

    private static void def(Def x, Def y, String at) {
        assertEquals(x.getClass(), y.getClass(), at + ": statement kind");
        if (x instanceof Def.Input i) {
            Def.Input j = (Def.Input) y;
            assertEquals(i.offset(), j.offset(), at + ": input offset");
            assertEquals(i.size(), j.size(), at + ": input size");
        } else if (x instanceof Def.MatIn m) {
            assertEquals(m, y, at);
        } else if (x instanceof Def.VecIn v) {
            assertEquals(v, y, at);
        } else if (x instanceof Def.Transpose t) {
            assertEquals(t.of().id(), ((Def.Transpose) y).of().id(), at + ": transposed matrix");
        } else if (x instanceof Def.MatMul m) {
            Def.MatMul n = (Def.MatMul) y;
            assertEquals(m.matrix().id(), n.matrix().id(), at + ": matrix");
            assertEquals(m.arg().id(), n.arg().id(), at + ": argument");
        } else if (x instanceof Def.LinComb l) {
            Def.LinComb k = (Def.LinComb) y;
            assertArrayEquals(l.coefs(), k.coefs(), 0.0, at + ": coefficients");
            assertEquals(ids(l.args()), ids(k.args()), at + ": arguments");
        } else if (x instanceof Def.Moment mo) {
            Def.Moment m = (Def.Moment) y;
            assertEquals(ids(mo.args()), ids(m.args()), at + ": arguments");
            assertTrue(sameFn(mo.fn(), m.fn()), at + ": " + mo.fn().show() + " vs " + m.fn().show());
        } else {
            Def.Nonlin n = (Def.Nonlin) x, m = (Def.Nonlin) y;
            assertEquals(ids(n.args()), ids(m.args()), at + ": arguments");
            assertTrue(sameFn(n.fn(), m.fn()), at + ": " + n.fn().show() + " vs " + m.fn().show());
        }
    }

    private static List<Integer> ids(List<Var> vs) {
        return vs.stream().map(Var::id).toList();
    }

    static boolean sameFn(Fn f, Fn g) {
        if (f instanceof Fn.Const c) return g instanceof Fn.Const d && Double.compare(c.value(), d.value()) == 0;
        if (f instanceof Fn.Arg a) return g instanceof Fn.Arg b && a.var().id() == b.var().id();
        if (f instanceof Fn.Neg n) return g instanceof Fn.Neg m && sameFn(n.arg(), m.arg());
        if (f instanceof Fn.Call c) {
            return g instanceof Fn.Call d && c.fn() == d.fn() && Double.compare(c.param(), d.param()) == 0
                    && sameFn(c.arg(), d.arg());
        }
        if (f instanceof Fn.Bin b) {
            return g instanceof Fn.Bin d && b.op() == d.op() && sameFn(b.left(), d.left()) && sameFn(b.right(), d.right());
        }
        if (f instanceof Fn.Mean m) return g instanceof Fn.Mean n && sameFn(m.body(), n.body());
        fail("unknown Fn " + f);
        return false;
    }
}
