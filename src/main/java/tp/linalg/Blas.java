package tp.linalg;

import java.util.Optional;

/**
 * The one door every matrix product of the project goes through: dense double-precision
 * {@code gemm} and {@code syrk} on plain row-major {@code double[]} storage.
 *
 * <p>Storage convention (row-major, like CBLAS with {@code CblasRowMajor}): a stored
 * {@code rows x cols} matrix X with offset {@code off} and leading dimension {@code ld} has
 * element (i, j) at {@code x[off + i * ld + j]}; {@code ld >= max(1, cols)}. Elements between
 * rows (when {@code ld > cols}) and outside the matrix are never written.
 *
 * <p>Shared contract of both implementations:
 * <ul>
 *   <li>{@code beta == 0}: C is overwritten without being read (NaN/garbage in C is ignored);
 *       {@code alpha == 0} or {@code k == 0}: A and B are not read, C becomes {@code beta C}.</li>
 *   <li>C may share its array with A or B, even overlap them: the result is as if A and B had
 *       been read completely before C was written.</li>
 *   <li>Bad shapes, leading dimensions or offsets (anything that would read or write outside an
 *       array) throw {@link IllegalArgumentException} before any work, never a native crash.</li>
 *   <li>Implementations are thread-safe; each call already uses all cores.</li>
 * </ul>
 *
 * <p>{@link #get()} chooses the implementation once per process: native OpenBLAS (bytedeco) if
 * it loads, pure-Java EJML otherwise. {@code TP_BLAS=ejml} (environment) or {@code -Dtp.blas=ejml}
 * forces EJML; {@code native} demands OpenBLAS (a {@link tp.UserError} if it cannot load);
 * {@code auto} (or unset) is the default. The property wins over the environment variable.
 */
public interface Blas {

    /**
     * {@code C = alpha op(A) op(B) + beta C}, with op(A) {@code m x k}, op(B) {@code k x n},
     * C {@code m x n}; op(X) is X, or X<sup>T</sup> when the trans flag is set (so A is stored
     * {@code k x m} when {@code transA}, B stored {@code n x k} when {@code transB}).
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              double alpha, double[] a, int aOff, int lda,
              double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc);

    /**
     * Symmetric rank-k update: {@code C = alpha A A^T + beta C} ({@code trans == false}, A stored
     * {@code n x k}) or {@code C = alpha A^T A + beta C} ({@code trans == true}, A stored
     * {@code k x n}); C is {@code n x n}.
     *
     * <p>Only the upper triangle (diagonal included) of C is read when {@code beta != 0}, i.e. C
     * is taken to be symmetric on entry; on return BOTH triangles of C hold the result (the
     * lower one mirrored from the upper one, so the result is exactly symmetric).
     */
    void syrk(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda,
              double beta, double[] c, int cOff, int ldc);

    /**
     * Row dot products of A ({@code aRows x cols}) and B ({@code bRows x cols}, may be A itself)
     * block by block, every entry by the same arithmetic ({@link RowGram}). The matrices are
     * copied once (off-heap for OpenBLAS) and may change afterwards.
     */
    default RowGram rowGram(double[] a, int aRows, double[] b, int bRows, int cols) {
        return new RowGram.Plain(a, aRows, b, bRows, cols);
    }

    /** Human-readable identification, e.g. {@code "OpenBLAS 0.3.28 (bytedeco), 2 threads"}. */
    String name();

    /**
     * The process-wide implementation, chosen on the first call, which loads the native library:
     * 0.3-0.5 s on the 2-core reference machine, about 0.3 s more the very first time, when the
     * libraries are unpacked into {@code ~/.javacpp/cache}. Later calls cost a volatile read.
     *
     * @throws tp.UserError if {@code TP_BLAS}/{@code tp.blas} is invalid, or is {@code native}
     *     and OpenBLAS cannot be loaded
     */
    static Blas get() {
        return BlasSelector.get();
    }

    /**
     * Why {@link #get()} is not native OpenBLAS (load failure with its cause, or forced by
     * {@code TP_BLAS=ejml}); empty when it is native. Triggers the choice if not made yet.
     */
    static Optional<String> fallbackReason() {
        return BlasSelector.fallbackReason();
    }

    /** The pure-Java EJML implementation (always available). */
    static Blas ejml() {
        return EjmlBlas.INSTANCE;
    }

    /**
     * The native OpenBLAS implementation, loading it if needed; empty if it cannot be loaded
     * here. Independent of {@code TP_BLAS} (for tests and benchmarks).
     */
    static Optional<Blas> openBlas() {
        return OpenBlas.tryLoad();
    }
}
