package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tp.lang.Program;

/**
 * Every program of the shared reference set against the neural-tangents 0.6.6 matrices
 * (float64; README.md there): NNGP and NTK, self (x1, x1) and cross (x1, x2). neural-tangents'
 * ReLU angle carries ~1e-8 relative error at parallel points, hence 1e-7 for the ReLU family;
 * erf is a closed form on both sides, 1e-9 (in practice far better).
 */
class ReferenceKernelsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "mlp_relu_2, vec, 1e-7",
        "mlp_erf_3, vec, 1e-9",
        "resnet, vec, 1e-7",
        "cnn1d_flatten, img, 1e-7",
    })
    void matchesNeuralTangents(String name, String data, double tol) {
        String dir = "reference/";
        Program p = Fixtures.program(dir + name + ".tp");
        DMatrixRMaj x1 = Fixtures.matrix(dir + data + "_x1.csv");
        DMatrixRMaj x2 = Fixtures.matrix(dir + data + "_x2.csv");
        InfiniteWidth iw = new InfiniteWidth(p);
        Kernels self = iw.both(x1, null);
        Kernels cross = iw.both(x1, x2);
        expect(self.nngp(), dir + name + ".nngp.11.csv", tol, name + " nngp 11");
        expect(self.ntk(), dir + name + ".ntk.11.csv", tol, name + " ntk 11");
        expect(cross.nngp(), dir + name + ".nngp.12.csv", tol, name + " nngp 12");
        expect(cross.ntk(), dir + name + ".ntk.12.csv", tol, name + " ntk 12");
        // the single-kernel entry points agree with the shared pass
        expect(iw.nngp(x1, x2), dir + name + ".nngp.12.csv", tol, name + " nngp() 12");
        expect(iw.ntk(x1, null), dir + name + ".ntk.11.csv", tol, name + " ntk() 11");
    }

    private static void expect(DMatrixRMaj got, String refName, double tol, String what) {
        DMatrixRMaj ref = Fixtures.matrix(refName);
        double err = Fixtures.maxRelErr(got, ref, 1e-300);
        assertTrue(err <= tol, what + ": max relative error " + err + " > " + tol);
    }
}
