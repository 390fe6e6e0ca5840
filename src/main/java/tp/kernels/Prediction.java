package tp.kernels;

import org.ejml.data.DMatrixRMaj;

/**
 * What {@link Predictor} returns for M test points and k outputs.
 *
 * @param mean     M x k: the mean over initializations of the trained infinite-width network
 * @param variance M x 1: the variance over initializations of each output at each test point
 *                 (the same for all k outputs, since the kernels are {@code K ⊗ I_k}); null
 *                 when it was not asked for
 */
public record Prediction(DMatrixRMaj mean, DMatrixRMaj variance) {
}
