package tp.finite;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;
import tp.lang.Def;
import tp.lang.Program;
import tp.lang.Var;

/**
 * One finite-width random network of a program (LANGUAGE.md section 3, "at finite width n"):
 * every width symbol is n times its ratio, the parameters are sampled from a seed (order in
 * {@link Parameters}), {@code W = s w / sqrt(fan_in)}, {@code b = m + s beta}; the trainable
 * parameters are {@code w} and {@code beta} (NTK parametrization), or W and b themselves for a
 * parameter in the standard parametrization (Netsor+), which changes the gradients and the NTK
 * but not the network.
 *
 * <p><b>Sampling</b> (the same program, width and seed give the same network everywhere): one
 * XoShiRo256++ generator seeded with the seed feeds a ziggurat standard-normal sampler; the
 * parameters are drawn in program order ({@code Program.parameters()}), a MatIn's r x c raw
 * entries row by row, a VecIn's entries in order; an {@code init zero} VecIn draws nothing (its
 * beta is 0); frozen parameters are drawn like the others.
 *
 * <p><b>Execution</b>: the whole batch at once (each vector variable a dim x N matrix, each
 * MatMul one matrix product, each Nonlin one compiled array expression, each moment an exact
 * average over the coordinates per data point), then the batched backward pass (through the
 * moments too); kernels are assembled parameter by parameter and use pair by use pair from
 * activations and adjoints (no Jacobian): memory O(width x N + width^2 + N1 x N2).
 *
 * <p>Data are N x inputWidth matrices, one data point a row. Kernels are of the first output
 * coordinate {@code f_1}. Not thread-safe ({@link #step} changes the parameters).
 */
public final class FiniteNetwork {
    private final Executor ex;
    private final Parameters params;
    private final long seed;
    private long stepsTaken;

    private FiniteNetwork(Executor ex, Parameters params, long seed) {
        this.ex = ex;
        this.params = params;
        this.seed = seed;
    }

    /** Samples the network of {@code p} at width {@code width} (every width symbol = width x its ratio) from {@code seed}. */
    public static FiniteNetwork sample(Program p, int width, long seed) {
        if (width <= 0) throw new UserError(null, "the width must be a positive integer, got " + width);
        Footprint.require(p, width, 0, 0, false);
        return new FiniteNetwork(new Executor(p, width), Parameters.sample(p, width, seed), seed);
    }

    /** The seed this network was sampled from. */
    public long seed() { return seed; }

    /** True while the parameters are still the sampled ones (no {@link #step} taken). */
    public boolean isUntrained() { return stepsTaken == 0; }

    /** A fresh copy of this network as sampled (same program, width and seed), untrained. */
    public FiniteNetwork resampled() {
        return sample(ex.program, ex.width, seed);
    }

    /** {@code 0.5 * mean((f - y)^2)} over all N x k entries, without changing anything. */
    public double loss(DMatrixRMaj x, DMatrixRMaj y) {
        DMatrixRMaj f = outputs(x);
        requireTargets(y, f.numRows, f.numCols);
        double s = 0;
        for (int i = 0; i < f.data.length; i++) {
            double e = f.data[i] - y.data[i];
            s += e * e;
        }
        return 0.5 * s / f.data.length;
    }

    private static void requireTargets(DMatrixRMaj y, int points, int outputs) {
        if (y.numRows != points || y.numCols != outputs) {
            throw new UserError(null, "the targets are " + y.numRows + " x " + y.numCols + " but the network gives "
                    + points + " x " + outputs + " outputs on the training data");
        }
    }

    /** {@link Training#run} on this network: {@code steps} steps of gradient descent, stopped with {@link Training.Diverged} if the loss explodes. */
    public double train(DMatrixRMaj x, DMatrixRMaj y, double lr, int steps, Training.Listener listener) {
        return Training.run(this, x, y, lr, steps, listener);
    }

    public Program program() { return ex.program; }

    public int width() { return ex.width; }

    /** The network's outputs on the rows of {@code x}: N x k. */
    public DMatrixRMaj outputs(DMatrixRMaj x) {
        return ex.output(ex.forward(params, x));
    }

    /**
     * Empirical NNGP (N1 x N2; {@code x2 == null} means {@code x1}): the covariance of
     * {@code f_1(x), f_1(x')} over a fresh draw of the readout parameters (MatIn with a finite
     * row dimension, VecIn of finite dimension; frozen ones included, {@code init zero} ones
     * excluded since they start at a fixed value) with the rest of the network held fixed.
     * Since f is linear in those parameters the covariance is exact:
     * {@code sum over them of df_1(x)/dp df_1(x')/dp}, i.e. {@code s^2/fan_in H^T H' + s_b^2}
     * for the usual readout {@code W h + b}.
     */
    public DMatrixRMaj nngp(DMatrixRMaj x1, DMatrixRMaj x2) {
        return checked("the empirical NNGP", kernel(x1, x2, readoutParameters(), true));
    }

    /** Exact empirical NTK (N1 x N2; {@code x2 == null} means {@code x1}) of {@code f_1} over all trainable parameters. */
    public DMatrixRMaj ntk(DMatrixRMaj x1, DMatrixRMaj x2) {
        return checked("the empirical NTK", kernel(x1, x2, trainableParameters(), false));
    }

    /**
     * Both kernels from one forward and backward pass: {@code {nngp, ntk}}, each as
     * {@link #nngp} and {@link #ntk} would give it (sharing the products they have in common).
     */
    public DMatrixRMaj[] nngpAndNtk(DMatrixRMaj x1, DMatrixRMaj x2) {
        List<Var> readout = readoutParameters();
        Pass p1 = gradientPass(x1);
        Pass p2 = x2 == null ? p1 : gradientPass(x2);
        KernelAssembly a = new KernelAssembly(ex, p1, p2);
        return new DMatrixRMaj[] {checked("the empirical NNGP", a.sum(readout, true)),
                checked("the empirical NTK", a.sum(trainableParameters(), false))};
    }

    private DMatrixRMaj checked(String what, DMatrixRMaj k) {
        FiniteValues.requireResult(what, ex.width, k);
        return k;
    }

    /**
     * One step of full-batch gradient descent on {@code 0.5 * mean((f - y)^2)} (mean over all
     * N x k entries) for every trainable {@code w} and {@code beta}, learning rate {@code lr}.
     * Returns the loss before the step.
     */
    public double step(DMatrixRMaj x, DMatrixRMaj y, double lr) {
        Pass pass = ex.forward(params, x);
        DMatrixRMaj f = pass.value[ex.program.output().id()];
        requireTargets(y, f.numCols, f.numRows);
        int k = f.numRows, n = f.numCols;
        DMatrixRMaj seed = new DMatrixRMaj(k, n);
        double loss = 0;
        for (int r = 0; r < k; r++) {
            for (int i = 0; i < n; i++) {
                double e = f.get(r, i) - y.get(i, r);
                loss += e * e;
                seed.set(r, i, e / (n * (double) k));
            }
        }
        loss = 0.5 * loss / (n * (double) k);
        ex.backward(params, pass, seed);
        List<DMatrixRMaj> grads = new ArrayList<>();
        List<Var> trainable = trainableParameters();
        for (Var p : trainable) grads.add(checked("the gradient of the loss with respect to " + ex.program.shown(p), gradient(pass, p)));
        // all gradients first, then the updates: the backward pass reads the parameters
        for (int i = 0; i < trainable.size(); i++) {
            double[] w = params.raw(trainable.get(i)).data, g = grads.get(i).data;
            for (int j = 0; j < w.length; j++) w[j] -= lr * g[j];
        }
        stepsTaken++;
        return loss;
    }

    /** The gradient of the seeded output summed over the batch with respect to the raw parameter ({@code w} or {@code beta}). */
    private DMatrixRMaj gradient(Pass pass, Var p) {
        double scale = Parameters.scale(p, ex.width);
        DMatrixRMaj raw = params.raw(p);
        DMatrixRMaj g = new DMatrixRMaj(raw.numRows, raw.numCols);
        if (p.def() instanceof Def.VecIn) {
            DMatrixRMaj a = pass.usedAdjoint(p.id());
            if (a == null) return g;
            for (int r = 0; r < a.numRows; r++) {
                double s = 0;
                for (int i = 0; i < a.numCols; i++) s += a.data[r * a.numCols + i];
                g.data[r] = scale * s;
            }
            return g;
        }
        for (Var u : KernelAssembly.uses(ex.program, p)) {
            DMatrixRMaj dg = pass.usedAdjoint(u.id());
            if (dg == null) continue;
            DMatrixRMaj h = pass.value[((Def.MatMul) u.def()).arg().id()];
            if (Executor.transposed(u)) Products.multAddTransB(scale, h, dg, g);
            else Products.multAddTransB(scale, dg, h, g);
        }
        return g;
    }

    private DMatrixRMaj kernel(DMatrixRMaj x1, DMatrixRMaj x2, List<Var> include, boolean drawn) {
        Pass p1 = gradientPass(x1);
        Pass p2 = x2 == null ? p1 : gradientPass(x2);
        return KernelAssembly.assemble(ex, p1, p2, include, drawn);
    }

    /** Forward and backward of f_1 for every data point. */
    private Pass gradientPass(DMatrixRMaj x) {
        Pass pass = ex.forward(params, x);
        DMatrixRMaj seed = new DMatrixRMaj(ex.program.output().dim().at(ex.width), x.numRows);
        java.util.Arrays.fill(seed.data, 0, x.numRows, 1.0);
        ex.backward(params, pass, seed);
        return pass;
    }

    List<Var> trainableParameters() {
        return ex.program.parameters().stream().filter(Var::isTrainable).toList();
    }

    /** The parameters a fresh readout draw redraws; f is linear in them (checked). */
    List<Var> readoutParameters() {
        List<Var> out = new ArrayList<>();
        for (Var p : ex.program.parameters()) {
            if (!p.dim().isFinite()) continue;
            if (p.def() instanceof Def.VecIn b && b.initZero()) continue;
            if (p.def() instanceof Def.MatIn) {
                for (Var u : KernelAssembly.uses(ex.program, p)) {
                    if (Executor.transposed(u)) {
                        throw new UserError(null, "empirical NNGP: readout matrix " + p.name()
                                + " is also used transposed (by " + u.name() + "), so the output is not linear in the readout parameters");
                    }
                }
            }
            out.add(p);
        }
        return out;
    }

    /** The live raw parameters (tests perturb them). */
    Parameters parameters() {
        return params;
    }
}
