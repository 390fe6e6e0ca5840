package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import tp.infinite.bench.NestingBench;
import tp.lang.Frontend;
import tp.lang.Program;

/**
 * Issue 13 item 9: nested nonlinearities, as one expression or as a chain of Nonlin statements,
 * compile to a plan whose size does not grow with depth and whose symbolic work grows linearly
 * (the derivative of tanh^d used to expand into 2^d terms, 4^d expectations: depth 6 took 28 s,
 * depth 8 over a minute), with the kernels of the composition. Work is counted (plan ops,
 * distinct subexpressions), not timed; {@link NestingBench} prints the times.
 */
class NestingTest {
    static final DMatrixRMaj X = new DMatrixRMaj(new double[][] {{0.3, 0.4}, {-0.5, 1.0}});

    static Program nest(String fn, int depth, boolean chain) {
        return Frontend.parse("nest.tp", NestingBench.program(fn, depth, chain));
    }

    @Test
    void planSizeIsConstantAndSymbolicWorkLinearInDepth() {
        for (String fn : new String[] {"tanh", "relu", "sigmoid"}) {
            for (boolean chain : new boolean[] {false, true}) {
                int[] at4 = PlanSize.ops(nest(fn, 4, chain), true, true), at5 = PlanSize.ops(nest(fn, 5, chain), true, true);
                // (depth 5 first: quick to fail where the derivative expands into 2^d terms, 4^d expectations)
                assertTrue(at5[1] <= 2 * at4[1], fn + " depth 5: " + at5[1] + " cross ops after " + at4[1]);
                int bound = Math.max(at4[1], at5[1]);
                int[] prev = null;
                for (int d = 4; d <= 64; d *= 2) {
                    int[] ops = PlanSize.ops(nest(fn, d, chain), true, true);
                    String what = fn + (chain ? " chain" : " nest") + " depth " + d;
                    assertTrue(ops[1] <= bound && ops[0] <= Math.max(at4[0], at5[0]), what + ": " + ops[0] + " + " + ops[1] + " ops");
                    if (prev != null) {
                        // distinct subexpressions: linear growth doubles them, quadratic would quadruple
                        assertTrue(ops[2] <= 2.3 * prev[2], what + ": " + ops[2] + " subexpressions after " + prev[2]);
                    }
                    prev = ops;
                }
            }
        }
    }

    /** tanh applied d times, and its derivative by the chain rule (written out here, not symbolic). */
    static double h(double u, int d) {
        for (int i = 0; i < d; i++) u = Math.tanh(u);
        return u;
    }

    static double dh(double u, int d) {
        double p = 1;
        for (int i = 0; i < d; i++) {
            double t = Math.tanh(u);
            p *= 1 - t * t;
            u = t;
        }
        return p;
    }

    /**
     * f = V h(W x), W : n x 2 sigma 1, V : 1 x n sigma 1: NNGP = E[h(u) h(v)] and NTK = NNGP +
     * q12 E[h'(u) h'(v)], (u, v) ~ N(0, x.x'/2), by nested Gauss-Legendre ({@link Integrals}).
     */
    @Test
    void kernelsOfTheCompositionAgainstReferenceQuadrature() {
        int d = 7;
        double[] a = {0.3, 0.4}, b = {-0.5, 1.0};
        double q11 = (a[0] * a[0] + a[1] * a[1]) / 2, q22 = (b[0] * b[0] + b[1] * b[1]) / 2, q12 = (a[0] * b[0] + a[1] * b[1]) / 2;
        DoubleUnaryOperator f = u -> h(u, d), df = u -> dh(u, d);
        double nngp12 = Integrals.normal2(f, f, 0, 0, q11, q12, q22, Double.NaN, Double.NaN);
        double ntk12 = nngp12 + q12 * Integrals.normal2(df, df, 0, 0, q11, q12, q22, Double.NaN, Double.NaN);
        double nngp11 = Integrals.normal1(u -> h(u, d) * h(u, d), 0, q11);
        double ntk11 = nngp11 + q11 * Integrals.normal1(u -> dh(u, d) * dh(u, d), 0, q11);
        for (boolean chain : new boolean[] {false, true}) {
            Kernels k = new InfiniteWidth(nest("tanh", d, chain)).both(X, null);
            assertEquals(nngp12, k.nngp().get(0, 1), 1e-10 * nngp12, "NNGP, chain " + chain);
            assertEquals(ntk12, k.ntk().get(0, 1), 1e-9 * ntk12, "NTK, chain " + chain);
            assertEquals(nngp11, k.nngp().get(0, 0), 1e-10 * nngp11, "NNGP diagonal, chain " + chain);
            assertEquals(ntk11, k.ntk().get(0, 0), 1e-9 * ntk11, "NTK diagonal, chain " + chain);
        }
    }

    /**
     * relu(relu(...(g))) is relu(g): depth 300 has the one-layer arc-cosine kernels (Cho-Saul,
     * written out in {@link Integrals}): NNGP E[relu u relu v], NTK adds q12 E[step u step v].
     */
    @Test
    void deepReluNestingIsTheOneLayerKernel() {
        double q11 = 0.125, q22 = 0.625, q12 = (0.3 * -0.5 + 0.4 * 1.0) / 2;
        double[][] q = {{q11, q11, q11}, {q11, q12, q22}, {q11, q12, q22}, {q22, q22, q22}};
        for (boolean chain : new boolean[] {false, true}) {
            Kernels deep = new InfiniteWidth(nest("relu", 300, chain)).both(X, null);
            for (int i = 0; i < 4; i++) {
                double nngp = Integrals.reluRelu(q[i][0], q[i][1], q[i][2]);
                double ntk = nngp + q[i][1] * Integrals.stepStep(q[i][0], q[i][1], q[i][2]);
                assertEquals(nngp, deep.nngp().data[i], 1e-10 * nngp, "NNGP, chain " + chain);
                assertEquals(ntk, deep.ntk().data[i], 1e-9 * ntk, "NTK, chain " + chain);
            }
        }
    }
}
