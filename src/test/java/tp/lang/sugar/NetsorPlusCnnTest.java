package tp.lang.sugar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tp.finite.FiniteNetwork;
import tp.lang.Frontend;
import tp.lang.Program;

/**
 * Layer norm over a CNN's channels (per pixel) and over all its pixels: the mean empirical NNGP
 * and NTK of the finite networks of programs/cnn_ln_channels.tp and cnn_ln_all.tp at width 512
 * agree, within the Monte-Carlo error, with the infinite-width kernels written out independently
 * in {@link CnnReference} (convolutions, relu arc-cosine kernels, layer norm as a division by the
 * per-point limit of the variance, global average pooling).
 */
class NetsorPlusCnnTest {

    static DMatrixRMaj images(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(count, 50);
        for (int i = 0; i < x.data.length; i++) x.data[i] = r.nextDouble(-1.5, 1.5);
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cnn_ln_channels, false", "cnn_ln_all, true"})
    void meanEmpiricalKernelsAreTheLimit(String name, boolean allPixels) {
        DMatrixRMaj x = images(3, 5);
        double[][][] ref = CnnReference.input(x, 5, 2).conv(2, 1, 0, 4, 1.5, 0.1).layerNorm(allPixels, 1e-12).relu()
                .conv(2, 1, 0, 3, 1.5, 0.1).layerNorm(allPixels, 1e-12).relu().gapDense(1.5, 0.1);
        Program p = Frontend.load(Path.of("programs", name + ".tp"));
        int seeds = 16, width = 512, n = x.numRows;
        double[][] sum = new double[2][n * n], sq = new double[2][n * n];
        for (int s = 0; s < seeds; s++) {
            DMatrixRMaj[] k = FiniteNetwork.sample(p, width, 300 + s).nngpAndNtk(x, null);
            for (int kind = 0; kind < 2; kind++) {
                for (int i = 0; i < n * n; i++) {
                    sum[kind][i] += k[kind].data[i];
                    sq[kind][i] += k[kind].data[i] * k[kind].data[i];
                }
            }
        }
        for (int kind = 0; kind < 2; kind++) {
            double d2 = 0, e2 = 0, r2 = 0;
            for (int i = 0; i < n * n; i++) {
                double m = sum[kind][i] / seeds, var = (sq[kind][i] - seeds * m * m) / (seeds - 1), want = ref[kind][i / n][i % n];
                d2 += (m - want) * (m - want);
                e2 += Math.max(0, var) / seeds;
                r2 += want * want;
            }
            double allowed = 3 * Math.sqrt(e2) + 4.0 / width * Math.sqrt(r2);
            String msg = String.format("%s %s: ||mean - limit||_F = %.3g, allowed %.3g (Monte-Carlo error %.3g, ||limit||_F %.3g)",
                    name, kind == 0 ? "NNGP" : "NTK", Math.sqrt(d2), allowed, Math.sqrt(e2), Math.sqrt(r2));
            assertTrue(Math.sqrt(d2) <= allowed, msg);
            assertTrue(Math.sqrt(e2) < 0.05 * Math.sqrt(r2), "Monte-Carlo error too large to test anything: " + msg);
        }
    }
}
