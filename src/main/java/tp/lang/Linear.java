package tp.lang;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens a LinComb body such as {@code 0.5 * (g1 + g2) - g3 / 2} into one coefficient per
 * variable. Anything not linear in the variables (a product of two variables, a function of
 * one, a constant term) is reported at its position.
 */
final class Linear {
    private Linear() {}

    /**
     * The variables of a LinComb in order of first appearance, each with its summed coefficient
     * and where it is first written. Small bodies (a convolution's taps) are searched in place;
     * a long one (a pooling over a thousand positions) gets an index.
     */
    static final class Terms {
        final List<String> names = new ArrayList<>();
        final List<Pos> where = new ArrayList<>();
        double[] coefs = new double[8];
        private Map<String, Integer> index;

        int size() {
            return names.size();
        }

        void add(String name, double coef, Pos pos) {
            int at = find(name);
            if (at >= 0) {
                coefs[at] += coef;
                return;
            }
            int k = names.size();
            if (k == coefs.length) coefs = Arrays.copyOf(coefs, 2 * k);
            coefs[k] = coef;
            names.add(name);
            where.add(pos);
            if (index != null) index.put(name, k);
            else if (k == 16) {
                index = new HashMap<>();
                for (int i = 0; i <= k; i++) index.put(names.get(i), i);
            }
        }

        private int find(String name) {
            if (index != null) {
                Integer i = index.get(name);
                return i == null ? -1 : i;
            }
            for (int i = 0; i < names.size(); i++) if (names.get(i).equals(name)) return i;
            return -1;
        }
    }

    static boolean expand(Ast.Expr e, double scale, Terms terms, Map<String, Double> constants, Diagnostics diags) {
        if (Constants.isConstant(e, constants)) {
            diags.error(e.pos(), "LinComb cannot have a constant term; add a VecIn with 'mean' instead");
            return false;
        }
        if (e instanceof Ast.Ref r) {
            terms.add(r.name(), scale, r.pos());
            return true;
        }
        if (e instanceof Ast.Neg n) return expand(n.arg(), -scale, terms, constants, diags);
        if (e instanceof Ast.Bin b) {
            switch (b.op()) {
                case '+':
                    return expand(b.left(), scale, terms, constants, diags)
                            & expand(b.right(), scale, terms, constants, diags);
                case '-':
                    return expand(b.left(), scale, terms, constants, diags)
                            & expand(b.right(), -scale, terms, constants, diags);
                case '*': {
                    boolean lc = Constants.isConstant(b.left(), constants);
                    boolean rc = Constants.isConstant(b.right(), constants);
                    if (lc || rc) {
                        double k = Constants.eval(lc ? b.left() : b.right(), constants, diags, "coefficient");
                        if (Double.isNaN(k)) return false;
                        return expand(lc ? b.right() : b.left(), scale * k, terms, constants, diags);
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
                        return expand(b.left(), scale / k, terms, constants, diags);
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
