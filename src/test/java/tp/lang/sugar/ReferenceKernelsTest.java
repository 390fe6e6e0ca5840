package tp.lang.sugar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tp.api.TensorProgram;
import tp.infinite.Kernels;
import tp.io.DataReader;

/**
 * The sugared rewrites in programs/ have the kernels neural-tangents computed for the core
 * reference programs (test resources, reference/): NNGP and NTK, x1 with itself and x1
 * against x2, to 1e-12 relative.
 */
class ReferenceKernelsTest {
    private static DMatrixRMaj resource(String name) throws URISyntaxException {
        return DataReader.read(Path.of(ReferenceKernelsTest.class.getResource("reference/" + name).toURI()));
    }

    @ParameterizedTest
    @CsvSource({"cnn1d, cnn1d_flatten, img", "mlp_relu_2, mlp_relu_2, vec", "mlp_erf_3, mlp_erf_3, vec", "resnet, resnet, vec"})
    void sugaredProgramHasTheReferenceKernels(String program, String reference, String data) throws Exception {
        TensorProgram tp = TensorProgram.load(Path.of("programs/" + program + ".tp"));
        DMatrixRMaj x1 = resource(data + "_x1.csv"), x2 = resource(data + "_x2.csv");
        Kernels k11 = tp.kernels(x1, null), k12 = tp.kernels(x1, x2);
        assertClose(resource(reference + ".nngp.11.csv"), k11.nngp(), program + " nngp 11");
        assertClose(resource(reference + ".ntk.11.csv"), k11.ntk(), program + " ntk 11");
        assertClose(resource(reference + ".nngp.12.csv"), k12.nngp(), program + " nngp 12");
        assertClose(resource(reference + ".ntk.12.csv"), k12.ntk(), program + " ntk 12");
    }

    private static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
        assertEquals(expected.numRows, actual.numRows, what + " rows");
        assertEquals(expected.numCols, actual.numCols, what + " columns");
        for (int i = 0; i < expected.data.length; i++) {
            double e = expected.data[i], a = actual.data[i];
            assertTrue(Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e)), what + " entry " + i + ": " + a + " vs " + e);
        }
    }
}
