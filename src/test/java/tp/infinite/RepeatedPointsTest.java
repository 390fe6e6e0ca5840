package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tp.lang.Frontend;

/**
 * Entries that must be equal are equal, bit for bit, in closed-form kernels too: a repeated
 * point's row and column, and K(X, Y) against K(Y, X) transposed (the points swapped between row
 * and column). Sums with a point's own factor (inlined products of input coordinates, a row
 * point's variance) used to round differently in the two orientations (SumProdOp), and so did the
 * erf kernel's correlation (ArcCosine.asinShiftedCorrelation); four of these five programs differed
 * in the last bit before. Not yet so: kernels that sum over pairs of positions (pooling,
 * attention, layer norm, averages over time) add the same terms in the two orientations in a
 * different order, off by an ulp.
 */
class RepeatedPointsTest {
    private static DMatrixRMaj points(int n, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < x.data.length; i++) x.data[i] = rnd.nextDouble(-1, 1);
        return x;
    }

    @ParameterizedTest
    @ValueSource(strings = {"programs/mlp_relu_2.tp", "programs/mlp_erf_3.tp", "programs/cnn1d.tp", "programs/cnn2d_flatten.tp",
        "programs/rnn_last.tp"})
    void repeatedAndSwappedPointsGiveTheSameBits(String program) {
        InfiniteWidth iw = new InfiniteWidth(Frontend.load(Path.of(program)));
        int d = iw.program().inputWidth();
        DMatrixRMaj x = points(6, d, 7);
        System.arraycopy(x.data, 0, x.data, 4 * d, d); // row 4 is row 0 again
        DMatrixRMaj y = points(3, d, 8);
        for (boolean ntk : new boolean[] {false, true}) {
            String kind = ntk ? "NTK" : "NNGP";
            DMatrixRMaj k = ntk ? iw.ntk(x, null) : iw.nngp(x, null);
            for (int j = 0; j < 6; j++) {
                assertEquals(k.get(0, j), k.get(4, j), 0, kind + " of " + program + ": the repeated point against point " + j);
            }
            DMatrixRMaj xy = ntk ? iw.ntk(x, y) : iw.nngp(x, y), yx = ntk ? iw.ntk(y, x) : iw.nngp(y, x);
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 3; j++) assertEquals(xy.get(i, j), yx.get(j, i), 0, kind + " of " + program + ": K(X, Y) against K(Y, X)");
            }
        }
    }
}
