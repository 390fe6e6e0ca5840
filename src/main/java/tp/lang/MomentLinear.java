package tp.lang;

import java.util.Map;

/**
 * Flattens the body of a LinComb whose coefficients use moments ({@code sum(s) A[t][s] * v[s]},
 * {@code (g - h) / m}) into one coefficient per G- or H-var, each coefficient an expression of
 * constants and moments. Anything not linear in the vectors is reported at its position, like
 * {@link Linear} does for constant coefficients.
 */
final class MomentLinear {
    private MomentLinear() {}

    static boolean expand(Checker c, Ast.Expr e, Fn scale, Map<Var, Fn> terms, FnBuilder coefs) {
        if (!mentionsVector(c, e)) {
            c.diags.error(e.pos(), "LinComb cannot have a term without a vector (a constant or a moment alone);"
                    + " a moment scales a vector: m * g");
            return false;
        }
        if (e instanceof Ast.Ref r) {
            Var v = c.lookup(new Ast.Name(r.name(), r.pos()));
            if (v == null) return false;
            if (!v.kind().isWide()) {
                c.diags.error(r.pos(), "a LinComb with moment coefficients combines G- and H-vars; '" + v.name() + "' is "
                        + Checker.article(v.kind()));
                return false;
            }
            terms.merge(v, scale, Fn::add);
            return true;
        }
        if (e instanceof Ast.Neg n) return expand(c, n.arg(), Fn.neg(scale), terms, coefs);
        if (e instanceof Ast.Bin b) {
            switch (b.op()) {
                case '+':
                    return expand(c, b.left(), scale, terms, coefs) & expand(c, b.right(), scale, terms, coefs);
                case '-':
                    return expand(c, b.left(), scale, terms, coefs) & expand(c, b.right(), Fn.neg(scale), terms, coefs);
                case '*': {
                    boolean lv = mentionsVector(c, b.left()), rv = mentionsVector(c, b.right());
                    if (lv != rv) {
                        Fn k = coefs.build(lv ? b.right() : b.left());
                        if (k == null) return false;
                        return expand(c, lv ? b.left() : b.right(), Fn.mul(scale, k), terms, coefs);
                    }
                    break;
                }
                case '/': {
                    if (!mentionsVector(c, b.right())) {
                        Fn k = coefs.build(b.right());
                        if (k == null) return false;
                        if (Fn.isConst(k, 0)) {
                            c.diags.error(b.right().pos(), "division by zero in LinComb coefficient");
                            return false;
                        }
                        return expand(c, b.left(), Fn.div(scale, k), terms, coefs);
                    }
                    break;
                }
                default:
                    break;
            }
        }
        c.diags.error(e.pos(), "LinComb must be linear in its vectors (coefficients: constants and moments); use Nonlin for this");
        return false;
    }

    /** True when {@code e} reads a variable that is not a moment (or a name not defined yet). */
    private static boolean mentionsVector(Checker c, Ast.Expr e) {
        if (e instanceof Ast.Ref r) {
            if (r.name().equals("pi") && !c.isVariable("pi")) return false;
            Var v = c.scope(r.name());
            return v == null || v.kind() != Kind.SCALAR;
        }
        if (e instanceof Ast.Neg n) return mentionsVector(c, n.arg());
        if (e instanceof Ast.Bin b) return mentionsVector(c, b.right()) || mentionsVector(c, b.left());
        if (e instanceof Ast.Call call) {
            if (call.fn().equals("mean")) return false; // one number per point; the coefficient builder says where it belongs
            for (Ast.Expr a : call.args()) if (mentionsVector(c, a)) return true;
        }
        return false;
    }
}
