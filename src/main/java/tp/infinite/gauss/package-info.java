/**
 * The numerical core of the infinite-width engine: Gaussian expectations E[F(z)], with no
 * knowledge of programs or ASTs.
 *
 * <ul>
 *   <li>{@link tp.infinite.gauss.ArcCosine}: E[A(u) B(v)] for {@link tp.infinite.gauss.PiecewiseLinear}
 *       A, B (relu, leaky_relu, abs, id, step, sign, constants and their combinations); closed
 *       form at zero mean, one-dimensional adaptive quadrature with means; exact degenerate limits.</li>
 *   <li>{@link tp.infinite.gauss.ErfKernels}, {@link tp.infinite.gauss.ExpTrigKernels},
 *       {@link tp.infinite.gauss.GeluKernels}: closed forms for erf/erf', exp/sin/cos (any
 *       dimension through the complex exponential) and gelu/gelu' (zero mean).</li>
 *   <li>{@link tp.infinite.gauss.Isserlis}: exact polynomial moments with means.</li>
 *   <li>{@link tp.infinite.gauss.ErfProducts}: E[prod erf(u_i)] at zero mean by Plackett's
 *       identity (nested 1-D integrals); Gaussian bumps in front tilt the law first
 *       ({@code tp.infinite.Tilt}).</li>
 *   <li>{@link tp.infinite.gauss.GaussHermite}: tensor Gauss-Hermite for any smooth F of a
 *       covariance of rank 1..4; {@link tp.infinite.gauss.QuasiMonteCarlo} beyond, with a standard error.</li>
 * </ul>
 *
 * Conventions everywhere: a pair (u, v) has means (m1, m2) and covariance [[q11, q12], [q12,
 * q22]]; affine arguments f(a u + c) are absorbed by the caller (mean a m1 + c, variance
 * a^2 q11, covariance a b q12); tiny negative variances from rounding count as 0 and a zero
 * variance means the variable equals its mean exactly; step(0) = sign(0) = relu(0) = 0.
 * For the NTK, Price's theorem d/dq12 E[f(u) g(v)] = E[f'(u) g'(v)] holds for every pair here
 * and is what the tests check, so the derivative kernels are the same functions applied to the
 * derivatives (PiecewiseLinear.derivative(), erf' via derfDerf, sin' = cos, ...).
 */
package tp.infinite.gauss;
