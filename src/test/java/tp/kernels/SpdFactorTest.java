package tp.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import tp.UserError;

/** Cholesky solves and the condition estimate against LU inverses computed by EJML. */
class SpdFactorTest {

    private static DMatrixRMaj hilbert(int n) {
        DMatrixRMaj h = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) h.set(i, j, 1.0 / (i + j + 1));
        return h;
    }

    private static double exactRcond(DMatrixRMaj a) {
        DMatrixRMaj inv = a.copy();
        CommonOps_DDRM.invert(inv); // LU, an independent route
        return 1 / (SpdFactor.norm1(a) * SpdFactor.norm1(inv));
    }

    @Test
    void solvesMatchLuInverseAndEstimateIsClose() {
        Random rng = new Random(3);
        for (int n : new int[] {1, 2, 7, 30}) {
            DMatrixRMaj g = new DMatrixRMaj(n, n + 2);
            for (int i = 0; i < g.getNumElements(); i++) g.data[i] = rng.nextGaussian();
            DMatrixRMaj a = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransB(g, g, a);
            DMatrixRMaj b = new DMatrixRMaj(n, 3);
            for (int i = 0; i < b.getNumElements(); i++) b.data[i] = rng.nextGaussian();
            SpdFactor f = SpdFactor.of(a);
            DMatrixRMaj inv = a.copy();
            CommonOps_DDRM.invert(inv);
            DMatrixRMaj expected = new DMatrixRMaj(n, 3);
            CommonOps_DDRM.mult(inv, b, expected);
            DMatrixRMaj x = f.solve(b);
            for (int i = 0; i < x.getNumElements(); i++) {
                assertEquals(expected.data[i], x.data[i], 1e-9 * (1 + Math.abs(expected.data[i])));
            }
            double exact = exactRcond(a);
            // Hager's estimate never exceeds ||A^{-1}||_1, so the rcond estimate is >= the exact one
            assertTrue(f.rcond() >= exact * (1 - 1e-9) && f.rcond() <= 3 * exact,
                    "n=" + n + " estimate " + f.rcond() + " exact " + exact);
        }
    }

    @Test
    void hilbertMatricesAcceptedUntilTooIllConditioned() {
        SpdFactor ok = SpdFactor.of(hilbert(6)); // cond_1 about 2.9e7
        assertEquals(exactRcond(hilbert(6)), ok.rcond(), 0.5 * exactRcond(hilbert(6)));
        UserError e = assertThrows(UserError.class, () -> SpdFactor.of(hilbert(13))); // cond about 1e18
        assertTrue(e.bareMessage().contains("singular"));
    }

    @Test
    void nonPositivePivotIsRefused() {
        DMatrixRMaj indefinite = new DMatrixRMaj(new double[][] {{1, 2}, {2, 1}});
        UserError e = assertThrows(UserError.class, () -> SpdFactor.of(indefinite));
        assertTrue(e.bareMessage().startsWith("the train kernel is singular (rcond ~ 0.0e+00)"), e.getMessage());
    }

    @Test
    void forwardIsTheCholeskyFactorInverse() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{4, 2}, {2, 5}}); // L = [[2,0],[1,2]]
        DMatrixRMaj w = SpdFactor.of(a).forward(new DMatrixRMaj(new double[][] {{2}, {5}}));
        assertEquals(1, w.get(0, 0), 1e-15);
        assertEquals(2, w.get(1, 0), 1e-15);
    }
}
