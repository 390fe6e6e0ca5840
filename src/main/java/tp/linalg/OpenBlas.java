package tp.linalg;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasUpper;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dsyrk;

import java.util.Optional;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * {@link Blas} on native OpenBLAS through the bytedeco JavaCPP presets.
 *
 * <p>Uses {@code openblas_nolapack} (same libopenblas, but a 0.3 MB JNI glue library instead of
 * 24 MB: {@code Loader.load} takes about 0.17 s instead of 0.3 s on an idle 2-core machine). Operands are copied into off-heap buffers
 * and C back (into {@link NativeScratch} buffers reused between calls): bytedeco's
 * {@code double[]} overloads take no offset and copy every array both ways through
 * {@code Get/ReleaseDoubleArrayElements} anyway, into fresh memory, which measured slower. The
 * copies are O(size), the product O(size^1.5).
 */
public final class OpenBlas extends CheckedBlas {
    private static Optional<Blas> loaded;

    private final String name;

    private OpenBlas(String name) {
        this.name = name;
    }

    /** Loads (once) or returns empty if OpenBLAS cannot be loaded; see {@link Blas#openBlas()}. */
    static synchronized Optional<Blas> tryLoad() {
        if (loaded == null) {
            try {
                loaded = Optional.of(load());
            } catch (Throwable t) {
                loaded = Optional.empty();
            }
        }
        return loaded;
    }

    /**
     * Loads the native library, sets its thread count to all available processors and checks
     * one small product; throws whatever goes wrong (typically {@link UnsatisfiedLinkError}).
     */
    static synchronized Blas load() {
        if (loaded != null && loaded.isPresent()) return loaded.get();
        Loader.load(openblas_nolapack.class);
        // blas_set_num_threads prints to stdout when it finds no known BLAS: only call it when
        // the OpenBLAS entry point is there.
        if (Loader.addressof("openblas_set_num_threads") == null) {
            throw new UnsatisfiedLinkError("the loaded BLAS has no openblas_set_num_threads: not OpenBLAS");
        }
        int threads = Runtime.getRuntime().availableProcessors();
        openblas_nolapack.blas_set_num_threads(threads);
        OpenBlas blas = new OpenBlas(openblas_nolapack.OPENBLAS_VERSION.trim() + " (bytedeco), "
                + threads + (threads == 1 ? " thread" : " threads"));
        blas.selfCheck();
        loaded = Optional.of(blas);
        return blas;
    }

    private static int singleThreadUsers;

    /**
     * Until the matching {@link #endSingleThreaded()}, every OpenBLAS call runs on one thread
     * (callers parallelize over calls instead, see {@link GramBlocks}). Counted, so nested and
     * concurrent users share one switch; the thread count is process-wide, so other callers
     * meanwhile run single-threaded too (slower, never wrong).
     */
    static synchronized void beginSingleThreaded() {
        if (singleThreadUsers++ == 0) openblas_nolapack.blas_set_num_threads(1);
    }

    static synchronized void endSingleThreaded() {
        if (--singleThreadUsers == 0) openblas_nolapack.blas_set_num_threads(Runtime.getRuntime().availableProcessors());
    }

    /** A library that loads but computes nonsense (wrong kernels for this CPU) must not be used. */
    private void selfCheck() {
        double[] a = {1, 2, 3, 4, 5, 6};          // 2x3
        double[] b = {7, 8, 9, 10, 11, 12};       // 3x2
        double[] c = new double[4];
        gemm(false, false, 2, 2, 3, 1.0, a, 0, 3, b, 0, 2, 0.0, c, 0, 2);
        if (c[0] != 58 || c[1] != 64 || c[2] != 139 || c[3] != 154) {
            throw new IllegalStateException("OpenBLAS self-check failed: [[1,2,3],[4,5,6]]*[[7,8],[9,10],[11,12]] gave "
                    + java.util.Arrays.toString(c));
        }
    }

    /** Same as {@link #name()}. */
    @Override
    public String toString() {
        return name();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    void product(boolean transA, boolean transB, int m, int n, int k,
                 double alpha, double[] a, int aOff, int lda,
                 double[] b, int bOff, int ldb,
                 double beta, double[] c, int cOff, int ldc) {
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        // A A^T through gemm: one copy serves both operands
        boolean sameOperand = a == b && aOff == bOff && lda == ldb && aRows == bRows && aCols == bCols;
        try (NativeScratch s = NativeScratch.acquire()) {
            DoublePointer pa = toNative(s, 0, a, aOff, lda, aRows, aCols);
            DoublePointer pb = sameOperand ? pa : toNative(s, 1, b, bOff, ldb, bRows, bCols);
            DoublePointer pc = beta == 0 ? s.get(2, BlasArgs.span(m, n, ldc)) : toNative(s, 2, c, cOff, ldc, m, n);
            cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            fromNative(pc, c, cOff, ldc, m, n);
        }
    }

    @Override
    void upperProduct(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda,
                      double beta, double[] c, int cOff, int ldc) {
        try (NativeScratch s = NativeScratch.acquire()) {
            DoublePointer pa = toNative(s, 0, a, aOff, lda, trans ? k : n, trans ? n : k);
            DoublePointer pc = beta == 0 ? s.get(2, BlasArgs.span(n, n, ldc)) : toNative(s, 2, c, cOff, ldc, n, n);
            cblas_dsyrk(CblasRowMajor, CblasUpper, trans ? CblasTrans : CblasNoTrans,
                    n, k, alpha, pa, lda, beta, pc, ldc);
            // only the upper triangle is meaningful; the mirror below fills the lower one
            for (int i = 0; i < n; i++) {
                pc.position((long) i * ldc + i).get(c, cOff + i * ldc + i, n - i);
            }
            pc.position(0);
        }
    }

    @Override
    public RowGram rowGram(double[] a, int aRows, double[] b, int bRows, int cols) {
        return new NativeRowGram(a, aRows, b, bRows, cols);
    }

    /** Both matrices off-heap once; each block one square dgemm (the same kernel path for every entry). */
    private static final class NativeRowGram implements RowGram {
        private final DoublePointer a;
        private final DoublePointer b;
        private final int cols;
        private final java.util.concurrent.ConcurrentLinkedQueue<DoublePointer> outs = new java.util.concurrent.ConcurrentLinkedQueue<>();

        NativeRowGram(double[] x, int xRows, double[] y, int yRows, int cols) {
            // one BLAS thread per block (callers run blocks in parallel): OpenBLAS's threaded driver
            // splits a product differently from its single-threaded one, so the thread count would
            // change the last bits (measured, see GramBlocks)
            beginSingleThreaded();
            this.cols = Math.max(1, cols);
            this.a = pin(x, xRows, cols);
            this.b = x == y && xRows == yRows ? a : pin(y, yRows, cols);
        }

        private static DoublePointer pin(double[] x, int rows, int cols) {
            long data = (long) rows * cols, all = (long) (rows + MAX_BLOCK) * Math.max(1, cols);
            DoublePointer p = new DoublePointer(all);
            p.put(x, 0, rows * cols);
            p.position(data).limit(all).fill(0); // only the padding rows: the data overwrote the rest
            p.position(0).limit(all);
            return p;
        }

        @Override
        public void block(int ra, int ca, int rb, int cb, int k, int size, double[] c, int cOff, int ldc) {
            DoublePointer out = outs.poll();
            if (out == null) out = new DoublePointer(MAX_BLOCK * MAX_BLOCK);
            try {
                DoublePointer pa = a.getPointer((long) ra * cols + ca), pb = b.getPointer((long) rb * cols + cb);
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, size, size, k, 1.0, pa, cols, pb, cols, 0.0, out, size);
                for (int i = 0; i < size; i++) out.position((long) i * size).get(c, cOff + i * ldc, size);
                out.position(0);
            } finally {
                outs.offer(out);
            }
        }

        @Override
        public void close() {
            endSingleThreaded();
            a.close();
            if (b != a) b.close();
            DoublePointer p;
            while ((p = outs.poll()) != null) p.close();
        }
    }

    /** Off-heap copy (in scratch slot i) of the span of a stored matrix; the leading dimension stays {@code ld}. */
    private static DoublePointer toNative(NativeScratch s, int i, double[] x, int off, int ld, int rows, int cols) {
        int span = (int) BlasArgs.span(rows, cols, ld);
        DoublePointer p = s.get(i, span);
        p.put(x, off, span);
        return p;
    }

    /** Copies the {@code rows x cols} block back, leaving the caller's gaps between rows alone. */
    private static void fromNative(DoublePointer p, double[] x, int off, int ld, int rows, int cols) {
        if (ld == cols) {
            p.get(x, off, rows * cols);
            return;
        }
        for (int i = 0; i < rows; i++) {
            p.position((long) i * ld).get(x, off + i * ld, cols);
        }
        p.position(0);
    }
}
