package tp.kernels;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The train kernel {@code Θ = V diag(λ) V^T} in its eigenbasis, with the two functions of Θ
 * that gradient flow for a scaled time {@code a = η t / normalization} needs:
 * {@code g(λ) = (1 - e^{-aλ}) / λ} (so {@code Θ^{-1}(I - e^{-aΘ}) = V diag(g) V^T}) and
 * {@code e^{-aλ}}.
 *
 * <p>Eigenvalues below zero can only be rounding noise of a positive semi-definite kernel;
 * they are set to zero (as neural-tangents does), so the flow never grows. At λ = 0, g is its
 * limit a: a singular kernel is harmless at finite time.
 */
final class FlowSpectrum {
    final int n;
    /** N x N, column j the eigenvector of {@code lambda[j]}. */
    final DMatrixRMaj vectors;
    final double[] lambda;
    final double[] g;
    final double[] decay;

    private FlowSpectrum(DMatrixRMaj vectors, double[] lambda, double[] g, double[] decay) {
        this.n = lambda.length;
        this.vectors = vectors;
        this.lambda = lambda;
        this.g = g;
        this.decay = decay;
    }

    /** Decomposes the symmetric {@code theta} (not modified) for the scaled time {@code a >= 0}. */
    static FlowSpectrum of(DMatrixRMaj theta, double a) {
        int n = theta.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(theta.copy())) {
            throw new IllegalStateException("symmetric eigendecomposition of the train kernel did not converge");
        }
        DMatrixRMaj v = new DMatrixRMaj(n, n);
        double[] lambda = new double[n];
        double[] g = new double[n];
        double[] decay = new double[n];
        for (int j = 0; j < n; j++) {
            lambda[j] = Math.max(0, eig.getEigenvalue(j).real);
            DMatrixRMaj col = eig.getEigenVector(j);
            for (int i = 0; i < n; i++) v.set(i, j, col.get(i));
            g[j] = flowFactor(lambda[j], a);
            decay[j] = Math.exp(-a * lambda[j]);
        }
        return new FlowSpectrum(v, lambda, g, decay);
    }

    /**
     * {@code (1 - e^{-aλ}) / λ} for λ >= 0, a >= 0, without cancellation: expm1 keeps full
     * relative precision for small aλ, and λ = 0 gives the limit a.
     */
    static double flowFactor(double lambda, double a) {
        double x = a * lambda;
        if (x == 0) return a;
        return -Math.expm1(-x) / lambda;
    }
}
