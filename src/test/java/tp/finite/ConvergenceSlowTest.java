package tp.finite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tp.infinite.InfiniteWidth;
import tp.infinite.Kernels;
import tp.lang.Program;

/**
 * What {@code tp check} does, over widths 64..4096 against the live infinite-width engine:
 * errors fall like n^-1/2 (slope -0.5 +- 0.15) for NNGP and NTK on every network family.
 * Slow (the GRU's infinite-width kernels alone take about a minute): {@code mvn test -Pslow}.
 */
@Tag("slow")
class ConvergenceSlowTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"mlp_relu_2, vec_x1", "mlp_erf_3, vec_x1", "resnet, vec_x1", "rnn_relu, vec_x1", "gru, vec_x1",
        "cnn1d_flatten, img_x1"})
    void errorsFallLikeInverseSquareRootOfWidth(String name, String data) {
        Program p = Fixtures.program(name);
        DMatrixRMaj x = Fixtures.csv(data + ".csv");
        Kernels inf = new InfiniteWidth(p).both(x, null);
        Convergence.Result r = Convergence.run(p, x, inf.nngp(), inf.ntk(), List.of(64, 128, 256, 512, 1024, 2048, 4096), 6, null);
        StringBuilder table = new StringBuilder(name + "\n");
        for (Convergence.Point pt : r.points()) {
            table.append(String.format("%6d %.4f %.4f%n", pt.width(), pt.nngpMean(), pt.ntkMean()));
        }
        table.append(r.verdict());
        System.out.println(table);
        assertTrue(r.nngpConverges() && r.ntkConverges(), table.toString());
    }
}
