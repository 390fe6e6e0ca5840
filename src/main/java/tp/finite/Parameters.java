package tp.finite;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.ejml.data.DMatrixRMaj;
import tp.lang.Def;
import tp.lang.Program;
import tp.lang.Var;

/**
 * The raw random parameters of a sampled network in the NTK parametrization: for each
 * {@code MatIn W : r x c sigma s} the r x c matrix {@code w} (the network uses
 * {@code W = s w / sqrt(c)}), for each {@code VecIn b : d sigma s mean m} the d x 1 vector
 * {@code beta} (the network uses {@code b = m + s beta}). These raw values are what training
 * updates. A parameter in the standard parametrization (Netsor+) is stored as {@code W} (or
 * {@code b}) itself, drawn from the same numbers ({@code W = s w / sqrt(c)} with the same
 * {@code w}), so a program samples the same network in both parametrizations; only what is
 * trained, and so the NTK, differs.
 *
 * <p><b>Sampling order</b> (what makes "same program, width and seed, same network" hold in
 * every command): one {@code XO_SHI_RO_256_PP} generator seeded with the seed, one
 * standard-normal ziggurat sampler on it; the parameters are visited in program order
 * ({@link Program#parameters()}); a MatIn draws its r x c entries row by row, a VecIn its d
 * entries in order. A VecIn marked {@code init zero} draws nothing (its beta is 0). Frozen
 * parameters are drawn like the others.
 */
final class Parameters {
    private final DMatrixRMaj[] raw;

    private Parameters(DMatrixRMaj[] raw) {
        this.raw = raw;
    }

    static Parameters sample(Program p, int width, long seed) {
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(seed);
        NormalizedGaussianSampler gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        DMatrixRMaj[] raw = new DMatrixRMaj[p.vars().size()];
        for (Var v : p.parameters()) {
            int rows = v.dim().at(width);
            int cols = v.cols() == null ? 1 : v.cols().at(width);
            DMatrixRMaj m = new DMatrixRMaj(rows, cols);
            boolean zero = v.def() instanceof Def.VecIn b && b.initZero();
            if (!zero) {
                double[] d = m.data;
                for (int i = 0; i < d.length; i++) d[i] = gauss.sample();
            }
            if (v.isStandard()) drawnAsEffective(v, m, width);
            raw[v.id()] = m;
        }
        return new Parameters(raw);
    }

    /** The raw matrix {@code w} of a MatIn or vector {@code beta} (d x 1) of a VecIn; live, mutable. */
    DMatrixRMaj raw(Var parameter) {
        return raw[parameter.id()];
    }

    /** Redraws the given parameters from a generator (used to test the empirical NNGP by Monte Carlo). */
    void redraw(List<Var> params, NormalizedGaussianSampler gauss, int width) {
        for (Var v : params) {
            double[] d = raw[v.id()].data;
            for (int i = 0; i < d.length; i++) d[i] = gauss.sample();
            if (v.isStandard()) drawnAsEffective(v, raw[v.id()], width);
        }
    }

    /** Standard parametrization: standard-normal draws (0 for init zero) turned into W = s w / sqrt(c), b = m + s beta. */
    private static void drawnAsEffective(Var v, DMatrixRMaj m, int width) {
        double s = ntkScale(v, width), offset = v.def() instanceof Def.VecIn b ? b.mean() : 0;
        double[] d = m.data;
        for (int i = 0; i < d.length; i++) d[i] = offset + s * d[i];
    }

    /**
     * The factor between raw and effective values: s / sqrt(fan-in) for MatIn, s for VecIn in
     * the NTK parametrization; 1 in the standard parametrization, whose raw value is the
     * effective one. It is also the factor between the gradients with respect to the effective
     * and the raw (trained) parameter.
     */
    static double scale(Var parameter, int width) {
        return parameter.isStandard() ? 1 : ntkScale(parameter, width);
    }

    /** The standard deviation of a parameter's effective entries: s / sqrt(fan-in) for MatIn, s for VecIn. */
    static double ntkScale(Var parameter, int width) {
        if (parameter.def() instanceof Def.MatIn m) return m.sigma() / Math.sqrt(parameter.cols().at(width));
        return ((Def.VecIn) parameter.def()).sigma();
    }

    /** A VecIn's effective value is {@code offset + scale * raw}: the mean, or 0 when raw is the value itself. */
    static double offset(Var vecIn) {
        return vecIn.isStandard() ? 0 : ((Def.VecIn) vecIn.def()).mean();
    }
}
