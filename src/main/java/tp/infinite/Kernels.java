package tp.infinite;

import org.ejml.data.DMatrixRMaj;

/** The infinite-width NNGP and NTK of the same pair of point sets (rows of x1 by rows of x2). */
public record Kernels(DMatrixRMaj nngp, DMatrixRMaj ntk) {
}
