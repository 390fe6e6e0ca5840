package tp.finite;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * The matrix products the executor needs, in one place so that the backend (EJML multi-threaded
 * now, {@code tp.linalg} later) is swapped here only. Every method writes into {@code c}, which
 * must already have the result's shape and must not alias an operand.
 */
final class Products {
    private Products() {}

    /** Below this many multiply-adds the threads cost more than they save. */
    private static final long PARALLEL_WORK = 1L << 18;

    private static boolean small(DMatrixRMaj c, int inner) {
        return (long) c.numRows * c.numCols * inner < PARALLEL_WORK;
    }

    /** c = alpha * a * b. */
    static void mult(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (small(c, a.numCols)) CommonOps_DDRM.mult(alpha, a, b, c);
        else CommonOps_MT_DDRM.mult(alpha, a, b, c);
    }

    /** c = alpha * a^T * b. */
    static void multTransA(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (small(c, a.numRows)) CommonOps_DDRM.multTransA(alpha, a, b, c);
        else CommonOps_MT_DDRM.multTransA(alpha, a, b, c);
    }

    /** c += alpha * a * b. */
    static void multAdd(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (small(c, a.numCols)) CommonOps_DDRM.multAdd(alpha, a, b, c);
        else CommonOps_MT_DDRM.multAdd(alpha, a, b, c);
    }

    /** c += alpha * a^T * b. */
    static void multAddTransA(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (small(c, a.numRows)) CommonOps_DDRM.multAddTransA(alpha, a, b, c);
        else CommonOps_MT_DDRM.multAddTransA(alpha, a, b, c);
    }

    /** c += alpha * a * b^T. */
    static void multAddTransB(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (small(c, a.numCols)) CommonOps_DDRM.multAddTransB(alpha, a, b, c);
        else CommonOps_MT_DDRM.multAddTransB(alpha, a, b, c);
    }

    /** a^T * b, a fresh matrix; when {@code a == b} the result is exactly symmetric. */
    static DMatrixRMaj inner(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numCols, b.numCols);
        multTransA(1, a, b, c);
        if (a == b) symmetrize(c);
        return c;
    }

    /** Replaces c by (c + c^T) / 2 (c square). */
    static void symmetrize(DMatrixRMaj c) {
        int n = c.numRows;
        double[] d = c.data;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double m = 0.5 * (d[i * n + j] + d[j * n + i]);
                d[i * n + j] = m;
                d[j * n + i] = m;
            }
        }
    }
}
