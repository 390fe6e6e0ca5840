package tp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/**
 * Independent reference for the Blas tests: textbook triple loops, plus the componentwise
 * rounding bound {@code |alpha| sum_l |op(A)_il| |op(B)_lj| + |beta| |C_ij|} that any correct
 * summation order stays within (times k u, far below the 1e-12 asked for).
 */
final class NaiveProducts {
    static final double REL_TOL = 1e-12;

    private NaiveProducts() {}

    /** Element (i, j) of op(X) for X stored at off with leading dimension ld. */
    static double op(double[] x, int off, int ld, boolean trans, int i, int j) {
        return trans ? x[off + j * ld + i] : x[off + i * ld + j];
    }

    /** Expected C array after gemm (a copy of c, region replaced) and the bound per element. */
    static double[][] gemm(boolean ta, boolean tb, int m, int n, int k, double alpha,
                           double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                           double beta, double[] c, int cOff, int ldc) {
        double[] want = c.clone();
        double[] bound = new double[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int l = 0; l < k; l++) {
                    double p = op(a, aOff, lda, ta, i, l) * op(b, bOff, ldb, tb, l, j);
                    s += p;
                    abs += Math.abs(p);
                }
                int at = cOff + i * ldc + j;
                double old = c[at];
                want[at] = alpha * s + (beta == 0 ? 0 : beta * old);
                bound[at] = Math.abs(alpha) * abs + (beta == 0 ? 0 : Math.abs(beta * old));
            }
        }
        return new double[][] {want, bound};
    }

    /** Expected C after syrk: upper triangle of C read, both triangles written. */
    static double[][] syrk(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda,
                           double beta, double[] c, int cOff, int ldc) {
        double[] want = c.clone();
        double[] bound = new double[c.length];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0, abs = 0;
                for (int l = 0; l < k; l++) {
                    double p = op(a, aOff, lda, trans, i, l) * op(a, aOff, lda, trans, j, l);
                    s += p;
                    abs += Math.abs(p);
                }
                double old = c[cOff + i * ldc + j];
                double v = alpha * s + (beta == 0 ? 0 : beta * old);
                double e = Math.abs(alpha) * abs + (beta == 0 ? 0 : Math.abs(beta * old));
                want[cOff + i * ldc + j] = v;
                want[cOff + j * ldc + i] = v;
                bound[cOff + i * ldc + j] = e;
                bound[cOff + j * ldc + i] = e;
            }
        }
        return new double[][] {want, bound};
    }

    /**
     * got must equal want exactly where bound is 0 (outside the product: untouched elements),
     * and within REL_TOL * bound elsewhere.
     */
    static void assertClose(double[][] wantAndBound, double[] got, String what) {
        double[] want = wantAndBound[0], bound = wantAndBound[1];
        assertEquals(want.length, got.length);
        for (int i = 0; i < got.length; i++) {
            boolean ok = bound[i] == 0
                    ? Double.compare(want[i], got[i]) == 0
                    : Math.abs(want[i] - got[i]) <= REL_TOL * bound[i];
            if (!ok) {
                fail(what + ": element " + i + " is " + got[i] + ", expected " + want[i]
                        + " (bound " + bound[i] + ")");
            }
        }
    }

    static double[] random(Random r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = 2 * r.nextDouble() - 1;
        return x;
    }
}
