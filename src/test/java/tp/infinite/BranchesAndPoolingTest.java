package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Structural features against hand derivations written out here with textbook closed forms
 * ({@link Integrals}): a product of two independent branches, and average pooling (a LinComb of
 * H-vars, plus a G-var skip term) over two positions sharing one matrix.
 */
class BranchesAndPoolingTest {
    static final double[][] X = {{0.3, -1.2, 0.8}, {1.1, 0.4, -0.5}, {-0.7, -0.2, 1.9}, {0.3, -1.2, 0.8}, {-0.6, 2.4, -1.6}};

    /**
     * h = relu(ga) * erf(gb), ga = A x, gb = B x independent. Then E[h h'] factorizes:
     * K = sv^2 R(qa) E(qb); dga = v step(ga) erf(gb), dgb = v relu(ga) erf'(gb), so
     * Theta = K + sa^2 (x.x'/3) sv^2 S(qa) E(qb) + sb^2 (x.x'/3) sv^2 R(qa) D(qb).
     */
    @Test
    void productOfTwoBranchesFactorizes() {
        String prog = String.join("\n",
                "input x : 3",
                "MatIn A : n x 3 sigma 1.2",
                "MatIn B : n x 3 sigma 0.8",
                "MatMul ga := A x",
                "MatMul gb := B x",
                "Nonlin h := relu(ga) * erf(gb)",
                "MatIn V : 1 x n sigma 1.1",
                "MatMul f := V h",
                "Output f", "");
        Kernels k = new InfiniteWidth(Fixtures.parse(prog)).both(new DMatrixRMaj(X), null);
        double sa2 = 1.44, sb2 = 0.64, sv2 = 1.21;
        for (int i = 0; i < X.length; i++) {
            for (int j = 0; j < X.length; j++) {
                double xii = dot(i, i) / 3, xjj = dot(j, j) / 3, xij = dot(i, j) / 3;
                double r = Integrals.reluRelu(sa2 * xii, sa2 * xij, sa2 * xjj);
                double s = Integrals.stepStep(sa2 * xii, sa2 * xij, sa2 * xjj);
                double e = Integrals.erfErf(sb2 * xii, sb2 * xij, sb2 * xjj);
                double d = Integrals.derfDerf(sb2 * xii, sb2 * xij, sb2 * xjj);
                double nngp = sv2 * r * e;
                double ntk = nngp + sa2 * xij * sv2 * s * e + sb2 * xij * sv2 * r * d;
                assertEquals(nngp, k.nngp().get(i, j), 1e-12 * Math.abs(nngp) + 1e-15, "nngp " + i + "," + j);
                assertEquals(ntk, k.ntk().get(i, j), 2e-8 * Math.abs(ntk) + 1e-15, "ntk " + i + "," + j);
            }
        }
    }

    /**
     * Two positions x0, x1 (2 columns each) through one shared matrix A, relu, then
     * p = 0.5 h0 + 0.5 h1 - 0.2 u0 (an H-var LinComb with a G-var term), readout V.
     * With Q_ab = sA^2 x_a.x'_b / 2: E[p p'] = sum_ab 0.25 R_ab - 0.1 (E[relu(u0) u0'] + E[u0 relu(u0')])
     * - 0.1 (E[relu(u1) u0'] + E[u0 relu(u1')]) + 0.04 Q_00, with E[relu(u) v] = Cov(u, v) / 2 (Stein).
     * dp = v, du_a = v (0.5 step(u_a) - 0.2 [a = 0]); Theta = sV^2 E[p p'] + sA^2 sum_ab
     * sV^2 E[c_a(u_a) c_b(u_b')] x_a.x'_b / 2 with E[step] = 1/2 at zero mean.
     */
    @Test
    void averagePoolingOverHVarsSharesTheMatrix() {
        String prog = String.join("\n",
                "input x0 : 2",
                "input x1 : 2",
                "MatIn A : n x 2 sigma 1.3",
                "MatMul u0 := A x0",
                "MatMul u1 := A x1",
                "Nonlin h0 := relu(u0)",
                "Nonlin h1 := relu(u1)",
                "LinComb p := 0.5 * h0 + 0.5 * h1 - 0.2 * u0",
                "MatIn V : 1 x n sigma 0.9",
                "MatMul f := V p",
                "Output f", "");
        double[][] x = {{0.5, -1.0, 1.5, 0.2}, {-0.3, 0.8, 0.1, -1.1}, {1.2, 0.4, 1.2, 0.4}, {-0.5, 1.0, -1.5, -0.2}};
        DMatrixRMaj xm = new DMatrixRMaj(x);
        Kernels k = new InfiniteWidth(Fixtures.parse(prog)).both(xm, null);
        double sa2 = 1.69, sv2 = 0.81;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                double[][] q = new double[2][2]; // Q_ab(x_i, x_j)
                double[] qi = new double[2], qj = new double[2]; // variances at each point
                for (int a = 0; a < 2; a++) {
                    qi[a] = sa2 * Integrals.dot(x[i], 2 * a, x[i], 2 * a, 2) / 2;
                    qj[a] = sa2 * Integrals.dot(x[j], 2 * a, x[j], 2 * a, 2) / 2;
                    for (int b = 0; b < 2; b++) q[a][b] = sa2 * Integrals.dot(x[i], 2 * a, x[j], 2 * b, 2) / 2;
                }
                double pp = 0, grad = 0;
                for (int a = 0; a < 2; a++) {
                    for (int b = 0; b < 2; b++) {
                        pp += 0.25 * Integrals.reluRelu(qi[a], q[a][b], qj[b]);
                        double ss = Integrals.stepStep(qi[a], q[a][b], qj[b]);
                        // E[(0.5 step(u_a) - 0.2 [a=0]) (0.5 step(u_b') - 0.2 [b=0])]
                        double ca = a == 0 ? 0.2 : 0, cb = b == 0 ? 0.2 : 0;
                        double e = 0.25 * ss - 0.5 * 0.5 * cb - 0.5 * 0.5 * ca + ca * cb;
                        grad += e * sa2 * Integrals.dot(x[i], 2 * a, x[j], 2 * b, 2) / 2;
                    }
                }
                // cross terms with the skip connection -0.2 u0: E[relu(u_a) u0'] = Q_a0 / 2, E[u0 relu(u_b')] = Q_0b / 2
                for (int a = 0; a < 2; a++) pp += 0.5 * -0.2 * q[a][0] / 2;
                for (int b = 0; b < 2; b++) pp += 0.5 * -0.2 * q[0][b] / 2;
                pp += 0.04 * q[0][0];
                double nngp = sv2 * pp, ntk = nngp + sv2 * grad;
                assertEquals(nngp, k.nngp().get(i, j), 1e-12 * (1 + Math.abs(nngp)), "nngp " + i + "," + j);
                assertEquals(ntk, k.ntk().get(i, j), 2e-8 * (1 + Math.abs(ntk)), "ntk " + i + "," + j);
            }
        }
    }

    private static double dot(int i, int j) {
        return Integrals.dot(X[i], 0, X[j], 0, 3);
    }
}
