package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * One hidden layer g = W x + b (sigma_W = 1.2, bias sigma 0.5, mean m), readout sigma_V = 0.8,
 * for several nonlinearities phi, each against expectations derived by hand (or, for gelu, a
 * nested integral): K = sV^2 E[phi(u) phi(v)], Theta = K + (sW^2 x.x'/2 + sb^2) sV^2 E[phi'(u) phi'(v)],
 * (u, v) with mean m and covariance q = sW^2 x.x'/2 + sb^2.
 */
class FunctionFamiliesTest {
    static final double[][] X = {{0.3, -0.8}, {1.2, 0.5}, {-0.3, 0.8}, {0.0, 0.0}, {0.3, -0.8}, {0.9, 2.4}};
    static final double SW2 = 1.44, SB2 = 0.25, SV2 = 0.64;

    /** K and Theta expectations as functions of (q11, q12, q22). */
    interface Pair {
        double value(double q11, double q12, double q22);
    }

    private static void check(String body, double mean, Pair phiPhi, Pair dphiDphi, double tol) {
        String prog = String.join("\n", "input x : 2", "MatIn W : n x 2 sigma 1.2", "MatMul z := W x",
                "VecIn b : n sigma 0.5 mean " + mean, "LinComb g := z + b", body, "MatIn V : 1 x n sigma 0.8",
                "MatMul f := V h", "Output f", "");
        Kernels k = new InfiniteWidth(Fixtures.parse(prog)).both(new DMatrixRMaj(X), null);
        for (int i = 0; i < X.length; i++) {
            for (int j = i; j < X.length; j++) {
                double q11 = SW2 * Integrals.dot(X[i], 0, X[i], 0, 2) / 2 + SB2;
                double q22 = SW2 * Integrals.dot(X[j], 0, X[j], 0, 2) / 2 + SB2;
                double q12 = SW2 * Integrals.dot(X[i], 0, X[j], 0, 2) / 2 + SB2;
                double nngp = SV2 * phiPhi.value(q11, q12, q22);
                double ntk = nngp + q12 * SV2 * dphiDphi.value(q11, q12, q22);
                assertEquals(nngp, k.nngp().get(i, j), tol * (1 + Math.abs(nngp)), body + " nngp " + i + "," + j);
                assertEquals(ntk, k.ntk().get(i, j), tol * (1 + Math.abs(ntk)), body + " ntk " + i + "," + j);
            }
        }
    }

    @Test
    void sineWithMean() {
        double m = 0.3;
        // E[sin u sin v] = (exp(-Var(u-v)/2) - exp(-Var(u+v)/2) cos 2m) / 2, cos likewise with +
        check("Nonlin h := sin(g)", m,
                (a, c, b) -> 0.5 * (Math.exp(-(a + b - 2 * c) / 2) - Math.exp(-(a + b + 2 * c) / 2) * Math.cos(2 * m)),
                (a, c, b) -> 0.5 * (Math.exp(-(a + b - 2 * c) / 2) + Math.exp(-(a + b + 2 * c) / 2) * Math.cos(2 * m)),
                1e-13);
    }

    @Test
    void oddPolynomialByIsserlis() {
        // phi = u^3 - 2u: E[u^3 v^3] = 9 q11 q22 q12 + 6 q12^3, E[u^3 v] = 3 q11 q12; phi' = 3u^2 - 2
        check("Nonlin h := g^3 - 2 * g", 0,
                (a, c, b) -> 9 * a * b * c + 6 * c * c * c - 6 * a * c - 6 * b * c + 4 * c,
                (a, c, b) -> 9 * (a * b + 2 * c * c) - 6 * a - 6 * b + 4,
                1e-13);
    }

    @Test
    void erfWithSkipUsesStein() {
        // phi = erf(u) + u: E[erf(u) v] = Cov(u, v) E[erf'(u)] = q12 (2/sqrt(pi)) / sqrt(1 + 2 q11);
        // phi' = erf'(u) + 1 with E[erf'(u)] = (2/sqrt(pi)) / sqrt(1 + 2 q11)
        double k2 = 2 / Math.sqrt(Math.PI);
        check("Nonlin h := erf(g) + g", 0,
                (a, c, b) -> Integrals.erfErf(a, c, b) + c * k2 / Math.sqrt(1 + 2 * a) + c * k2 / Math.sqrt(1 + 2 * b) + c,
                (a, c, b) -> Integrals.derfDerf(a, c, b) + k2 / Math.sqrt(1 + 2 * a) + k2 / Math.sqrt(1 + 2 * b) + 1,
                1e-13);
    }

    @Test
    void geluAgainstNestedIntegral() {
        check("Nonlin h := gelu(g)", 0,
                (a, c, b) -> Integrals.normal2(FunctionFamiliesTest::gelu, FunctionFamiliesTest::gelu, 0, 0, a, c, b, Double.NaN, Double.NaN),
                (a, c, b) -> Integrals.normal2(FunctionFamiliesTest::dgelu, FunctionFamiliesTest::dgelu, 0, 0, a, c, b, Double.NaN, Double.NaN),
                1e-10);
    }

    static double gelu(double x) {
        return x * Phi(x);
    }

    static double dgelu(double x) {
        return Phi(x) + x * Integrals.pdf(x);
    }

    /** Standard normal cdf through commons-math3's erfc (not the implementation the engine uses). */
    static double Phi(double x) {
        return 0.5 * org.apache.commons.math3.special.Erf.erfc(-x / Math.sqrt(2));
    }

    @Test
    void multiOutputReadoutReportsTheFirstCoordinate() {
        String one = "input x : 2\nMatIn W : n x 2\nMatMul g := W x\nNonlin h := tanh(g)\nMatIn V : 1 x n sigma 0.7\n"
                + "MatMul f := V h\nVecIn c : 1 sigma 0.2\nLinComb o := f + c\nOutput o\n";
        String three = one.replace("1 x n", "3 x n").replace("VecIn c : 1", "VecIn c : 3");
        DMatrixRMaj x = new DMatrixRMaj(X);
        Kernels a = new InfiniteWidth(Fixtures.parse(one)).both(x, null);
        Kernels b = new InfiniteWidth(Fixtures.parse(three)).both(x, null);
        assertEquals(0, Fixtures.maxRelErr(b.nngp(), a.nngp(), 1e-300), 0.0);
        assertEquals(0, Fixtures.maxRelErr(b.ntk(), a.ntk(), 1e-300), 0.0);
    }

    @Test
    void frozenParametersLeaveTheNtk() {
        // relu layer without bias: Theta = sV^2 E[relu relu] (V) + sW^2 x.x'/2 sV^2 E[step step] (W)
        String prog = "input x : 2\nMatIn W : n x 2 sigma 1.2 FROZENW\nMatMul g := W x\nNonlin h := relu(g)\n"
                + "MatIn V : 1 x n sigma 0.8 FROZENV\nMatMul f := V h\nOutput f\n";
        DMatrixRMaj x = new DMatrixRMaj(X);
        DMatrixRMaj both = new InfiniteWidth(Fixtures.parse(prog.replace("FROZENW", "").replace("FROZENV", ""))).ntk(x, x);
        DMatrixRMaj wOnly = new InfiniteWidth(Fixtures.parse(prog.replace("FROZENW", "").replace("FROZENV", "frozen"))).ntk(x, x);
        DMatrixRMaj vOnly = new InfiniteWidth(Fixtures.parse(prog.replace("FROZENW", "frozen").replace("FROZENV", ""))).ntk(x, x);
        DMatrixRMaj nngp = new InfiniteWidth(Fixtures.parse(prog.replace("FROZENW", "frozen").replace("FROZENV", "frozen"))).nngp(x, x);
        for (int i = 0; i < X.length; i++) {
            for (int j = 0; j < X.length; j++) {
                double q11 = SW2 * Integrals.dot(X[i], 0, X[i], 0, 2) / 2, q22 = SW2 * Integrals.dot(X[j], 0, X[j], 0, 2) / 2;
                double q12 = SW2 * Integrals.dot(X[i], 0, X[j], 0, 2) / 2;
                double v = q11 == 0 || q22 == 0 ? 0 : SV2 * Integrals.reluRelu(q11, q12, q22);
                double w = q11 == 0 || q22 == 0 ? 0 : q12 * SV2 * Integrals.stepStep(q11, q12, q22);
                assertEquals(v, vOnly.get(i, j), 1e-12);
                assertEquals(v, nngp.get(i, j), 1e-12);
                assertEquals(w, wOnly.get(i, j), 2e-8);
                assertEquals(v + w, both.get(i, j), 2e-8);
            }
        }
    }
}
