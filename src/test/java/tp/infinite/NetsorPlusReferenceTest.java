package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import tp.api.TensorProgram;

/**
 * Netsor+ at infinite width against neural-tangents 0.6.5 (float64; ../shared/reference/netsor_plus,
 * copied into test resources): an MLP with layer normalization, softmax self-attention over 4
 * tokens, and a ReLU MLP in the standard parametrization (whose NTK depends on the width, 512).
 * NNGP to 1e-12 of the largest entry; NTK to 1e-12 except 1e-8 where a token of one point equals
 * a token of the other (neural-tangents' own ReLU angle noise there, see the reference README).
 */
class NetsorPlusReferenceTest {
    private static DMatrixRMaj ref(String name) {
        return Fixtures.matrix("/tp/netsor_plus/" + name);
    }

    @Test
    void layerNormMlp() {
        check(TensorProgram.load(Path.of("programs/ln_mlp.tp")), "ln_mlp", 0);
    }

    @Test
    void softmaxAttention() {
        check(TensorProgram.load(Path.of("programs/attn_softmax.tp")), "attn_softmax_h1", 3);
    }

    @Test
    void standardParametrizationAtWidth512() {
        check(TensorProgram.load(Path.of("programs/relu_mlp_std.tp")).atWidth(512), "relu_mlp_std", 0);
    }

    /** tokenSize > 0: entries whose points share a token get the looser NTK tolerance. */
    private static void check(TensorProgram tp, String name, int tokenSize) {
        DMatrixRMaj x1 = ref(name + ".x1.csv"), x2 = ref(name + ".x2.csv");
        for (String pair : new String[] {"11", "12"}) {
            DMatrixRMaj b = pair.equals("11") ? x1 : x2;
            Kernels k = tp.kernels(x1, pair.equals("11") ? null : x2);
            DMatrixRMaj nngp = ref(name + ".nngp." + pair + ".csv"), ntk = ref(name + ".ntk." + pair + ".csv");
            double sn = maxAbs(nngp), st = maxAbs(ntk);
            for (int i = 0; i < x1.numRows; i++) {
                for (int j = 0; j < b.numRows; j++) {
                    double en = Math.abs(k.nngp().get(i, j) - nngp.get(i, j)) / sn;
                    double et = Math.abs(k.ntk().get(i, j) - ntk.get(i, j)) / st;
                    double tol = tokenSize > 0 && sharesToken(x1, i, b, j, tokenSize) ? 1e-8 : 1e-12;
                    assertTrue(en < 1e-12, name + " NNGP " + pair + " [" + i + "][" + j + "] off by " + en);
                    assertTrue(et < tol, name + " NTK " + pair + " [" + i + "][" + j + "] off by " + et);
                }
            }
        }
    }

    private static boolean sharesToken(DMatrixRMaj a, int i, DMatrixRMaj b, int j, int size) {
        int tokens = a.numCols / size;
        for (int s = 0; s < tokens; s++) {
            for (int t = 0; t < tokens; t++) {
                double[] u = Arrays.copyOfRange(a.data, i * a.numCols + s * size, i * a.numCols + (s + 1) * size);
                double[] v = Arrays.copyOfRange(b.data, j * b.numCols + t * size, j * b.numCols + (t + 1) * size);
                if (Arrays.equals(u, v)) return true;
            }
        }
        return false;
    }

    private static double maxAbs(DMatrixRMaj m) {
        double s = 0;
        for (int i = 0; i < m.numRows * m.numCols; i++) s = Math.max(s, Math.abs(m.data[i]));
        return s;
    }
}
