package tp.lang;

import java.util.Map;

/**
 * Flattens a LinComb body such as {@code 0.5 * (g1 + g2) - g3 / 2} into one coefficient per
 * variable. Anything not linear in the variables (a product of two variables, a function of
 * one, a constant term) is reported at its position.
 */
final class Linear {
    private Linear() {}

    static boolean expand(Ast.Expr e, double scale, Map<String, Double> coefs, Map<String, Pos> where,
                          Map<String, Double> constants, Diagnostics diags) {
        if (Constants.isConstant(e, constants)) {
            diags.error(e.pos(), "LinComb cannot have a constant term; add a VecIn with 'mean' instead");
            return false;
        }
        if (e instanceof Ast.Ref r) {
            coefs.merge(r.name(), scale, Double::sum);
            where.putIfAbsent(r.name(), r.pos());
            return true;
        }
        if (e instanceof Ast.Neg n) return expand(n.arg(), -scale, coefs, where, constants, diags);
        if (e instanceof Ast.Bin b) {
            switch (b.op()) {
                case '+':
                    return expand(b.left(), scale, coefs, where, constants, diags)
                            & expand(b.right(), scale, coefs, where, constants, diags);
                case '-':
                    return expand(b.left(), scale, coefs, where, constants, diags)
                            & expand(b.right(), -scale, coefs, where, constants, diags);
                case '*': {
                    boolean lc = Constants.isConstant(b.left(), constants);
                    boolean rc = Constants.isConstant(b.right(), constants);
                    if (lc || rc) {
                        double k = Constants.eval(lc ? b.left() : b.right(), constants, diags, "coefficient");
                        if (Double.isNaN(k)) return false;
                        return expand(lc ? b.right() : b.left(), scale * k, coefs, where, constants, diags);
                    }
                    break;
                }
                case '/': {
                    if (Constants.isConstant(b.right(), constants)) {
                        double k = Constants.eval(b.right(), constants, diags, "coefficient");
                        if (Double.isNaN(k)) return false;
                        if (k == 0) {
                            diags.error(b.right().pos(), "division by zero in LinComb coefficient");
                            return false;
                        }
                        return expand(b.left(), scale / k, coefs, where, constants, diags);
                    }
                    break;
                }
                default:
                    break;
            }
        }
        diags.error(e.pos(), "LinComb must be linear in its variables (constant coefficients); use Nonlin for this");
        return false;
    }
}
