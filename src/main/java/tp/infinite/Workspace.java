package tp.infinite;

import java.util.HashMap;
import java.util.Map;
import tp.infinite.gauss.GaussHermite;
import tp.infinite.gauss.QuasiMonteCarlo;

/** Per-thread scratch for the slow (quadrature) evaluators, and what they report. */
final class Workspace {
    /** Sobol points per replicate and replicates of the quasi-Monte Carlo fallback. */
    static final int QMC_POINTS = 4096, QMC_REPLICATES = 16;
    /** Sobol points per replicate in use: {@link #QMC_POINTS}; tests raise it for a long reference run. */
    static volatile int qmcPoints = QMC_POINTS;
    static final long QMC_SEED = 20240601L;
    /** The seed of the random shifts in use: {@link #QMC_SEED}; tests change it for an independent run. */
    static volatile long qmcSeed = QMC_SEED;

    final GaussHermite gh = new GaussHermite();
    private final Map<Integer, QuasiMonteCarlo> qmc = new HashMap<>();
    private final Map<Integer, QuasiMonteCarlo> qmcLong = new HashMap<>();
    /** Largest standard error of a quasi-Monte Carlo estimate made with this workspace. */
    double qmcError;
    long qmcCount;
    /** Cross-pass elements where the Mehler series did not converge and quadrature took over. */
    long mehlerFallbacks;
    /**
     * Largest error estimate of a deterministic numerical expectation (quadrature, Mehler series)
     * made with this workspace, relative to the expectation's scale (E[|F|] for quadrature,
     * sqrt(E[F^2] E[G^2]) for a Mehler series).
     */
    double numericalError;
    /** Expectations computed by deterministic numerical methods (quadrature, Mehler series). */
    long numericalCount;

    /** Records one quasi-Monte Carlo expectation's standard error and count; returns its value. */
    double noteQmc(tp.infinite.gauss.Estimate e) {
        qmcError = Math.max(qmcError, e.stdError());
        qmcCount++;
        return e.value();
    }

    /** Records one numerical expectation's relative error estimate. */
    void noteError(double relError) {
        numericalCount++;
        if (relError > numericalError || Double.isNaN(relError)) numericalError = relError;
    }

    /** 8 times the points of {@link #qmc}, for the few expectations where tensor quadrature stopped short. */
    QuasiMonteCarlo qmcLong(int dim) {
        return qmcLong.computeIfAbsent(dim, d -> new QuasiMonteCarlo(d, 8 * qmcPoints, QMC_REPLICATES, qmcSeed + 1));
    }

    /** The same points for a dimension in every thread (fixed seed), so results do not depend on scheduling. */
    QuasiMonteCarlo qmc(int dim) {
        return qmc.computeIfAbsent(dim, d -> new QuasiMonteCarlo(d, qmcPoints, QMC_REPLICATES, qmcSeed));
    }
}
