package tp.infinite;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tp.infinite.gauss.PiecewiseLinear;

/**
 * A {@link CompiledPlan} as bytes and back, for the plan cache: every op field as it is, so a
 * decoded plan computes bit for bit what the compiled one does (tested). Only plans of data ops
 * (products of inputs, sums and products of slots, arc-cosine expectations) are stored; an op
 * holding a function (quadrature, Mehler, Hermite) makes {@link #encode} return null.
 */
final class PlanCodec {
    /** Changes whenever the layout below does (the cache key has the build too; this guards hand-copied files). */
    private static final int MAGIC = 0x54505032; // "TPP2"
    private static final byte GRAM = 1, SUM_PROD = 2, ARC_COS = 3;

    private PlanCodec() {}

    static byte[] encode(CompiledPlan cp) {
        for (Op op : cp.plan.diagOps()) if (!storable(op)) return null;
        for (Op op : cp.plan.crossOps()) if (!storable(op)) return null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            str(out, cp.programName());
            out.writeInt(cp.inputWidth());
            PlanCost c = cp.cost();
            out.writeInt(c.statements());
            ints(out, c.covariances());
            ints(out, c.moments());
            for (int v : new int[] {c.classPairs(), c.nodePairs(), c.diagOps(), c.crossOps(), c.diagSlots(), c.buffers()}) {
                out.writeInt(v);
            }
            out.writeDouble(c.diagNanos());
            out.writeDouble(c.crossNanos());
            Plan p = cp.plan;
            ops(out, p.diagOps());
            out.writeInt(p.diagSlots());
            names(out, p.diagNames());
            ops(out, p.crossOps());
            out.writeInt(p.crossSlots());
            names(out, p.crossNames());
            nullableSrc(out, p.nngp());
            nullableSrc(out, p.ntk());
            out.writeDouble(p.nngpNoise());
            out.writeDouble(p.ntkNoise());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    static CompiledPlan decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes); // big-endian, as DataOutputStream wrote it
            if (in.getInt() != MAGIC) throw new IllegalArgumentException("not a stored plan");
            String name = str(in);
            int inputWidth = in.getInt();
            int statements = in.getInt();
            int[] cov = ints(in), mom = ints(in);
            int[] v = new int[6];
            for (int i = 0; i < 6; i++) v[i] = in.getInt();
            PlanCost cost = new PlanCost(statements, cov, mom, v[0], v[1], v[2], v[3], v[4], v[5], in.getDouble(), in.getDouble());
            List<Op> diag = ops(in);
            int diagSlots = in.getInt();
            String[] diagNames = names(in);
            List<Op> cross = ops(in);
            int crossSlots = in.getInt();
            String[] crossNames = names(in);
            Src nngp = nullableSrc(in), ntk = nullableSrc(in);
            double nngpNoise = in.getDouble(), ntkNoise = in.getDouble();
            if (in.hasRemaining()) throw new IllegalArgumentException("bytes after the plan");
            Plan plan = new Plan(List.copyOf(diag), diagSlots, diagNames, List.copyOf(cross), crossSlots, crossNames, nngp, ntk,
                    nngpNoise, ntkNoise);
            return new CompiledPlan(plan, cost, name, inputWidth);
        } catch (RuntimeException e) { // truncated (BufferUnderflowException) or damaged: the caller compiles instead
            throw new IllegalArgumentException("damaged stored plan: " + e, e);
        }
    }

    private static boolean storable(Op op) {
        return op instanceof GramOp || op instanceof SumProdOp || op instanceof ArcCosOp;
    }

    private static void ops(DataOutputStream out, List<Op> ops) throws IOException {
        out.writeInt(ops.size());
        for (Op op : ops) {
            if (op instanceof GramOp g) {
                out.writeByte(GRAM);
                out.writeInt(g.outs[0]);
                out.writeInt(g.offA);
                out.writeInt(g.offB);
                out.writeInt(g.size);
            } else if (op instanceof SumProdOp s) {
                out.writeByte(SUM_PROD);
                out.writeInt(s.outs[0]);
                out.writeInt(s.coefs.length);
                for (double c : s.coefs) out.writeDouble(c);
                srcs(out, s.ins);
            } else {
                ArcCosOp a = (ArcCosOp) op;
                out.writeByte(ARC_COS);
                srcs(out, a.ins);
                out.writeDouble(a.snap);
                int[] slots = a.outSlots();
                out.writeInt(slots.length);
                for (int k = 0; k < slots.length; k++) {
                    pl(out, a.as.get(k));
                    pl(out, a.bs.get(k));
                    out.writeInt(slots[k]);
                }
            }
            str(out, op.what);
        }
    }

    private static List<Op> ops(ByteBuffer in) {
        int n = count(in);
        List<Op> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte type = in.get();
            Op op;
            if (type == GRAM) {
                int out = in.getInt(), offA = in.getInt(), offB = in.getInt(), size = in.getInt();
                op = new GramOp(out, offA, offB, size, str(in));
            } else if (type == SUM_PROD) {
                int out = in.getInt();
                double[] coefs = new double[count(in)];
                for (int k = 0; k < coefs.length; k++) coefs[k] = in.getDouble();
                Src[] ins = srcs(in);
                if (ins.length != 2 * coefs.length) throw new IllegalArgumentException("sum with " + ins.length + " inputs");
                op = new SumProdOp(out, coefs, ins, str(in));
            } else if (type == ARC_COS) {
                Src[] ins = srcs(in);
                if (ins.length != 3) throw new IllegalArgumentException("arc-cosine op with " + ins.length + " inputs");
                double snap = in.getDouble();
                int m = count(in);
                PiecewiseLinear[] as = new PiecewiseLinear[m], bs = new PiecewiseLinear[m];
                int[] slots = new int[m];
                for (int k = 0; k < m; k++) {
                    as[k] = pl(in);
                    bs[k] = pl(in);
                    slots[k] = in.getInt();
                }
                ArcCosOp a = new ArcCosOp(ins[0], ins[1], ins[2], str(in));
                a.snap = snap;
                for (int k = 0; k < m; k++) a.add(as[k], bs[k], slots[k]);
                op = a;
            } else {
                throw new IllegalArgumentException("op type " + type);
            }
            ops.add(op);
        }
        return ops;
    }

    private static void srcs(DataOutputStream out, Src[] srcs) throws IOException {
        out.writeInt(srcs.length);
        for (Src s : srcs) src(out, s);
    }

    private static Src[] srcs(ByteBuffer in) {
        Src[] s = new Src[count(in)];
        for (int i = 0; i < s.length; i++) s[i] = src(in);
        return s;
    }

    private static void src(DataOutputStream out, Src s) throws IOException {
        out.writeByte(s.kind());
        out.writeInt(s.index());
        out.writeDouble(s.value());
    }

    private static Src src(ByteBuffer in) {
        return new Src(in.get(), in.getInt(), in.getDouble());
    }

    private static void nullableSrc(DataOutputStream out, Src s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) src(out, s);
    }

    private static Src nullableSrc(ByteBuffer in) {
        return (in.get() != 0) ? src(in) : null;
    }

    private static void pl(DataOutputStream out, PiecewiseLinear f) throws IOException {
        for (double v : new double[] {f.aPos(), f.aNeg(), f.cPos(), f.cNeg(), f.c0()}) out.writeDouble(v);
    }

    private static PiecewiseLinear pl(ByteBuffer in) {
        return new PiecewiseLinear(in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble());
    }

    private static void ints(DataOutputStream out, int[] v) throws IOException {
        out.writeInt(v.length);
        for (int x : v) out.writeInt(x);
    }

    private static int[] ints(ByteBuffer in) {
        int[] v = new int[count(in)];
        for (int i = 0; i < v.length; i++) v[i] = in.getInt();
        return v;
    }

    private static void names(DataOutputStream out, String[] names) throws IOException {
        out.writeInt(names.length);
        for (String s : names) str(out, s);
    }

    private static String[] names(ByteBuffer in) {
        String[] s = new String[count(in)];
        for (int i = 0; i < s.length; i++) s[i] = str(in);
        return s;
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s == null) return;
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(ByteBuffer in) {
        if (in.get() == 0) return null;
        int n = count(in);
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    /** A length, refused when negative or beyond what the file could hold (damaged bytes must not allocate gigabytes). */
    private static int count(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining() + 1) throw new IllegalArgumentException("length " + n);
        return n;
    }
}
