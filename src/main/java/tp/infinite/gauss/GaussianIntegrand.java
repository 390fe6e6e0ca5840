package tp.infinite.gauss;

/**
 * A function of a Gaussian vector z, for {@link GaussHermite} and {@link QuasiMonteCarlo}. The
 * array passed in is a reused buffer: read it, do not keep or modify it.
 */
@FunctionalInterface
public interface GaussianIntegrand {
    double value(double[] z);
}
