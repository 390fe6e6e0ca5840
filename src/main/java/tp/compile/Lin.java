package tp.compile;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * An affine form {@code sum_i coefs[i] * g[ids[i]] + constant} over random G-vars (by id). In
 * the infinite-width limit such a form is one scalar Gaussian per data point, so it is the unit
 * that closed-form expectations take: {@code relu(2 g1 - g2 + 0.5)} is relu of one Gaussian.
 * Canonical (ids ascending, no zero coefficient), hence usable as a map key.
 */
public final class Lin {
    private final int[] ids;
    private final double[] coefs;
    private final double constant;
    private final String key;

    private Lin(int[] ids, double[] coefs, double constant) {
        this.ids = ids;
        this.coefs = coefs;
        this.constant = constant == 0 ? 0 : constant; // no -0.0 in keys
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ids.length; i++) sb.append(coefs[i]).append("*g").append(ids[i]).append('+');
        sb.append(this.constant);
        this.key = sb.toString();
    }

    /** The G-var with this id, coefficient 1. */
    public static Lin of(int id) {
        return new Lin(new int[] {id}, new double[] {1}, 0);
    }

    public static Lin constant(double c) {
        return new Lin(new int[0], new double[0], c);
    }

    /** From a map id -> coefficient (zero coefficients dropped). */
    public static Lin of(TreeMap<Integer, Double> coefs, double constant) {
        int n = 0;
        for (double c : coefs.values()) if (c != 0) n++;
        int[] ids = new int[n];
        double[] cs = new double[n];
        int k = 0;
        for (var e : coefs.entrySet()) {
            if (e.getValue() != 0) {
                ids[k] = e.getKey();
                cs[k++] = e.getValue();
            }
        }
        return new Lin(ids, cs, constant);
    }

    public int size() { return ids.length; }
    public int id(int i) { return ids[i]; }
    public double coef(int i) { return coefs[i]; }
    public double constant() { return constant; }
    public int[] ids() { return ids.clone(); }

    /** True for a single G-var with coefficient 1 and no constant. */
    public boolean isSingleVar() {
        return ids.length == 1 && coefs[0] == 1 && constant == 0;
    }

    /** Without the constant term (the random part). */
    public Lin centered() {
        return constant == 0 ? this : new Lin(ids, coefs, 0);
    }

    public Lin scale(double k) {
        if (k == 0) return constant(0);
        double[] cs = coefs.clone();
        for (int i = 0; i < cs.length; i++) cs[i] *= k;
        return new Lin(ids, cs, constant * k);
    }

    public String key() { return key; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lin l && l.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }

    /** The same form as ids/coefs arrays for a caller that evaluates it. */
    public double eval(double[] valuesById) {
        double s = constant;
        for (int i = 0; i < ids.length; i++) s += coefs[i] * valuesById[ids[i]];
        return s;
    }

    static int[] union(int[] a, int[] b) {
        return java.util.stream.IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().sorted().toArray();
    }
}
