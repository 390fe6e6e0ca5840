package tp.finite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every product path (tiny in Java, thin batch, BLAS) against naive triple loops. */
class ProductsTest {

    @ParameterizedTest(name = "{0} x {1} times {1} x {2}")
    @CsvSource({"3, 4, 2", "300, 200, 1", "300, 200, 5", "513, 257, 8", "300, 200, 9", "200, 300, 64"})
    void productsMatchNaiveLoops(int m, int k, int n) {
        DMatrixRMaj a = Fixtures.data(m, k, 1, 1), b = Fixtures.data(k, n, 2, 1), at = Fixtures.data(k, m, 3, 1);
        DMatrixRMaj c0 = Fixtures.data(m, n, 4, 1);
        double alpha = -0.7;

        DMatrixRMaj c = new DMatrixRMaj(m, n);
        Products.mult(alpha, a, b, c);
        check(naive(alpha, a, false, b, false, null), c, "mult");

        c = c0.copy();
        Products.multAdd(alpha, a, b, c);
        check(naive(alpha, a, false, b, false, c0), c, "multAdd");

        c = new DMatrixRMaj(m, n);
        Products.multTransA(alpha, at, b, c);
        check(naive(alpha, at, true, b, false, null), c, "multTransA");

        c = c0.copy();
        Products.multAddTransA(alpha, at, b, c);
        check(naive(alpha, at, true, b, false, c0), c, "multAddTransA");

        DMatrixRMaj bt = Fixtures.data(n, k, 5, 1);
        c = c0.copy();
        Products.multAddTransB(alpha, a, bt, c);
        check(naive(alpha, a, false, bt, true, c0), c, "multAddTransB");

        check(naive(1, at, true, at, false, null), Products.inner(at, at), "inner(a, a)");
        DMatrixRMaj inner = Products.inner(at, at);
        for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) assertTrue(inner.get(i, j) == inner.get(j, i), "symmetric");
        DMatrixRMaj other = Fixtures.data(k, m, 6, 1);
        check(naive(1, at, true, other, false, null), Products.inner(at, other), "inner(a, b)");
    }

    private static DMatrixRMaj naive(double alpha, DMatrixRMaj a, boolean ta, DMatrixRMaj b, boolean tb, DMatrixRMaj add) {
        int m = ta ? a.numCols : a.numRows, k = ta ? a.numRows : a.numCols, n = tb ? b.numRows : b.numCols;
        DMatrixRMaj c = add == null ? new DMatrixRMaj(m, n) : add.copy();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int q = 0; q < k; q++) s += (ta ? a.get(q, i) : a.get(i, q)) * (tb ? b.get(j, q) : b.get(q, j));
                c.add(i, j, alpha * s);
            }
        }
        return c;
    }

    private static void check(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
        double err = Fixtures.relMaxDiff(actual, expected);
        assertTrue(err < 1e-13, what + ": " + err);
    }
}
