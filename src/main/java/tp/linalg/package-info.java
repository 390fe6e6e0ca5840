/**
 * Dense matrix products for the whole project: {@link tp.linalg.Blas} (gemm/syrk on row-major
 * {@code double[]}, native OpenBLAS or pure-Java EJML, chosen once per process) and
 * {@link tp.linalg.Mat} (the same on EJML {@code DMatrixRMaj}).
 */
package tp.linalg;
