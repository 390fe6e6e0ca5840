package tp.infinite.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import tp.api.TensorProgram;
import tp.infinite.PlanCost;

/**
 * Compilation (front end: parse, unroll, check; plan: structural sparsity and the NNGP + NTK
 * plan) against program size for the MLP, CNN (flatten and global-average-pool readouts), RNN
 * and GRU families, to show that planning grows linearly in the covariance blocks the kernels
 * need. Thread CPU time, best of three in a warm JVM (so the figures do not depend on the
 * machine's load). Prints a Markdown table; docs/PERFORMANCE.md records it.
 */
public final class CompileScaling {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private CompileScaling() {}

    public static void main(String[] args) {
        System.out.println("| family | size | core statements | blocks | front end (ms) | plan (ms) | plan per block (us) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int l : new int[] {100, 1000, 10000}) row("MLP (relu, depth L)", "L = " + l, mlp(l));
        for (int s : new int[] {10, 14, 20, 28}) row("CNN 5x5, 5x5, flatten", s + "x" + s, cnn(s, false));
        for (int s : new int[] {10, 12, 14, 16}) row("CNN 5x5, 5x5, GAP", s + "x" + s, cnn(s, true));
        for (int t : new int[] {10, 100, 1000}) row("RNN (erf, last state)", "T = " + t, rnn(t));
        for (int t : new int[] {2, 3, 4}) row("GRU (last state)", "T = " + t, gru(t));
    }

    private static void row(String family, String size, String program) {
        long bestFront = Long.MAX_VALUE, bestPlan = Long.MAX_VALUE;
        PlanCost cost = null;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            TensorProgram tp = TensorProgram.parse(family, program);
            long t1 = CPU.getCurrentThreadCpuTime();
            cost = tp.cost(true, true);
            long t2 = CPU.getCurrentThreadCpuTime();
            bestFront = Math.min(bestFront, t1 - t0);
            bestPlan = Math.min(bestPlan, t2 - t1);
        }
        long blocks = cost.covariances()[0] + cost.covariances()[1] + cost.moments()[0] + cost.moments()[1]
                + cost.classPairs() + cost.nodePairs();
        System.out.printf("| %s | %s | %,d | %,d | %.0f | %.0f | %.1f |%n", family, size, cost.statements(), blocks,
                bestFront / 1e6, bestPlan / 1e6, bestPlan / 1e3 / blocks);
    }

    static String mlp(int depth) {
        return String.join("\n", "let L = " + depth, "input x : 4", "MatIn W0 : n x 4 sigma 1.4", "VecIn b[0..L-1] : n sigma 0.1",
                "MatMul z[0] := W0 x", "LinComb g[0] := z[0] + b[0]", "Nonlin h[0] := relu(g[0])",
                "MatIn W[1..L-1] : n x n sigma 1.4",
                "for l in 1..L-1 {", "  MatMul z[l] := W[l] h[l-1]", "  LinComb g[l] := z[l] + b[l]", "  Nonlin h[l] := relu(g[l])", "}",
                "MatIn V : 1 x n", "MatMul f := V h[L-1]", "Output f", "");
    }

    static String cnn(int side, boolean gap) {
        StringBuilder sb = new StringBuilder(String.join("\n", "let S = " + side, "let K = 5", "let S1 = S - K + 1", "let S2 = S1 - K + 1",
                "input x[0..S-1][0..S-1] : 1",
                "MatIn A[0..K-1][0..K-1] : n x 1 sigma sqrt(2) / K", "VecIn c1 : n sigma 0.1",
                "for i in 0..S1-1, j in 0..S1-1 {",
                "  for a in 0..K-1, b in 0..K-1 { MatMul u[i][j][a][b] := A[a][b] x[i+a][j+b] }",
                "  LinComb g[i][j] := sum(a in 0..K-1, b in 0..K-1) u[i][j][a][b] + c1", "  Nonlin h[i][j] := relu(g[i][j])", "}",
                "MatIn B[0..K-1][0..K-1] : n x n sigma sqrt(2) / K", "VecIn c2 : n sigma 0.1",
                "for i in 0..S2-1, j in 0..S2-1 {",
                "  for a in 0..K-1, b in 0..K-1 { MatMul v[i][j][a][b] := B[a][b] h[i+a][j+b] }",
                "  LinComb k[i][j] := sum(a in 0..K-1, b in 0..K-1) v[i][j][a][b] + c2", "  Nonlin r[i][j] := relu(k[i][j])", "}", ""));
        if (gap) {
            sb.append(String.join("\n", "LinComb pool := sum(i in 0..S2-1, j in 0..S2-1) r[i][j] / (S2 * S2)",
                    "MatIn R : 1 x n sigma sqrt(2)", "MatMul f := R pool", "Output f", ""));
        } else {
            sb.append(String.join("\n", "for i in 0..S2-1, j in 0..S2-1 {", "  MatIn R[i][j] : 1 x n sigma sqrt(2) / S2",
                    "  MatMul o[i][j] := R[i][j] r[i][j]", "}", "LinComb f := sum(i in 0..S2-1, j in 0..S2-1) o[i][j]", "Output f", ""));
        }
        return sb.toString();
    }

    static String rnn(int steps) {
        return String.join("\n", "let T = " + steps, "input x[0..T-1] : 2", "MatIn U : n x 2", "MatIn W : n x n sigma 1.2",
                "VecIn b : n sigma 0.1", "MatMul ux[0] := U x[0]", "LinComb g[0] := ux[0] + b", "Nonlin h[0] := erf(g[0])",
                "for t in 1..T-1 {", "  MatMul ux[t] := U x[t]", "  MatMul wh[t] := W h[t-1]", "  LinComb g[t] := wh[t] + ux[t] + b",
                "  Nonlin h[t] := erf(g[t])", "}", "MatIn V : 1 x n", "MatMul f := V h[T-1]", "Output f", "");
    }

    static String gru(int steps) {
        return String.join("\n", "let T = " + steps, "input x[0..T-1] : 1",
                "MatIn Uz : n x 1", "MatIn Ur : n x 1", "MatIn Uh : n x 1", "MatIn Wz : n x n", "MatIn Wr : n x n", "MatIn Wh : n x n",
                "MatMul a0 := Uh x[0]", "Nonlin s[0] := (1 - (1 + erf(0)) / 2) * tanh(a0)",
                "for t in 1..T-1 {",
                "  MatMul zx[t] := Uz x[t]", "  MatMul zh[t] := Wz s[t-1]", "  MatMul rx[t] := Ur x[t]", "  MatMul rh[t] := Wr s[t-1]",
                "  MatMul hx[t] := Uh x[t]", "  Nonlin q[t] := (1 + erf(rx[t] + rh[t])) / 2 * s[t-1]", "  MatMul hh[t] := Wh q[t]",
                "  Nonlin s[t] := (1 + erf(zx[t] + zh[t])) / 2 * s[t-1] + (1 - (1 + erf(zx[t] + zh[t])) / 2) * tanh(hx[t] + hh[t])",
                "}", "MatIn V : 1 x n", "MatMul f := V s[T-1]", "Output f", "");
    }
}
