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
 * <p>Eigenvalues at or below {@code N eps λ_max} (the numerical-rank tolerance; negative ones
 * included) are rounding noise of a positive semi-definite kernel's null space: duplicated train
 * points give them. Their directions are dropped ({@code g = 0}): for a kernel of a real
 * network the test-train kernel has no component along a null direction v (Cauchy-Schwarz on
 * the joint kernel: {@code |Θ*X v|^2 <= (v^T Θ v) Θ** = 0}), so the exact contribution
 * {@code a (Θ*X v)(v^T Y)} is zero, while its rounding noise would grow linearly in time. The
 * flow thus stays bounded at any t and tends to the minimum-norm solution on the range of Θ.
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
        double max = 0;
        for (int j = 0; j < n; j++) max = Math.max(max, eig.getEigenvalue(j).real);
        double noise = n * Math.ulp(1.0) * max;
        for (int j = 0; j < n; j++) {
            double l = eig.getEigenvalue(j).real;
            DMatrixRMaj col = eig.getEigenVector(j);
            for (int i = 0; i < n; i++) v.set(i, j, col.get(i));
            if (l > noise) {
                lambda[j] = l;
                g[j] = flowFactor(l, a);
                decay[j] = Math.exp(-a * l);
            } else { // a null direction: not moved by the flow, not seen by the test points
                lambda[j] = 0;
                g[j] = 0;
                decay[j] = 1;
            }
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
