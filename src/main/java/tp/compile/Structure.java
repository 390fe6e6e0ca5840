package tp.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tp.UserError;
import tp.lang.Def;
import tp.lang.DimRef;
import tp.lang.Fn;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Var;

/**
 * What the infinite-width recursion needs to know about a program before any data: which
 * G-vars are deterministic in the limit (an {@code init zero} or zero-sigma VecIn is just its
 * mean), every G-var's mean (data-independent), which independent random sources (matrices,
 * VecIns) each G-var is built from (G-vars with disjoint sources are independent), and the
 * matrix key of every MatMul. Also rejects programs the engine cannot treat.
 */
public final class Structure {
    private final Program program;
    private boolean[] deterministic;
    private double[] mean;
    private BitSet[] sources;
    /** Per MatMul var (by id): the matrix it multiplies by; null until asked for a finite (readout) MatMul. */
    private final MatKey[] keys;
    private final Map<MatKey, Integer> keyIds = new HashMap<>();
    /** Per var: the id of its random source as an atom of affine forms (MatMul key or own VecIn), -1 if none. */
    private int[] keyId;
    private int nextKeyId;
    /** Program vars, then the synthetic ones (ids from program.vars().size() on). */
    private final java.util.List<Var> all;
    private final java.util.List<Synthetic> synthetics = new java.util.ArrayList<>();
    private final Map<String, Var> syntheticByKey = new HashMap<>();

    /**
     * A G-var the compiler adds (Netsor+): {@code sum_k coefs[k] * g[ids[k]] + offset}, with
     * coefficients and offset polynomials in per-point parameters ({@link Atom.Param}), e.g. the
     * argument {@code (g - mu) / sqrt(v + eps)} of a nonlinearity after a layer norm. Gaussian at
     * each point in the limit; its mean is set by the planner ({@link #setMean}) once known.
     */
    public record Synthetic(Var var, int[] ids, Poly[] coefs, Poly offset) {}

    public Structure(Program program) {
        this.program = program;
        int n = program.vars().size();
        deterministic = new boolean[n];
        mean = new double[n];
        sources = new BitSet[n];
        keyId = new int[n];
        keys = new MatKey[n];
        java.util.Arrays.fill(keyId, -1);
        all = new java.util.ArrayList<>(program.vars());
        validateTransposes();
        for (Var v : program.vars()) analyse(v);
    }

    public Program program() { return program; }

    /** A variable by id: a program var, or a synthetic one. */
    public Var var(int id) { return all.get(id); }

    /** Number of ids in use (program vars and synthetic ones). */
    public int varCount() { return all.size(); }

    /** The synthetic var with this id, or null for a program var. */
    public Synthetic synthetic(int id) {
        int k = id - program.vars().size();
        return k < 0 ? null : synthetics.get(k);
    }

    /**
     * The synthetic G-var for an affine form in random G-vars whose coefficients are polynomials in
     * per-point parameters (one per distinct form). Its mean is unknown (NaN) until {@link #setMean}.
     */
    public synchronized Var addSynthetic(int[] ids, Poly[] coefs, Poly offset) {
        StringBuilder key = new StringBuilder();
        for (int k = 0; k < ids.length; k++) key.append(coefs[k].key()).append("*g").append(ids[k]).append(" + ");
        key.append(offset.key());
        Var v = syntheticByKey.get(key.toString());
        if (v != null) return v;
        int id = all.size();
        Fn fn = Fn.c(0);
        List<Var> args = new ArrayList<>();
        for (int k = 0; k < ids.length; k++) args.add(all.get(ids[k]));
        StringBuilder name = new StringBuilder("(");
        for (int k = 0; k < ids.length; k++) name.append(k == 0 ? "" : " + ").append(coefs[k].key()).append(" ").append(all.get(ids[k]).name());
        if (!offset.isZero()) name.append(" + ").append(offset.key());
        name.append(")");
        v = Var.synthetic(id, name.toString(), fn, args, all.get(ids[0]));
        all.add(v);
        synthetics.add(new Synthetic(v, ids.clone(), coefs.clone(), offset));
        int n = all.size();
        deterministic = java.util.Arrays.copyOf(deterministic, n);
        mean = java.util.Arrays.copyOf(mean, n);
        mean[id] = Double.NaN;
        sources = java.util.Arrays.copyOf(sources, n);
        keyId = java.util.Arrays.copyOf(keyId, n);
        keyId[id] = -1;
        BitSet s = new BitSet();
        for (int g : ids) if (sources[g] != null) s.or(sources[g]);
        sources[id] = s;
        syntheticByKey.put(key.toString(), v);
        return v;
    }

    /** The limit mean of a synthetic var, once the planner has found it constant. */
    public synchronized void setMean(int id, double m) {
        mean[id] = m;
    }

    /** A G-var with zero variance in the limit: it equals {@link #mean(Var)} at every data point. */
    public boolean isDeterministic(Var g) { return deterministic[g.id()]; }

    public boolean isDeterministic(int id) { return deterministic[id]; }

    /** The limit mean of a G-var (the same for every data point). */
    public double mean(Var g) { return mean[g.id()]; }

    public double mean(int id) { return mean[id]; }

    /** Mean of an affine form. */
    public double mean(Lin l) {
        double s = l.constant();
        for (int i = 0; i < l.size(); i++) s += l.coef(i) * mean[l.id(i)];
        return s;
    }

    /**
     * Two atoms (MatMul vars, VecIns) are correlated in the limit only when their key ids are
     * equal: the same matrix (and orientation) for MatMuls, the same variable for VecIns. -1 for
     * other variables. Finite (readout) MatMuls have key ids too.
     */
    public int keyId(Var v) {
        int k = keyId[v.id()];
        if (k < 0 && v.def() instanceof Def.MatMul) {
            keyOfAny(v);
            k = keyId[v.id()];
        }
        return k;
    }

    /** A MatMul by a trainable matrix, or a trainable VecIn: an atom whose parameters take part in the NTK. */
    public boolean keyTrainable(Var atom) {
        if (atom.def() instanceof Def.MatMul) return keyOfAny(atom).trainable();
        return atom.isTrainable();
    }

    /** A MatMul by a standard-parametrization matrix, or a standard-parametrization VecIn. */
    public boolean standard(Var atom) {
        if (atom.def() instanceof Def.MatMul) return ((Def.MatIn) keyOfAny(atom).base().def()).standard();
        return atom.def() instanceof Def.VecIn b && b.standard();
    }

    /** Number of distinct key ids handed out so far. */
    public int keyCount() { return nextKeyId; }

    /** The matrix a MatMul var multiplies by. */
    public MatKey key(Var matmul) { return matmul.id() < keys.length ? keys[matmul.id()] : null; }

    /** True when some G-var in a may be correlated with some G-var in b (shared random source). */
    public boolean mayCorrelate(int[] a, int[] b) {
        BitSet s = new BitSet();
        for (int id : a) if (sources[id] != null) s.or(sources[id]);
        for (int id : b) if (sources[id] != null && s.intersects(sources[id])) return true;
        return false;
    }

    public boolean mayCorrelate(int a, int b) {
        return sources[a] != null && sources[b] != null && sources[a].intersects(sources[b]);
    }

    private void analyse(Var v) {
        int id = v.id();
        Def d = v.def();
        if (v.kind() != Kind.G) return;
        if (d instanceof Def.VecIn b) {
            keyId[id] = nextKeyId++;
            mean[id] = b.mean();
            deterministic[id] = b.initZero() || b.sigma() == 0;
        } else if (d instanceof Def.MatMul m) {
            MatKey k = keyOf(v, m);
            keys[id] = k;
            keyId[id] = keyIds.computeIfAbsent(k, x -> nextKeyId++);
            deterministic[id] = k.kappa() == 0 || k.sigma() == 0;
        } else if (d instanceof Def.LinComb l) {
            boolean det = true;
            double mu = 0;
            for (int i = 0; i < l.args().size(); i++) {
                Var a = l.args().get(i);
                det &= deterministic[a.id()];
                mu += l.coefs()[i] * mean[a.id()];
            }
            mean[id] = mu;
            deterministic[id] = det;
        }
        if (deterministic[id]) return;
        BitSet s = new BitSet();
        if (d instanceof Def.VecIn || d instanceof Def.MatMul) s.set(keyId[id]);
        else for (Var a : ((Def.LinComb) d).args()) if (sources[a.id()] != null) s.or(sources[a.id()]);
        sources[id] = s;
    }

    /** Keys for finite-row (readout) MatMuls too: the NNGP/NTK readout terms need them. */
    public MatKey keyOfAny(Var matmul) {
        MatKey k = keys[matmul.id()];
        if (k == null) {
            k = keyOf(matmul, (Def.MatMul) matmul.def());
            keys[matmul.id()] = k;
            keyId[matmul.id()] = keyIds.computeIfAbsent(k, x -> nextKeyId++);
        }
        return k;
    }

    private MatKey keyOf(Var v, Def.MatMul m) {
        Var a = m.matrix();
        boolean t = a.def() instanceof Def.Transpose;
        Var base = t ? ((Def.Transpose) a.def()).of() : a;
        double sigma = ((Def.MatIn) base.def()).sigma();
        double kappa = 1;
        if (t) {
            DimRef rows = base.dim(), cols = base.cols();
            if (rows.isFinite() && cols.isFinite()) kappa = (double) rows.literal() / cols.literal();
            else if (rows.isFinite()) kappa = 0;
            else if (cols.isFinite()) {
                throw at(v, "MatMul by " + a.name() + " = " + base.name() + "^T sums over the width of "
                        + base.name() + " with weights scaled by its finite fan-in " + cols.literal()
                        + ": its variance grows without bound at infinite width");
            } else kappa = rows.ratio() / cols.ratio();
        }
        return new MatKey(base, t, sigma, kappa);
    }

    /** A forward pass using both W and W^T is outside the Netsor recursion implemented here. */
    private void validateTransposes() {
        Map<Var, List<Var>> plain = new HashMap<>(), transposed = new HashMap<>();
        for (Var v : program.vars()) {
            if (v.def() instanceof Def.MatMul m) {
                Var a = m.matrix();
                if (a.def() instanceof Def.Transpose t) transposed.computeIfAbsent(t.of(), k -> new ArrayList<>()).add(v);
                else plain.computeIfAbsent(a, k -> new ArrayList<>()).add(v);
            }
        }
        for (var e : plain.entrySet()) {
            List<Var> ts = transposed.get(e.getKey());
            if (ts == null) continue;
            Var p = e.getValue().get(0), q = ts.get(0);
            throw at(q, "the forward pass multiplies by " + e.getKey().name() + " (" + p.name() + ", line "
                    + p.pos().line() + ") and by its transpose (" + q.name() + ", line " + q.pos().line()
                    + "); the infinite-width engine supports a matrix or its transpose, not both");
        }
    }

    static UserError at(Var v, String msg) {
        return UserError.at(v.pos().file(), v.pos().line(), v.pos().col(), msg);
    }
}
