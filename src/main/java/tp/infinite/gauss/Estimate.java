package tp.infinite.gauss;

/** A Monte Carlo style estimate and its standard error (one standard deviation of the mean). */
public record Estimate(double value, double stdError) {
}
