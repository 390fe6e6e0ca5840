package tp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static tp.linalg.NaiveProducts.assertClose;
import static tp.linalg.NaiveProducts.random;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The DMatrixRMaj helpers (through whatever Blas.get() is here) against naive loops. */
class MatTest {
    private final Random r = new Random(21);

    private DMatrixRMaj rand(int rows, int cols) {
        return DMatrixRMaj.wrap(rows, cols, random(r, rows * cols));
    }

    private static void assertProduct(boolean ta, boolean tb, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj got) {
        int m = ta ? a.numCols : a.numRows, k = ta ? a.numRows : a.numCols, n = tb ? b.numRows : b.numCols;
        assertEquals(m, got.numRows);
        assertEquals(n, got.numCols);
        double[][] want = NaiveProducts.gemm(ta, tb, m, n, k, 1.0, a.data, 0, a.numCols, b.data, 0, b.numCols,
                0.0, new double[m * n], 0, n);
        assertClose(want, got.data, "Mat ta=" + ta + " tb=" + tb);
    }

    @Test
    void productsMatchNaiveAndAllocateWhenOutputIsNull() {
        DMatrixRMaj a = rand(9, 13), b = rand(13, 6), at = rand(13, 9), bt = rand(6, 13);
        assertProduct(false, false, a, b, Mat.mult(a, b, null));
        assertProduct(true, false, at, b, Mat.multTransA(at, b, null));
        assertProduct(false, true, a, bt, Mat.multTransB(a, bt, null));
        DMatrixRMaj out = new DMatrixRMaj(9, 6);
        assertSame(out, Mat.mult(a, b, out));
        assertProduct(false, false, a, b, out);
    }

    @Test
    void gramsMatchNaive() {
        DMatrixRMaj a = rand(11, 7);
        assertProduct(false, true, a, a, Mat.gram(a));
        assertProduct(true, false, a, a, Mat.gramT(a));
        DMatrixRMaj out = new DMatrixRMaj(7, 7);
        assertSame(out, Mat.gramT(a, out));
        assertProduct(true, false, a, a, out);
    }

    @Test
    void outputMayBeAnInput() {
        DMatrixRMaj a = rand(8, 8), b = rand(8, 8), a0 = a.copy();
        Mat.mult(a, b, a);
        assertProduct(false, false, a0, b, a);
    }

    @Test
    void wrongShapesAreRejected() {
        DMatrixRMaj a = rand(3, 4), b = rand(5, 2);
        assertThrows(IllegalArgumentException.class, () -> Mat.mult(a, b, null));
        assertThrows(IllegalArgumentException.class, () -> Mat.mult(a, rand(4, 2), new DMatrixRMaj(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> Mat.gram(a, new DMatrixRMaj(4, 4)));
    }
}
