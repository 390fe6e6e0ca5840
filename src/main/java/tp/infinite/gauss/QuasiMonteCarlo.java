package tp.infinite.gauss;

import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.apache.commons.numbers.gamma.InverseErfc;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * E[F(z)], z ~ N(mean, cov) in any dimension, by randomized quasi-Monte Carlo: the first N
 * points of the Sobol sequence, R independent Cranley-Patterson shifts (u + shift mod 1), mapped
 * to normals by the inverse distribution function and to z by {@link GaussianFactor}. The R
 * replicate means are independent and unbiased, so their mean and standard error are an honest
 * estimate (for smooth F the error falls roughly like 1/N instead of 1/sqrt(N)).
 *
 * <p>The normal points are generated once in the constructor (R N dim doubles) from the seed,
 * so the same seed gives the same numbers, and every call reuses them: many expectations (e.g.
 * all pairs of a kernel matrix) cost only the evaluations. A covariance of rank r uses the first
 * r coordinates. Not thread-safe (one buffer); share the points by constructing one per thread
 * with the same seed.
 */
public final class QuasiMonteCarlo {
    private final int dim;
    private final int points;
    private final int replicates;
    private final double[] xi; // [replicate][point][coordinate]
    private final double[] z;
    private final double[] replicateMeans;

    /**
     * @param dim                dimension of the Gaussian vectors (at most 1000, Sobol's limit)
     * @param pointsPerReplicate N, best a power of two
     * @param replicates         R &gt;= 2
     * @param seed               seeds the random shifts
     */
    public QuasiMonteCarlo(int dim, int pointsPerReplicate, int replicates, long seed) {
        if (dim < 1 || dim > 1000 || pointsPerReplicate < 1 || replicates < 2) {
            throw new IllegalArgumentException("need 1 <= dim <= 1000, N >= 1, R >= 2");
        }
        this.dim = dim;
        this.points = pointsPerReplicate;
        this.replicates = replicates;
        this.z = new double[dim];
        this.replicateMeans = new double[replicates];
        double[] sobol = new double[points * dim];
        SobolSequenceGenerator gen = new SobolSequenceGenerator(dim);
        for (int i = 0; i < points; i++) {
            System.arraycopy(gen.nextVector(), 0, sobol, i * dim, dim);
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        xi = new double[replicates * points * dim];
        double[] shift = new double[dim];
        for (int r = 0; r < replicates; r++) {
            for (int d = 0; d < dim; d++) {
                shift[d] = rng.nextDouble();
            }
            for (int i = 0; i < points; i++) {
                for (int d = 0; d < dim; d++) {
                    double u = sobol[i * dim + d] + shift[d];
                    if (u >= 1) {
                        u -= 1;
                    }
                    xi[(r * points + i) * dim + d] = inverseNormal(u);
                }
            }
        }
    }

    public int dim() {
        return dim;
    }

    /** Estimate of E[F(z)] with its standard error over the R replicates. */
    public Estimate expect(GaussianIntegrand f, double[] mean, double[][] cov) {
        if (mean.length != dim || cov.length != dim) {
            throw new IllegalArgumentException("expected dimension " + dim);
        }
        return expect(f, mean, GaussianFactor.of(cov));
    }

    /** Same with a precomputed factor. */
    public Estimate expect(GaussianIntegrand f, double[] mean, GaussianFactor factor) {
        if (factor.rank() == 0) {
            System.arraycopy(mean, 0, z, 0, dim);
            return new Estimate(f.value(z), 0);
        }
        double sum = 0;
        for (int r = 0; r < replicates; r++) {
            double s = 0;
            for (int i = 0; i < points; i++) {
                factor.transform(mean, xi, (r * points + i) * dim, z);
                s += f.value(z);
            }
            replicateMeans[r] = s / points;
            sum += replicateMeans[r];
        }
        double m = sum / replicates;
        double ss = 0;
        for (int r = 0; r < replicates; r++) {
            ss += (replicateMeans[r] - m) * (replicateMeans[r] - m);
        }
        return new Estimate(m, Math.sqrt(ss / (replicates - 1) / replicates));
    }

    /** Phi^{-1}(u) = -sqrt(2) erfc^{-1}(2u), accurate in both tails; u in (0, 1). */
    static double inverseNormal(double u) {
        u = Math.min(Math.max(u, Double.MIN_NORMAL), 1 - 0x1p-53);
        if (u < 0.5) {
            return -Math.sqrt(2) * InverseErfc.value(2 * u);
        }
        return Math.sqrt(2) * InverseErfc.value(2 * (1 - u));
    }
}
