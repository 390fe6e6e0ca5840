package tp.lang;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expressions as shared graphs (hash-consing): every structurally distinct subexpression gets
 * one id, the same for equal structures wherever they occur, so a nested nonlinearity
 * {@code tanh(tanh(...g...))} and its derivative, whose trees grow quadratically (or, through
 * inlined chains like {@code h2 := tanh(h1) + h1}, exponentially) with depth, stay as many
 * nodes as they have distinct subexpressions.
 *
 * <p>Two uses: a canonical id per expression ({@link #id}: equal ids mean equal expressions,
 * in the order of this table), and evaluation of several expressions at a point with every
 * shared node computed once ({@link #evaluator}). Not thread-safe; evaluators are, given their
 * own scratch array.
 */
public final class FnDag {
    /** One node: its operation and its children's ids (-1 where there is none). */
    private record Node(int kind, char op, Builtin fn, double value, int var, int a, int b) {}

    private static final int CONST = 0, ARG = 1, NEG = 2, BIN = 3, CALL = 4, MEAN = 5;

    private final Map<Fn, Integer> seen = new IdentityHashMap<>();
    private final Map<Node, Integer> table = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();

    /** The canonical id of {@code f}: equal for structurally equal expressions. Linear in the number of distinct objects. */
    public int id(Fn f) {
        Integer known = seen.get(f);
        if (known != null) return known;
        Node n;
        if (f instanceof Fn.Const k) n = new Node(CONST, ' ', null, k.value(), -1, -1, -1);
        else if (f instanceof Fn.Arg a) n = new Node(ARG, ' ', null, 0, a.var().id(), -1, -1);
        else if (f instanceof Fn.Neg g) n = new Node(NEG, ' ', null, 0, -1, id(g.arg()), -1);
        else if (f instanceof Fn.Call c) n = new Node(CALL, ' ', c.fn(), c.param(), -1, id(c.arg()), -1);
        else if (f instanceof Fn.Mean m) n = new Node(MEAN, ' ', null, 0, -1, id(m.body()), -1);
        else {
            Fn.Bin b = (Fn.Bin) f;
            n = new Node(BIN, b.op(), null, 0, -1, id(b.left()), id(b.right()));
        }
        Integer id = table.get(n);
        if (id == null) {
            id = nodes.size();
            nodes.add(n);
            table.put(n, id);
        }
        seen.put(f, id);
        return id;
    }

    /** Number of distinct nodes seen so far. */
    public int size() {
        return nodes.size();
    }

    /** Distinct nodes reachable from {@code roots} (the work of one evaluation). */
    public int reachable(int... roots) {
        return order(roots).length;
    }

    /** Ids reachable from the roots, ascending: children always come before their parents. */
    private int[] order(int[] roots) {
        boolean[] mark = new boolean[nodes.size()];
        int[] stack = new int[nodes.size()];
        int sp = 0, count = 0;
        for (int r : roots) {
            if (!mark[r]) {
                mark[r] = true;
                stack[sp++] = r;
                count++;
            }
        }
        while (sp > 0) {
            Node n = nodes.get(stack[--sp]);
            for (int c : new int[] {n.a(), n.b()}) {
                if (c >= 0 && !mark[c]) {
                    mark[c] = true;
                    stack[sp++] = c;
                    count++;
                }
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < mark.length; i++) if (mark[i]) out[k++] = i;
        return out;
    }

    /**
     * Evaluates {@code roots} together: each distinct subexpression once per point (a nested
     * nonlinearity of depth d costs O(d) per point however many roots share it).
     */
    public Evaluator evaluator(List<Fn> roots) {
        int[] rootIds = new int[roots.size()];
        for (int i = 0; i < rootIds.length; i++) rootIds[i] = id(roots.get(i));
        int[] ord = order(rootIds);
        int[] slot = new int[nodes.size()];
        Arrays.fill(slot, -1);
        for (int i = 0; i < ord.length; i++) slot[ord[i]] = i;
        int n = ord.length;
        int[] kind = new int[n], a = new int[n], b = new int[n], var = new int[n];
        char[] op = new char[n];
        Builtin[] fn = new Builtin[n];
        double[] value = new double[n];
        for (int i = 0; i < n; i++) {
            Node x = nodes.get(ord[i]);
            kind[i] = x.kind();
            op[i] = x.op();
            fn[i] = x.fn();
            value[i] = x.value();
            var[i] = x.var();
            a[i] = x.a() < 0 ? -1 : slot[x.a()];
            b[i] = x.b() < 0 ? -1 : slot[x.b()];
        }
        int[] out = new int[rootIds.length];
        for (int i = 0; i < out.length; i++) out[i] = slot[rootIds[i]];
        return new Evaluator(kind, op, fn, value, var, a, b, out);
    }

    /** A compiled set of expressions; {@link #run} fills a scratch array with every node's value. */
    public static final class Evaluator {
        private final int[] kind, var, a, b, roots;
        private final char[] op;
        private final Builtin[] fn;
        private final double[] value;

        private Evaluator(int[] kind, char[] op, Builtin[] fn, double[] value, int[] var, int[] a, int[] b, int[] roots) {
            this.kind = kind;
            this.op = op;
            this.fn = fn;
            this.value = value;
            this.var = var;
            this.a = a;
            this.b = b;
            this.roots = roots;
        }

        /** Length of the scratch array {@link #run} needs. */
        public int nodes() {
            return kind.length;
        }

        /** Where root i's value is in the scratch array after {@link #run}. */
        public int root(int i) {
            return roots[i];
        }

        /** Computes every node at {@code values[var.id]}; the results are in {@code scratch}. */
        public void run(double[] values, double[] scratch) {
            for (int i = 0; i < kind.length; i++) {
                double r;
                switch (kind[i]) {
                    case CONST -> r = value[i];
                    case ARG -> r = values[var[i]];
                    case NEG -> r = -scratch[a[i]];
                    case CALL -> r = fn[i].apply(scratch[a[i]], value[i]);
                    case MEAN -> throw new IllegalStateException("mean(...) is averaged by the executor, not evaluated");
                    default -> r = Fn.arithmetic(op[i], scratch[a[i]], scratch[b[i]]);
                }
                scratch[i] = r;
            }
        }
    }
}
