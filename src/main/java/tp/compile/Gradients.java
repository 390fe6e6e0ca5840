package tp.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tp.UserError;
import tp.lang.Def;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Var;

/**
 * The backward program of the output's first coordinate f_1 under gradient independence, in a
 * form whose size follows the program (each variable's gradient refers to its consumers instead
 * of copying them):
 * <ul>
 *   <li>A <b>node</b> Y (a wide var read by MatMuls or readouts) stands for the backward
 *       Gaussian vector V_Y = sum over those consumers u of W_u^T du (a fresh Gaussian under
 *       gradient independence) or of a readout row times d f_1 / d u_1. Its entries are grouped
 *       by {@link Structure#keyId key}: two entries correlate only through the same matrix.</li>
 *   <li>A <b>class</b> C is a wide var with an <em>own</em> gradient sum_Y psi_Y(Z) V_Y, psi a
 *       {@link Poly} in forward G-vars (the product of Nonlin partial derivatives on the way to
 *       Y). Every wide var X is {@code dX = sum_(C,s) in E(X) s * own(C)}: LinComb consumers are
 *       followed by reference (constant coefficients factor out of every expectation), so a
 *       bias read by 576 positions has 576 references, not 576 copied gradients.</li>
 *   <li>The <b>members</b> of a class are the parameters' vars (MatMul G-vars, trainable wide
 *       VecIns) whose E holds it: the NTK is sum over class pairs (C, C') of
 *       E[own(C) own(C')'] times the covariance of their members, and a convolution tap's
 *       25 MatMuls at one position all share one class (their LinComb).</li>
 * </ul>
 * Finite vars get the scalar d f_1 / d X_1 ({@link #coef}).
 */
public final class Gradients {
    private final Program program;
    private final Structure st;
    private final Canon canon;
    private final double[] coef;
    private final int[][] expClass;
    private final double[][] expScale;
    private final int[][] ownNode;
    private final Poly[][] ownPsi;
    private final int[][] nodeKey;
    private final int[][] nodeUse;
    private final double[][] nodeCoef;
    private final int[][] memVar;
    private final int[][] memKey;
    private final double[][] memScale;
    private final int[][] holders;
    private final Map<Integer, int[]> readoutNodes = new HashMap<>();
    private final Map<Integer, Map<Integer, Poly>> flat = new HashMap<>();

    /** With {@code wide} false only the finite coefficients are derived (all the NNGP needs). */
    public Gradients(Program program, Structure st, Canon canon, boolean wide) {
        this.program = program;
        this.st = st;
        this.canon = canon;
        List<Var> vars = program.vars();
        int n = vars.size();
        coef = new double[n];
        expClass = new int[n][];
        expScale = new double[n][];
        ownNode = new int[n][];
        ownPsi = new Poly[n][];
        nodeKey = new int[n][];
        nodeUse = new int[n][];
        nodeCoef = new double[n][];
        int[][] consumers = consumers(program);
        List<List<double[]>> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) entries.add(null);
        coef[program.output().id()] = 1;
        for (int i = n - 1; i >= 0; i--) {
            Var x = vars.get(i);
            if (x.kind() == Kind.FINITE) finite(x, entries);
            else if (wide && x.kind().isWide()) wide(x, consumers[i], entries);
        }
        memVar = new int[n][];
        memKey = new int[n][];
        memScale = new double[n][];
        members();
        holders = holders();
    }

    // ---- queries ----------------------------------------------------------------------------

    public Program program() { return program; }

    /** d f_1 / d X_1 for a finite var (0 when f_1 does not read it). */
    public double coef(Var x) { return coef[x.id()]; }

    /** Classes C of E(X) (empty when f_1 does not depend on X). */
    public int[] expansionClasses(int x) { return expClass[x] == null ? EMPTY : expClass[x]; }

    public double[] expansionScales(int x) { return expScale[x] == null ? NONE : expScale[x]; }

    /** The nodes Y of own(C), and their psi. */
    public int[] ownNodes(int c) { return ownNode[c] == null ? EMPTY : ownNode[c]; }

    public Poly[] ownPsis(int c) { return ownPsi[c]; }

    /** A node's entries, sorted by key: key id, MatMul var (or -1 - id of the readout MatMul), coefficient. */
    public int[] nodeKeys(int y) { return nodeKey[y] == null ? EMPTY : nodeKey[y]; }

    public int[] nodeUses(int y) { return nodeUse[y]; }

    public double[] nodeCoefs(int y) { return nodeCoef[y]; }

    /** Members of class C sorted by key: var, key id, scale. */
    public int[] memberVars(int c) { return memVar[c] == null ? EMPTY : memVar[c]; }

    public int[] memberKeys(int c) { return memKey[c]; }

    public double[] memberScales(int c) { return memScale[c]; }

    /** Classes with members whose own gradient reads node Y. */
    public int[] holders(int y) { return holders[y] == null ? EMPTY : holders[y]; }

    /** Readout key id -> the nodes with an entry of that key. */
    public Map<Integer, int[]> readoutNodes() { return readoutNodes; }

    private static final int[] EMPTY = new int[0];
    private static final double[] NONE = new double[0];

    // ---- construction -----------------------------------------------------------------------

    private static int[][] consumers(Program p) {
        int n = p.vars().size();
        int[] count = new int[n];
        for (Var v : p.vars()) for (Var a : Program.reads(v)) count[a.id()]++;
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) out[i] = new int[count[i]];
        Arrays.fill(count, 0);
        for (Var v : p.vars()) for (Var a : Program.reads(v)) out[a.id()][count[a.id()]++] = v.id();
        return out;
    }

    private void finite(Var x, List<List<double[]>> entries) {
        double c = coef[x.id()];
        if (c == 0) return;
        if (x.def() instanceof Def.LinComb l) {
            for (int j = 0; j < l.args().size(); j++) coef[l.args().get(j).id()] += c * l.coefs()[j];
        } else if (x.def() instanceof Def.MatMul m && m.arg().kind().isWide()) {
            addEntry(entries, m.arg().id(), st.keyId(x), -x.id() - 1, c);
        }
    }

    private static void addEntry(List<List<double[]>> entries, int y, int key, int use, double c) {
        if (entries.get(y) == null) entries.set(y, new ArrayList<>());
        entries.get(y).add(new double[] {key, use, c});
    }

    private void wide(Var x, int[] cons, List<List<double[]>> entries) {
        int id = x.id();
        List<Var> vars = program.vars();
        LinkedHashMap<Integer, Double> exp = new LinkedHashMap<>();
        LinkedHashMap<Integer, Poly> own = new LinkedHashMap<>();
        for (int ui : cons) {
            Var u = vars.get(ui);
            Def d = u.def();
            if (d instanceof Def.MatMul) {
                if (u.kind() == Kind.G && expClass[ui] != null) addEntry(entries, id, st.keyId(u), ui, 1);
            } else if (d instanceof Def.LinComb l && u.kind().isWide()) {
                if (expClass[ui] == null) continue;
                double c = l.coefs()[l.args().indexOf(x)];
                int[] cs = expClass[ui];
                double[] ss = expScale[ui];
                for (int k = 0; k < cs.length; k++) exp.merge(cs[k], c * ss[k], Double::sum);
            } else if (d instanceof Def.Nonlin nl) {
                if (expClass[ui] == null) continue;
                Poly partial = canon.of(nl.fn().derivative(x).substitute(program::inlined));
                if (partial.isZero()) continue;
                for (var e : flatten(ui).entrySet()) {
                    Poly prod = e.getValue().times(partial);
                    if (prod == null) throw tooMany(x);
                    own.merge(e.getKey(), prod, Poly::plus);
                }
            }
        }
        List<double[]> es = entries.get(id);
        if (es != null) {
            es.sort((a, b) -> Double.compare(a[0], b[0]));
            int m = es.size();
            nodeKey[id] = new int[m];
            nodeUse[id] = new int[m];
            nodeCoef[id] = new double[m];
            for (int k = 0; k < m; k++) {
                nodeKey[id][k] = (int) es.get(k)[0];
                nodeUse[id][k] = (int) es.get(k)[1];
                nodeCoef[id][k] = es.get(k)[2];
                if (nodeUse[id][k] < 0) readoutNodes.merge(nodeKey[id][k], new int[] {id}, Gradients::append);
            }
            entries.set(id, null);
            own.merge(id, Poly.ONE, Poly::plus);
        }
        own.values().removeIf(Poly::isZero);
        if (!own.isEmpty()) {
            ownNode[id] = new int[own.size()];
            ownPsi[id] = new Poly[own.size()];
            int k = 0;
            for (var e : own.entrySet()) {
                ownNode[id][k] = e.getKey();
                ownPsi[id][k++] = e.getValue();
            }
            LinkedHashMap<Integer, Double> withSelf = new LinkedHashMap<>();
            withSelf.put(id, 1.0);
            withSelf.putAll(exp);
            exp = withSelf;
        }
        exp.values().removeIf(v -> v == 0);
        if (!exp.isEmpty()) {
            expClass[id] = exp.keySet().stream().mapToInt(Integer::intValue).toArray();
            expScale[id] = exp.values().stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private static int[] append(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** dX for a var with a gradient, as node -> psi: sum over E(X) of s * own(C). Memoized. */
    private Map<Integer, Poly> flatten(int x) {
        Map<Integer, Poly> f = flat.get(x);
        if (f != null) return f;
        f = new LinkedHashMap<>();
        int[] cs = expClass[x];
        for (int k = 0; k < cs.length; k++) {
            int c = cs[k];
            double s = expScale[x][k];
            for (int j = 0; j < ownNode[c].length; j++) f.merge(ownNode[c][j], ownPsi[c][j].scale(s), Poly::plus);
        }
        f.values().removeIf(Poly::isZero);
        flat.put(x, f);
        return f;
    }

    private UserError tooMany(Var x) {
        return UserError.at(x.pos().file(), x.pos().line(), x.pos().col(), "the gradient with respect to "
                + x.name() + " expands to more than " + Poly.MAX_TERMS + " terms; split the nonlinearity");
    }

    /** Parameters' vars that take part in the NTK or carry gradients to earlier layers. */
    private boolean isMember(Var x) {
        if (x.kind() != Kind.G) return false;
        if (x.def() instanceof Def.MatMul) return !st.isDeterministic(x);
        if (x.def() instanceof Def.VecIn b) return !b.frozen() && b.sigma() != 0;
        return false;
    }

    private void members() {
        int n = program.vars().size();
        List<List<double[]>> mem = new ArrayList<>(n);
        for (int i = 0; i < n; i++) mem.add(null);
        for (Var x : program.vars()) {
            if (!isMember(x) || expClass[x.id()] == null) continue;
            int[] cs = expClass[x.id()];
            for (int k = 0; k < cs.length; k++) {
                if (mem.get(cs[k]) == null) mem.set(cs[k], new ArrayList<>());
                mem.get(cs[k]).add(new double[] {st.keyId(x), x.id(), expScale[x.id()][k]});
            }
        }
        for (int c = 0; c < n; c++) {
            List<double[]> m = mem.get(c);
            if (m == null) continue;
            m.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
            memKey[c] = new int[m.size()];
            memVar[c] = new int[m.size()];
            memScale[c] = new double[m.size()];
            for (int k = 0; k < m.size(); k++) {
                memKey[c][k] = (int) m.get(k)[0];
                memVar[c][k] = (int) m.get(k)[1];
                memScale[c][k] = m.get(k)[2];
            }
        }
    }

    private int[][] holders() {
        int n = program.vars().size();
        int[] count = new int[n];
        for (int c = 0; c < n; c++) if (memVar[c] != null && ownNode[c] != null) for (int y : ownNode[c]) count[y]++;
        int[][] h = new int[n][];
        for (int y = 0; y < n; y++) if (count[y] > 0) h[y] = new int[count[y]];
        Arrays.fill(count, 0);
        for (int c = 0; c < n; c++) if (memVar[c] != null && ownNode[c] != null) for (int y : ownNode[c]) h[y][count[y]++] = c;
        return h;
    }
}
