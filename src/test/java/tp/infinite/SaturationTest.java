package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tp.UserError;
import tp.infinite.gauss.ErfKernels;

/**
 * Issue 13 item 5: kernels of inputs of norm 1e77 and beyond (pre-activation variances near the
 * square root of the largest double) are exact, not 0 on the diagonal or NaN. One hidden layer,
 * f = V phi(W x), W : n x 4 sigma 1, V : 1 x n sigma 1, so (u, v) = (g(x), g(x')) has
 * covariance q = x.x'/4 and NNGP = E[phi(u) phi(v)], NTK = NNGP + q12 E[phi'(u) phi'(v)].
 * Expected values are the closed forms written out here (arc-cosine kernel, arcsine law), in
 * the form that does not overflow (angles from the normalized inputs). Kernels without closed
 * forms (tanh) are exact against reference quadrature while the quadrature can be trusted and
 * a clear error beyond, for the NNGP and the NTK alike.
 */
class SaturationTest {
    static final double[] A = {1, 2, -1, 0.5}, B = {3, -1, 1, 1};

    static String net(String fn) {
        return "input x : 4\nMatIn W : n x 4 sigma 1\nMatMul g := W x\nNonlin h := " + fn + "(g)\n"
                + "MatIn V : 1 x n sigma 1\nMatMul f := V h\nOutput f\n";
    }

    static DMatrixRMaj points(double c) {
        DMatrixRMaj x = new DMatrixRMaj(2, 4);
        for (int k = 0; k < 4; k++) {
            x.set(0, k, c * A[k]);
            x.set(1, k, c * B[k]);
        }
        return x;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** rho = cos of the angle between A and B. */
    static final double RHO = dot(A, B) / Math.sqrt(dot(A, A) * dot(B, B));

    static void close(double want, double got, double rel, String what) {
        assertEquals(want, got, rel * Math.abs(want), what);
    }

    /**
     * erf: NNGP = (2/pi) asin(2 q12 / sqrt((1 + 2 q11)(1 + 2 q22))) -> (2/pi) asin(rho), diagonal 1;
     * NTK adds q12 (4/pi) / sqrt((1 + 2 q11)(1 + 2 q22) - 4 q12^2): off the diagonal
     * (2/pi) rho / sqrt(1 - rho^2), on it (4/pi) q / sqrt(1 + 4q) = (2/pi) sqrt(q) to 1e-77.
     */
    @ParameterizedTest
    @ValueSource(doubles = {1e77, 1e100, 1e150})
    void erfAtHugeInputs(double c) {
        Kernels k = new InfiniteWidth(Fixtures.parse(net("erf"))).both(points(c), null);
        double asin = 2 / Math.PI * Math.asin(RHO);
        close(1, k.nngp().get(0, 0), 1e-15, "NNGP diagonal");
        close(1, k.nngp().get(1, 1), 1e-15, "NNGP diagonal");
        close(asin, k.nngp().get(0, 1), 1e-12, "NNGP off the diagonal");
        double qa = c * Math.sqrt(dot(A, A) / 4), qb = c * Math.sqrt(dot(B, B) / 4); // sqrt(q11), sqrt(q22)
        close(1 + 2 / Math.PI * qa, k.ntk().get(0, 0), 1e-13, "NTK diagonal");
        close(1 + 2 / Math.PI * qb, k.ntk().get(1, 1), 1e-13, "NTK diagonal");
        close(asin + 2 / Math.PI * RHO / Math.sqrt(1 - RHO * RHO), k.ntk().get(0, 1), 1e-12, "NTK off the diagonal");
    }

    /**
     * relu: NNGP = sqrt(q11 q22) (sin t + (pi - t) cos t) / (2 pi), NTK adds q12 (pi - t) / (2 pi),
     * t the angle between the inputs; gelu of such variances is relu up to O(1/sqrt q) (its
     * NNGP is a closed form; its NTK has quadrature terms, refused beyond their range).
     */
    @Test
    void reluAndGeluAtHugeInputs() {
        double c = 1e77;
        double t = Math.acos(RHO);
        double sa = c * Math.sqrt(dot(A, A) / 4), sb = c * Math.sqrt(dot(B, B) / 4);
        double cross = sa * sb * (Math.sin(t) + (Math.PI - t) * Math.cos(t)) / (2 * Math.PI);
        Kernels k = new InfiniteWidth(Fixtures.parse(net("relu"))).both(points(c), null);
        close(sa * sa / 2, k.nngp().get(0, 0), 1e-13, "relu NNGP diagonal");
        close(cross, k.nngp().get(0, 1), 1e-13, "relu NNGP off the diagonal");
        close(cross + sa * sb * RHO * (Math.PI - t) / (2 * Math.PI), k.ntk().get(0, 1), 1e-13, "relu NTK");
        close(sa * sa, k.ntk().get(0, 0), 1e-13, "relu NTK diagonal");
        DMatrixRMaj g = new InfiniteWidth(Fixtures.parse(net("gelu"))).nngp(points(c), null);
        close(sa * sa / 2, g.get(0, 0), 1e-13, "gelu NNGP diagonal");
        close(cross, g.get(0, 1), 1e-13, "gelu NNGP off the diagonal");
        UserError e = assertThrows(UserError.class, () -> new InfiniteWidth(Fixtures.parse(net("gelu"))).ntk(points(c), null));
        assertTrue(e.getMessage().contains("scale the inputs down"), e.getMessage());
    }

    /**
     * tanh of wide arguments: the kernels (no closed form) against high-precision quadrature
     * (mpmath at 25 digits for the diagonal, scipy's adaptive quad split at the transitions off
     * it), for inputs c A and c B. Gauss-Hermite gave 0.9446669 instead of 0.9363363 for the
     * diagonal at c = 10 and an NTK entry 5 times too large; now every argument wider than
     * Gauss-Hermite resolves goes to breakpoint quadrature.
     */
    @ParameterizedTest
    @CsvSource({
        "3, 0.79310224851459113, 0.035231238618679495, 2.7654019540811408, 0.07049852739642626",
        "10, 0.93633631010972464, 0.03662915357489995, 7.5785259014393369, 0.07329878143257121",
        "100, 0.99361709150013218, 0.036774236404326054, 67.483311060547507, 0.07358942994128032"})
    void tanhOfWideArgumentsAgainstReferenceQuadrature(double c, double nn11, double nn12, double ntk11, double ntk12) {
        Kernels k = new InfiniteWidth(Fixtures.parse(net("tanh"))).both(points(c), null);
        close(nn11, k.nngp().get(0, 0), 1e-12, "NNGP diagonal");
        close(nn12, k.nngp().get(0, 1), 1e-10, "NNGP off the diagonal");
        // the NTK's E[tanh'(u) tanh'(v)] = E[(1 - tanh^2 u)(1 - tanh^2 v)] is summed from its four
        // expanded terms (each to ~1e-13), O(1/c^2) of them: times q12 ~ c^2 that is ~1e-8 at c = 100
        double tol = 1e-12 * c * c;
        close(ntk11, k.ntk().get(0, 0), tol, "NTK diagonal");
        close(ntk12, k.ntk().get(0, 1), tol, "NTK off the diagonal");
    }

    /** tanh at inputs of norm 1e77: the NNGP was 5e-33 on the diagonal, the NTK 1e139; now both are the same clear error. */
    @Test
    void tanhBeyondTheQuadratureRangeIsAClearErrorForBothKernels() {
        for (boolean ntk : new boolean[] {false, true}) {
            InfiniteWidth w = new InfiniteWidth(Fixtures.parse(net("tanh")));
            UserError e = assertThrows(UserError.class, () -> {
                if (ntk) w.ntk(points(1e77), null);
                else w.nngp(points(1e77), null);
            });
            assertTrue(e.getMessage().contains("argument of tanh has a standard deviation of 1.25e+77")
                    && e.getMessage().contains("scale the inputs down"), e.getMessage());
        }
    }

    /**
     * The diagonal (2/pi) asin(2q/(1 + 2q)) = 1 - (4/pi) asin(sqrt(1 / (2 (1 + 2q)))) (from
     * acos(1 - e) = 2 asin(sqrt(e/2)), no cancellation): the plain asin of a correlation rounded
     * near 1 lost 5 digits at q = 1e10.
     */
    @Test
    void erfDiagonalKeepsFullPrecision() {
        for (double q : new double[] {1e4, 1e10, 1e16, 1e150, 1e300}) {
            double want = 1 - 4 / Math.PI * Math.asin(Math.sqrt(1 / (2 * (1 + 2 * q))));
            assertEquals(want, ErfKernels.erfErf(q, q, q), 2e-16, "q = " + q);
        }
    }
}
