package tp.linalg;

import org.ejml.EjmlParameters;
import org.ejml.EjmlVersion;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRBlock;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.block.MatrixOps_MT_DDRB;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * {@link Blas} in pure Java on EJML: the fallback when native OpenBLAS does not load.
 *
 * <p>Large products (every dimension at least {@link #BLOCK_MIN}) go through EJML's
 * multithreaded block-matrix product ({@code MatrixOps_MT_DDRB}): on the 2-core reference
 * machine it is 2-4x faster than the row-major {@code CommonOps_MT_DDRM.mult} even counting
 * the conversion to and from the block layout. Smaller ones use the row-major kernels, on
 * wrapped arrays when the operand is tight (offset 0, leading dimension = width).
 */
public final class EjmlBlas extends CheckedBlas {
    static final EjmlBlas INSTANCE = new EjmlBlas();

    /** Smallest m, n and k for which the block algorithm pays for its two conversions. */
    static final int BLOCK_MIN = 64;
    /** Below this many multiply-adds, thread hand-off costs more than it saves. */
    private static final long MT_MIN_FLOPS = 1L << 20;

    private EjmlBlas() {}

    /** Same as {@link #name()}. */
    @Override
    public String toString() {
        return name();
    }

    @Override
    public String name() {
        int t = EjmlConcurrency.getMaxThreads();
        return "EJML " + EjmlVersion.VERSION + " (pure Java, " + t + (t == 1 ? " thread)" : " threads)");
    }

    @Override
    void product(boolean transA, boolean transB, int m, int n, int k,
                 double alpha, double[] a, int aOff, int lda,
                 double[] b, int bOff, int ldb,
                 double beta, double[] c, int cOff, int ldc) {
        if (Math.min(m, Math.min(n, k)) >= BLOCK_MIN) {
            int bl = EjmlParameters.BLOCK_WIDTH;
            DMatrixRBlock pa = BlockPacking.pack(a, aOff, lda, transA, m, k, bl);
            DMatrixRBlock pb = BlockPacking.pack(b, bOff, ldb, transB, k, n, bl);
            DMatrixRBlock p = new DMatrixRBlock(m, n, bl);
            MatrixOps_MT_DDRB.mult(pa, pb, p);
            BlockPacking.unpack(p, alpha, beta, c, cOff, ldc, false);
            return;
        }
        DMatrixRMaj ma = view(a, aOff, lda, transA ? k : m, transA ? m : k, c);
        DMatrixRMaj mb = view(b, bOff, ldb, transB ? n : k, transB ? k : n, c);
        boolean tightC = cOff == 0 && ldc == n;
        DMatrixRMaj mc = tightC ? DMatrixRMaj.wrap(m, n, c) : new DMatrixRMaj(m, n);
        if (!tightC && beta != 0) copyIn(c, cOff, ldc, mc);
        boolean mt = (long) m * n * k >= MT_MIN_FLOPS;
        if (beta == 0) {
            multInto(mt, transA, transB, alpha, ma, mb, mc);
        } else {
            if (beta != 1) CommonOps_DDRM.scale(beta, mc);
            multAddInto(mt, transA, transB, alpha, ma, mb, mc);
        }
        if (!tightC) copyOut(mc, c, cOff, ldc);
    }

    @Override
    void upperProduct(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda,
                      double beta, double[] c, int cOff, int ldc) {
        if (Math.min(n, k) >= BLOCK_MIN) {
            // the full product, not half: EJML has no symmetric block kernel, and the row-major
            // multOuter that does exploit symmetry is still slower than this on 2 cores
            int bl = EjmlParameters.BLOCK_WIDTH;
            DMatrixRBlock left = BlockPacking.pack(a, aOff, lda, trans, n, k, bl);
            DMatrixRBlock right = BlockPacking.pack(a, aOff, lda, !trans, k, n, bl);
            DMatrixRBlock p = new DMatrixRBlock(n, n, bl);
            MatrixOps_MT_DDRB.mult(left, right, p);
            BlockPacking.unpack(p, alpha, beta, c, cOff, ldc, true);
        } else {
            DMatrixRMaj ma = view(a, aOff, lda, trans ? k : n, trans ? n : k, null);
            DMatrixRMaj p = new DMatrixRMaj(n, n);
            boolean mt = (long) n * n * k >= MT_MIN_FLOPS;
            if (trans) {
                if (mt) CommonOps_MT_DDRM.multInner(ma, p); else CommonOps_DDRM.multInner(ma, p);
            } else {
                if (mt) CommonOps_MT_DDRM.multOuter(ma, p); else CommonOps_DDRM.multOuter(ma, p);
            }
            double[] pd = p.data;
            for (int i = 0; i < n; i++) {
                int row = cOff + i * ldc;
                for (int j = i; j < n; j++) {
                    double v = alpha * pd[i * n + j];
                    c[row + j] = beta == 0 ? v : v + beta * c[row + j];
                }
            }
        }
    }

    /**
     * The stored matrix as a DMatrixRMaj: the array itself when tight, else a copy. Also a copy
     * when it shares its array with the output {@code c}, so that C may alias A or B.
     */
    private static DMatrixRMaj view(double[] x, int off, int ld, int rows, int cols, double[] c) {
        if (off == 0 && ld == cols && x != c) return DMatrixRMaj.wrap(rows, cols, x);
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        copyIn(x, off, ld, out);
        return out;
    }

    private static void copyIn(double[] x, int off, int ld, DMatrixRMaj out) {
        for (int i = 0; i < out.numRows; i++) {
            System.arraycopy(x, off + i * ld, out.data, i * out.numCols, out.numCols);
        }
    }

    private static void copyOut(DMatrixRMaj in, double[] x, int off, int ld) {
        for (int i = 0; i < in.numRows; i++) {
            System.arraycopy(in.data, i * in.numCols, x, off + i * ld, in.numCols);
        }
    }

    private static void multInto(boolean mt, boolean ta, boolean tb, double alpha,
                                 DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (mt) {
            if (!ta && !tb) CommonOps_MT_DDRM.mult(alpha, a, b, c);
            else if (ta && !tb) CommonOps_MT_DDRM.multTransA(alpha, a, b, c);
            else if (!ta) CommonOps_MT_DDRM.multTransB(alpha, a, b, c);
            else CommonOps_MT_DDRM.multTransAB(alpha, a, b, c);
        } else {
            if (!ta && !tb) CommonOps_DDRM.mult(alpha, a, b, c);
            else if (ta && !tb) CommonOps_DDRM.multTransA(alpha, a, b, c);
            else if (!ta) CommonOps_DDRM.multTransB(alpha, a, b, c);
            else CommonOps_DDRM.multTransAB(alpha, a, b, c);
        }
    }

    private static void multAddInto(boolean mt, boolean ta, boolean tb, double alpha,
                                    DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (mt) {
            if (!ta && !tb) CommonOps_MT_DDRM.multAdd(alpha, a, b, c);
            else if (ta && !tb) CommonOps_MT_DDRM.multAddTransA(alpha, a, b, c);
            else if (!ta) CommonOps_MT_DDRM.multAddTransB(alpha, a, b, c);
            else CommonOps_MT_DDRM.multAddTransAB(alpha, a, b, c);
        } else {
            if (!ta && !tb) CommonOps_DDRM.multAdd(alpha, a, b, c);
            else if (ta && !tb) CommonOps_DDRM.multAddTransA(alpha, a, b, c);
            else if (!ta) CommonOps_DDRM.multAddTransB(alpha, a, b, c);
            else CommonOps_DDRM.multAddTransAB(alpha, a, b, c);
        }
    }
}
