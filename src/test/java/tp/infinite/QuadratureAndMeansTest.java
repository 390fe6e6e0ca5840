package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expectations without a closed form (tanh: the engine's Gauss-Hermite), and means (a VecIn with
 * nonzero mean before relu: arc-cosine kernels with means), against nested composite
 * Gauss-Legendre integrals written in the test ({@link Integrals}).
 */
class QuadratureAndMeansTest {
    static final double[][] X = {{0.4, -1.3, 0.9}, {1.5, 0.2, -0.6}, {-0.4, 1.3, -0.9}, {0.4, -1.3, 0.9}};

    /**
     * One tanh layer with bias: q = sW^2 x.x'/3 + sb^2; K = sV^2 E[tanh u tanh v];
     * Theta = K + (sW^2 x.x'/3 + sb^2) sV^2 E[tanh' u tanh' v].
     */
    @Test
    void tanhNetworkByQuadrature() {
        String prog = String.join("\n",
                "input x : 3",
                "MatIn W : n x 3 sigma 1.4",
                "MatMul z := W x",
                "VecIn b : n sigma 0.3",
                "LinComb g := z + b",
                "Nonlin h := tanh(g)",
                "MatIn V : 1 x n sigma 1.2",
                "MatMul f := V h",
                "Output f", "");
        Kernels k = new InfiniteWidth(Fixtures.parse(prog)).both(new DMatrixRMaj(X), null);
        double sw2 = 1.96, sb2 = 0.09, sv2 = 1.44;
        for (int i = 0; i < X.length; i++) {
            for (int j = i; j < X.length; j++) {
                double q11 = sw2 * dot(i, i) / 3 + sb2, q22 = sw2 * dot(j, j) / 3 + sb2, q12 = sw2 * dot(i, j) / 3 + sb2;
                double tt = Integrals.normal2(Math::tanh, Math::tanh, 0, 0, q11, q12, q22, Double.NaN, Double.NaN);
                double dd = Integrals.normal2(QuadratureAndMeansTest::dtanh, QuadratureAndMeansTest::dtanh, 0, 0, q11, q12, q22,
                        Double.NaN, Double.NaN);
                double nngp = sv2 * tt, ntk = nngp + q12 * sv2 * dd;
                assertEquals(nngp, k.nngp().get(i, j), 1e-9 * Math.abs(nngp) + 1e-13, "nngp " + i + "," + j);
                assertEquals(ntk, k.ntk().get(i, j), 1e-9 * Math.abs(ntk) + 1e-13, "ntk " + i + "," + j);
            }
        }
    }

    /**
     * relu(W x + b) with b = 0.7 + 0.4 beta: u, v have mean 0.7 and covariance sW^2 x.x'/2 + 0.16
     * (with init zero: b = 0.7 exactly at initialization, covariance sW^2 x.x'/2, but b's
     * gradient is still scaled by 0.4). K = sV^2 E[relu u relu v],
     * Theta = K + (sW^2 x.x'/2 + 0.16) sV^2 P(u > 0, v > 0).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void vecInWithMeanBeforeRelu(boolean initZero) {
        String prog = String.join("\n",
                "input x : 2",
                "MatIn W : n x 2 sigma 1.1",
                "MatMul z := W x",
                "VecIn b : n sigma 0.4 mean 0.7" + (initZero ? " init zero" : ""),
                "LinComb g := z + b",
                "Nonlin h := relu(g)",
                "MatIn V : 1 x n sigma 1.3",
                "MatMul f := V h",
                "Output f", "");
        double[][] x = {{0.5, -1.0}, {1.3, 0.4}, {-0.5, 1.0}, {0, 0}, {0.5, -1.0}};
        Kernels k = new InfiniteWidth(Fixtures.parse(prog)).both(new DMatrixRMaj(x), null);
        double sw2 = 1.21, sb2 = 0.16, sv2 = 1.69, m = 0.7;
        double bias = initZero ? 0 : sb2;
        for (int i = 0; i < x.length; i++) {
            for (int j = i; j < x.length; j++) {
                double xij = Integrals.dot(x[i], 0, x[j], 0, 2) / 2;
                double q11 = sw2 * Integrals.dot(x[i], 0, x[i], 0, 2) / 2 + bias;
                double q22 = sw2 * Integrals.dot(x[j], 0, x[j], 0, 2) / 2 + bias;
                double q12 = sw2 * xij + bias;
                double rr, ss;
                if (q11 == 0 || q22 == 0) { // a point where u (or v) is the constant 0.7
                    double q = Math.max(q11, q22);
                    rr = m * Integrals.normal1(u -> Math.max(u, 0), m, q, 0.0);
                    ss = Integrals.normal1(u -> u > 0 ? 1 : 0, m, q, 0.0);
                } else {
                    rr = Integrals.normal2(u -> Math.max(u, 0), u -> Math.max(u, 0), m, m, q11, q12, q22, 0, 0);
                    ss = Integrals.normal2(u -> u > 0 ? 1 : 0, u -> u > 0 ? 1 : 0, m, m, q11, q12, q22, 0, 0);
                }
                double nngp = sv2 * rr, ntk = nngp + (sw2 * xij + sb2) * sv2 * ss;
                assertEquals(nngp, k.nngp().get(i, j), 1e-10 * Math.abs(nngp), "nngp " + i + "," + j);
                assertEquals(ntk, k.ntk().get(i, j), 1e-9 * Math.abs(ntk), "ntk " + i + "," + j);
            }
        }
    }

    static double dtanh(double u) {
        double t = Math.tanh(u);
        return 1 - t * t;
    }

    private static double dot(int i, int j) {
        return Integrals.dot(X[i], 0, X[j], 0, 3);
    }
}
