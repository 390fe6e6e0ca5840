package tp.finite;

import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tp.lang.Frontend;
import tp.lang.Program;

/**
 * The finite executor on the three Netsor+ cases of neural-tangents (layer norm, softmax attention
 * with tied query/key weights, the standard parametrization; test resources tp/netsor_plus, copied
 * from the shared reference folder): the mean empirical NNGP and NTK of networks at a large width
 * agree with neural-tangents' infinite-width kernels within the Monte-Carlo error. This fixes the
 * programs' conventions (scalings of the logits, values and outputs; LayerNorm's eps; what the
 * standard parametrization trains) independently of the infinite-width engine.
 */
class NetsorPlusReferenceTest {
    static DMatrixRMaj resource(String name) {
        return Fixtures.csv("/tp/netsor_plus/" + name);
    }

    /**
     * Both kernels of x1 with itself ("11") and with x2 ("12"). The standard parametrization's NTK grows with the
     * width: the reference is 512 ntk_per_width + ntk_const, so at width n it is n per + const.
     */
    static void check(String program, String ref, int width, int seeds, double bias, String... pairs) {
        Program p = Frontend.load(Path.of("programs", program + ".tp"));
        DMatrixRMaj x1 = resource(ref + ".x1.csv"), x2 = resource(ref + ".x2.csv");
        boolean std = p.widthDependentParameter() != null;
        for (String pair : pairs) {
            MonteCarlo mc = new MonteCarlo(p, x1, pair.equals("11") ? null : x2, width, seeds);
            mc.assertAgrees(0, resource(ref + ".nngp." + pair + ".csv"), bias, program + " " + pair);
            DMatrixRMaj ntk;
            if (std) {
                ntk = resource(ref + ".ntk_const." + pair + ".csv");
                DMatrixRMaj per = resource(ref + ".ntk_per_width." + pair + ".csv");
                for (int i = 0; i < ntk.data.length; i++) ntk.data[i] += width * per.data[i];
            } else {
                ntk = resource(ref + ".ntk." + pair + ".csv");
            }
            mc.assertAgrees(1, ntk, bias, program + " " + pair);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ln_mlp, ln_mlp", "attn_softmax, attn_softmax_h1", "relu_mlp_std, relu_mlp_std"})
    void meanEmpiricalKernelsAreNeuralTangents(String program, String ref) {
        check(program, ref, 1024, 16, 4.0 / 1024, "11");
    }

    /** The same at width 2048 (a Monte-Carlo error 1.4 times smaller), x1 with itself and with x2. */
    @Tag("slow")
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ln_mlp, ln_mlp", "attn_softmax, attn_softmax_h1", "relu_mlp_std, relu_mlp_std"})
    void atALargerWidth(String program, String ref) {
        check(program, ref, 2048, 16, 4.0 / 2048, "11", "12");
    }
}
