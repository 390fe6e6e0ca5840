package tp.finite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tp.lang.Def;
import tp.lang.Program;
import tp.lang.Var;

/**
 * The empirical NNGP (LANGUAGE.md section 3: covariance of f_1 over a fresh draw of the readout
 * parameters, the rest held fixed) against a Monte Carlo estimate of exactly that covariance:
 * redraw the readout parameters many times and take the sample covariance of the outputs.
 */
class NngpMonteCarloTest {

    @ParameterizedTest(name = "{0} at width {1}")
    @CsvSource({"mlp_relu_2, 6", "features, 4", "gru, 5"})
    void analyticNngpIsTheReadoutCovariance(String name, int width) {
        Program p = Fixtures.program(name);
        FiniteNetwork net = FiniteNetwork.sample(p, width, 5);
        DMatrixRMaj x = Fixtures.data(4, p.inputWidth(), 9, 1.0);
        DMatrixRMaj k = net.nngp(x, null);

        // readout: finite row dimension; frozen ones are random too; init zero ones start fixed at 0
        List<Var> readout = p.parameters().stream()
                .filter(v -> v.dim().isFinite() && !(v.def() instanceof Def.VecIn b && b.initZero())).toList();
        var gauss = ZigguratSampler.NormalizedGaussian.of(RandomSource.XO_SHI_RO_256_PP.create(77L));
        int draws = 20000, n = x.numRows;
        double[] sum = new double[n];
        double[][] sum2 = new double[n][n];
        for (int d = 0; d < draws; d++) {
            net.parameters().redraw(readout, gauss, net.width());
            DMatrixRMaj f = net.outputs(x);
            for (int i = 0; i < n; i++) {
                sum[i] += f.get(i, 0);
                for (int j = 0; j < n; j++) sum2[i][j] += f.get(i, 0) * f.get(j, 0);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double cov = sum2[i][j] / draws - sum[i] / draws * sum[j] / draws;
                // standard error of a Gaussian sample covariance
                double se = Math.sqrt((k.get(i, i) * k.get(j, j) + k.get(i, j) * k.get(i, j)) / draws);
                assertTrue(Math.abs(cov - k.get(i, j)) < 4.5 * se,
                        "entry " + i + "," + j + ": Monte Carlo " + cov + " vs " + k.get(i, j) + " (se " + se + ")");
            }
        }
    }
}
