package tp.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tp.lang.Def;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Var;

/**
 * Which covariance blocks the output's kernels need, decided structurally (before any number
 * and in time proportional to the blocks found), so that the planner never enumerates a pair
 * that is zero by structure. For a CNN with a flatten readout only same-position pairs survive;
 * with global average pooling all position pairs do.
 *
 * <p>Backward, from the readout rows down: node pairs (Y, Y') whose backward vectors correlate
 * (seeded by readout rows of one matrix; then, through a class pair, by the arguments of its
 * members that multiply the same matrix) and class pairs (C, C') whose gradients correlate (the
 * holders of a correlated node pair). Forward, from every moment the kernels read: covariances
 * K(a, b) of G-vars expanded as the planner will ({@link Affine}: atoms matched by key,
 * composites recursed) and moments E[phi_h phi_h'] of MatMul arguments, per pass (DIAG: both at
 * one point; CROSS: a at the row point, b at the column point).
 */
public final class Sparsity {
    public static final int DIAG = 0, CROSS = 1;

    private final Program program;
    private final Structure st;
    private final Canon canon;
    private final Gradients gr;
    private final Affine[] affine;
    /** Needed K pairs and moments, per pass (DIAG pairs are stored with the smaller id first). */
    private final LongIntMap[] needK = {new LongIntMap(), new LongIntMap()};
    private final LongIntMap[] needM = {new LongIntMap(), new LongIntMap()};
    private final List<List<Long>> kList = List.of(new ArrayList<>(), new ArrayList<>());
    private final List<List<Long>> mList = List.of(new ArrayList<>(), new ArrayList<>());
    private final ArrayList<long[]> work = new ArrayList<>();
    /** Correlated node pairs and class pairs (CROSS pass), in discovery order. */
    private final LongIntMap nodePairs = new LongIntMap();
    private final LongIntMap classPairs = new LongIntMap();
    private final List<Long> classPairList = new ArrayList<>();
    private final Boolean[] complete;
    private long gramTerms;

    public Sparsity(Program program, Structure st, Canon canon, Gradients gr, boolean nngp, boolean ntk) {
        this.program = program;
        this.st = st;
        this.canon = canon;
        this.gr = gr;
        int n = program.vars().size();
        affine = new Affine[n];
        complete = new Boolean[n];
        if (nngp || ntk) readouts();
        if (ntk) backward();
        drain();
    }

    // ---- results --------------------------------------------------------------------------------

    public Affine affine(int id) {
        Affine a = affine[id];
        if (a == null) affine[id] = a = Affine.of(program.vars().get(id), st);
        return a;
    }

    public boolean nodePair(int y, int y2) { return nodePairs.contains(LongIntMap.pair(y, y2)); }

    public boolean classPair(int c, int c2) { return classPairs.contains(LongIntMap.pair(c, c2)); }

    /** Correlated class pairs (CROSS), in discovery order. */
    public List<Long> classPairs() { return classPairList; }

    public int nodePairCount() { return nodePairs.size(); }

    /** Needed covariances of G-vars in a pass, as pairs (see {@link LongIntMap#pair}). */
    public List<Long> covariances(int mode) { return kList.get(mode); }

    /** Needed moments of MatMul arguments (wide ones) in a pass. */
    public List<Long> moments(int mode) { return mList.get(mode); }

    /** Terms of input Gram matrices read by the needed covariances (a size for cost estimates). */
    public long gramTerms() { return gramTerms; }

    /**
     * True when the trainable part of K(C, C') is all of it for this class: C is a G-var whose
     * random atoms (through nested LinCombs) are exactly its members, with the same scales, all
     * trainable. Then the NTK's sum over members' parameters for a class pair is K(C, C') itself.
     */
    public boolean complete(int c) {
        Boolean b = complete[c];
        if (b == null) complete[c] = b = computeComplete(c);
        return b;
    }

    // ---- backward -------------------------------------------------------------------------------

    private void readouts() {
        List<Var> fin = new ArrayList<>();
        for (Var v : program.vars()) {
            if (v.kind() == Kind.FINITE && v.def() instanceof Def.MatMul && gr.coef(v) != 0) fin.add(v);
        }
        // readout pairs through the same matrix: their arguments' moments (NNGP; NTK readout terms)
        java.util.Map<Integer, List<Var>> byKey = new java.util.LinkedHashMap<>();
        for (Var v : fin) byKey.computeIfAbsent(st.keyId(v), k -> new ArrayList<>()).add(v);
        for (List<Var> group : byKey.values()) {
            for (Var u : group) {
                for (Var v : group) needMoment(((Def.MatMul) u.def()).arg(), ((Def.MatMul) v.def()).arg(), CROSS);
            }
        }
    }

    private void backward() {
        ArrayList<Long> pending = new ArrayList<>();
        for (Map.Entry<Integer, int[]> e : gr.readoutNodes().entrySet()) {
            int[] nodes = e.getValue();
            for (int y : nodes) for (int y2 : nodes) if (nodePairs.add(LongIntMap.pair(y, y2))) pending.add(LongIntMap.pair(y, y2));
        }
        for (int i = 0; i < pending.size(); i++) {
            long p = pending.get(i);
            int[] h1 = gr.holders(LongIntMap.first(p)), h2 = gr.holders(LongIntMap.second(p));
            for (int c : h1) {
                for (int c2 : h2) {
                    long cp = LongIntMap.pair(c, c2);
                    if (!classPairs.add(cp)) continue;
                    classPairList.add(cp);
                    usesOfClassPair(c, c2, pending);
                }
            }
        }
        for (long cp : classPairList) classPairNeeds(LongIntMap.first(cp), LongIntMap.second(cp));
    }

    /** Members of c and c2 that multiply one matrix: their arguments' backward vectors correlate. */
    private void usesOfClassPair(int c, int c2, ArrayList<Long> pending) {
        int[] ka = gr.memberKeys(c), kb = gr.memberKeys(c2);
        int[] va = gr.memberVars(c), vb = gr.memberVars(c2);
        List<Var> vars = program.vars();
        matchSorted(ka, kb, (i, j) -> {
            if (!(vars.get(va[i]).def() instanceof Def.MatMul m1)) return;
            Def.MatMul m2 = (Def.MatMul) vars.get(vb[j]).def();
            if (!m1.arg().kind().isWide() || !m2.arg().kind().isWide()) return;
            long np = LongIntMap.pair(m1.arg().id(), m2.arg().id());
            if (nodePairs.add(np)) pending.add(np);
        });
    }

    /** Forward needs of one class pair: the psi moments of its correlated nodes, and the NTK sum over its members. */
    private void classPairNeeds(int c, int c2) {
        int[] n1 = gr.ownNodes(c), n2 = gr.ownNodes(c2);
        Poly[] p1 = gr.ownPsis(c), p2 = gr.ownPsis(c2);
        for (int i = 0; i < n1.length; i++) {
            for (int j = 0; j < n2.length; j++) {
                if (nodePair(n1[i], n2[j])) needPolys(p1[i], p2[j], CROSS);
            }
        }
        if (complete(c) && complete(c2)) {
            needCov(program.vars().get(c), program.vars().get(c2), CROSS);
            return;
        }
        int[] ka = gr.memberKeys(c), kb = gr.memberKeys(c2);
        int[] va = gr.memberVars(c), vb = gr.memberVars(c2);
        List<Var> vars = program.vars();
        matchSorted(ka, kb, (i, j) -> {
            if (vars.get(va[i]).def() instanceof Def.MatMul m1 && st.keyTrainable(vars.get(va[i]))) {
                needMoment(m1.arg(), ((Def.MatMul) vars.get(vb[j]).def()).arg(), CROSS);
            }
        });
    }

    /** Visits index pairs (i, j) with a[i] == b[j] of two ascending arrays. */
    public static void matchSorted(int[] a, int[] b, Affine.PairVisitor visit) {
        int i = 0, j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) i++;
            else if (a[i] > b[j]) j++;
            else {
                int i1 = i, j1 = j;
                while (i1 < a.length && a[i1] == a[i]) i1++;
                while (j1 < b.length && b[j1] == b[j]) j1++;
                for (int p = i; p < i1; p++) for (int q = j; q < j1; q++) visit.visit(p, q);
                i = i1;
                j = j1;
            }
        }
    }

    private boolean computeComplete(int c) {
        Var v = program.vars().get(c);
        if (v.kind() != Kind.G || st.isDeterministic(v)) return false;
        int[] mv = gr.memberVars(c);
        if (mv.length == 0) return false;
        java.util.TreeMap<Integer, Double> flat = new java.util.TreeMap<>();
        if (!flatten(c, 1, flat, new int[] {64})) return false;
        if (flat.size() != mv.length) return false;
        double[] ms = gr.memberScales(c);
        for (int i = 0; i < mv.length; i++) {
            Double s = flat.get(mv[i]);
            if (s == null || Math.abs(s - ms[i]) > 1e-15 * Math.abs(s)) return false;
            Var m = program.vars().get(mv[i]);
            if (!st.keyTrainable(m) || st.standard(m)) return false;
        }
        return true;
    }

    private boolean flatten(int id, double scale, java.util.TreeMap<Integer, Double> out, int[] budget) {
        Affine a = affine(id);
        for (int i = 0; i < a.atomVar.length; i++) {
            if (--budget[0] < 0) return false;
            out.merge(a.atomVar[i], scale * a.atomCoef[i], Double::sum);
        }
        for (int i = 0; i < a.compVar.length; i++) if (!flatten(a.compVar[i], scale * a.compCoef[i], out, budget)) return false;
        return true;
    }

    // ---- forward --------------------------------------------------------------------------------

    private static final int K = 0, M = 1;

    private void needCov(Var a, Var b, int mode) {
        if (st.isDeterministic(a) || st.isDeterministic(b) || !st.mayCorrelate(a.id(), b.id())) return;
        need(K, needK[mode], kList.get(mode), a, b, mode);
    }

    private void needMoment(Var h, Var h2, int mode) {
        if (h.kind() == Kind.DATA) {
            gramTerms++;
            return;
        }
        need(M, needM[mode], mList.get(mode), h, h2, mode);
    }

    /** Records a needed block once (same-point blocks are symmetric) and queues its own needs. */
    private void need(int type, LongIntMap seen, List<Long> list, Var a, Var b, int mode) {
        long p = LongIntMap.pair(a.id(), b.id(), mode == DIAG);
        if (seen.add(p)) {
            list.add(p);
            work.add(new long[] {type, mode, p});
        }
    }

    private void drain() {
        while (!work.isEmpty()) {
            long[] w = work.remove(work.size() - 1);
            int mode = (int) w[1];
            Var a = st.var(LongIntMap.first(w[2])), b = st.var(LongIntMap.second(w[2]));
            if (w[0] == K) expandCov(a, b, mode);
            else needPolys(canon.of(program.inlined(a)), canon.of(program.inlined(b)), mode);
        }
    }

    /** The same expansion as the planner's covariance: matched atoms give moments, composites recurse. */
    private void expandCov(Var a, Var b, int mode) {
        Structure.Synthetic sa = st.synthetic(a.id()), sb = st.synthetic(b.id());
        if (sa != null || sb != null) { // a synthetic var: its constituents, and its coefficients' moments
            boolean expandA = sa != null && (sb == null || a.id() >= b.id());
            Structure.Synthetic s = expandA ? sa : sb;
            for (int k = 0; k < s.ids().length; k++) {
                if (expandA) needCov(st.var(s.ids()[k]), b, mode);
                else needCov(a, st.var(s.ids()[k]), mode);
                needParams(s.coefs()[k]);
            }
            return;
        }
        Affine A = affine(a.id()), B = affine(b.id());
        List<Var> vars = program.vars();
        Affine.matchAtoms(A, B, (i, j) -> {
            Var x = vars.get(A.atomVar[i]), y = vars.get(B.atomVar[j]);
            if (x.def() instanceof Def.MatMul mx) needMoment(mx.arg(), ((Def.MatMul) y.def()).arg(), mode);
        });
        if (A.isAtom() && B.isAtom()) return;
        for (int x : A.compVar) {
            for (int y : B.atomVar) needCov(vars.get(x), vars.get(y), mode);
            for (int y : B.compVar) needCov(vars.get(x), vars.get(y), mode);
        }
        for (int x : A.atomVar) for (int y : B.compVar) needCov(vars.get(x), vars.get(y), mode);
    }

    /**
     * Covariances E[p(x) q(x')] may read: across the two points, every pair of their variables;
     * at one point, the pairs within each product of atoms (a sum's terms are expected one by
     * one, so a pooled sum of 400 positions does not need the 400^2 same-point pairs).
     */
    private void needPolys(Poly p, Poly q, int mode) {
        needParams(p);
        needParams(q);
        for (int id : p.vars()) needSyntheticMean(id);
        for (int id : q.vars()) needSyntheticMean(id);
        if (mode == CROSS) {
            int[] a = p.vars(), b = q.vars();
            for (int x : a) for (int y : b) needCov(st.var(x), st.var(y), CROSS);
            withinTerms(p, null);
            withinTerms(q, null);
        } else {
            withinTerms(p, q);
        }
    }

    /** Same-point pairs within each term of p (with each term of q, when q is given: both at one point). */
    private void withinTerms(Poly p, Poly q) {
        List<int[]> qs = new ArrayList<>();
        if (q != null) for (Term t : q.terms().keySet()) qs.add(termVars(t));
        else qs.add(new int[0]);
        for (Term t : p.terms().keySet()) {
            int[] a = termVars(t);
            for (int[] b : qs) {
                int[] all = java.util.stream.IntStream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).distinct().toArray();
                for (int i = 0; i < all.length; i++) for (int j = i; j < all.length; j++) needCov(st.var(all[i]), st.var(all[j]), DIAG);
            }
        }
    }

    // ---- moments (Netsor+) ------------------------------------------------------------------------

    private final java.util.Set<Integer> momentsSeen = new java.util.HashSet<>();
    private final java.util.Set<Integer> meansSeen = new java.util.HashSet<>();

    /** The moments behind the per-point parameters of p: their means at one point. */
    private void needParams(Poly p) {
        for (Term t : p.terms().keySet()) {
            for (Atom a : t.atoms()) if (a instanceof Atom.Param par) for (Var m : par.moments()) needMomentValue(m);
        }
    }

    private void needMomentValue(Var m) {
        if (m.kind() != Kind.SCALAR || !momentsSeen.add(m.id())) return;
        needMeans(((Def.Moment) m.def()).fn());
    }

    private void needMeans(tp.lang.Fn f) {
        if (f instanceof tp.lang.Fn.Arg a) needMomentValue(a.var());
        else if (f instanceof tp.lang.Fn.Mean mean) {
            Poly body = canon.of(mean.body().substitute(program::inlined));
            needPolys(body, Poly.ONE, DIAG);
        } else if (f instanceof tp.lang.Fn.Neg n) needMeans(n.arg());
        else if (f instanceof tp.lang.Fn.Call c) needMeans(c.arg());
        else if (f instanceof tp.lang.Fn.Bin b) {
            needMeans(b.left());
            needMeans(b.right());
        }
    }

    /** A synthetic var's mean is a polynomial in parameters: their moments are needed. */
    private void needSyntheticMean(int id) {
        Structure.Synthetic s = st.synthetic(id);
        if (s == null || !meansSeen.add(id)) return;
        for (Poly c : s.coefs()) needParams(c);
        needParams(s.offset());
    }

    private static int[] termVars(Term t) {
        java.util.TreeSet<Integer> s = new java.util.TreeSet<>();
        for (Atom a : t.atoms()) for (int id : a.vars()) s.add(id);
        return s.stream().mapToInt(Integer::intValue).toArray();
    }
}
