package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Width ratios and transposes (the variance of W^T h is scaled by W's fan-in, so it carries the
 * ratio rows/cols of W), and a VecIn read directly inside a Nonlin, against hand derivations.
 */
class DimensionsTest {
    static final double[][] X = {{0.6, -1.0, 0.3}, {1.4, 0.2, -0.7}, {-0.6, 1.0, -0.3}, {0.1, 0.5, 2.0}};

    /**
     * h = relu(A x) in dimension m = 2n; g = W^T h with W : m x n (entries scaled by 1/sqrt(n)),
     * so Var(g) = sW^2 (m/n) E[h h'] = 2 sW^2 R1; r = relu(g), f = V r.
     * Theta = sV^2 R(Kg) + 2 sW^2 sV^2 Sg R1 + sA^2 (x.x'/3) 2 sW^2 sV^2 Sg S1 (derived entry by entry).
     */
    @Test
    void transposeCarriesTheWidthRatio() {
        String prog = String.join("\n",
                "dim n", "dim m = 2 * n",
                "input x : 3",
                "MatIn A : m x 3 sigma 1.1",
                "MatMul u := A x",
                "Nonlin h := relu(u)",
                "MatIn W : m x n sigma 0.9",
                "T Wt := W^T",
                "MatMul g := Wt h",
                "Nonlin r := relu(g)",
                "MatIn V : 1 x n sigma 1.3",
                "MatMul f := V r",
                "Output f", "");
        Kernels k = new InfiniteWidth(Fixtures.parse(prog)).both(new DMatrixRMaj(X), null);
        double sa2 = 1.21, sw2 = 0.81, sv2 = 1.69;
        for (int i = 0; i < X.length; i++) {
            for (int j = 0; j < X.length; j++) {
                double a11 = sa2 * dot(i, i) / 3, a22 = sa2 * dot(j, j) / 3, a12 = sa2 * dot(i, j) / 3;
                double r1 = Integrals.reluRelu(a11, a12, a22), s1 = Integrals.stepStep(a11, a12, a22);
                double g11 = 2 * sw2 * a11 / 2, g22 = 2 * sw2 * a22 / 2, g12 = 2 * sw2 * r1;
                double rg = Integrals.reluRelu(g11, g12, g22), sg = Integrals.stepStep(g11, g12, g22);
                double nngp = sv2 * rg;
                double ntk = nngp + 2 * sw2 * sv2 * sg * r1 + sa2 * dot(i, j) / 3 * 2 * sw2 * sv2 * sg * s1;
                assertEquals(nngp, k.nngp().get(i, j), 1e-12 * Math.abs(nngp), "nngp " + i + "," + j);
                assertEquals(ntk, k.ntk().get(i, j), 2e-8 * Math.abs(ntk), "ntk " + i + "," + j);
            }
        }
    }

    /** relu(g + b) with the bias inside the Nonlin: q = sW^2 x.x'/3 + sb^2, Theta = K + q sV^2 S(q). */
    @Test
    void vecInInsideANonlin() {
        String prog = String.join("\n", "input x : 3", "MatIn W : n x 3 sigma 1.2", "MatMul g := W x",
                "VecIn b : n sigma 0.4", "Nonlin h := relu(g + b)", "MatIn V : 1 x n sigma 0.7", "MatMul f := V h",
                "Output f", "");
        Kernels k = new InfiniteWidth(Fixtures.parse(prog)).both(new DMatrixRMaj(X), null);
        for (int i = 0; i < X.length; i++) {
            for (int j = 0; j < X.length; j++) {
                double q11 = 1.44 * dot(i, i) / 3 + 0.16, q22 = 1.44 * dot(j, j) / 3 + 0.16, q12 = 1.44 * dot(i, j) / 3 + 0.16;
                double nngp = 0.49 * Integrals.reluRelu(q11, q12, q22);
                double ntk = nngp + q12 * 0.49 * Integrals.stepStep(q11, q12, q22);
                assertEquals(nngp, k.nngp().get(i, j), 1e-12 * Math.abs(nngp));
                assertEquals(ntk, k.ntk().get(i, j), 1e-9 * Math.abs(ntk));
            }
        }
    }

    private static double dot(int i, int j) {
        return Integrals.dot(X[i], 0, X[j], 0, 3);
    }
}
