package tp.tiled;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import tp.api.TensorProgram;

/** A 2-hidden-layer ReLU MLP with 40-dimensional inputs (long enough rows for the BLAS Gram path) and random data. */
final class TiledFixtures {
    private TiledFixtures() {}

    static final String PROGRAM = String.join("\n",
            "program mlp40",
            "input x : 40",
            "MatIn W1 : n x 40 sigma 1.5",
            "MatMul z2 := W1 x",
            "VecIn b3 : n sigma 0.05",
            "LinComb g4 := z2 + b3",
            "Nonlin h5 := relu(g4)",
            "MatIn W6 : n x n sigma 1.5",
            "MatMul z7 := W6 h5",
            "VecIn b8 : n sigma 0.05",
            "LinComb g9 := z7 + b8",
            "Nonlin h10 := relu(g9)",
            "MatIn W11 : 1 x n sigma 1.5",
            "MatMul z12 := W11 h10",
            "VecIn b13 : 1 sigma 0.05",
            "LinComb g14 := z12 + b13",
            "Output g14", "");

    static TensorProgram program() {
        return TensorProgram.parse("mlp40.tp", PROGRAM);
    }

    /** n points with coordinates uniform in [-1, 1). */
    static DMatrixRMaj points(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, 40);
        for (int i = 0; i < x.data.length; i++) x.data[i] = 2 * r.nextDouble() - 1;
        return x;
    }

    static Manifest manifest(TileLayout layout, java.util.List<String> kinds, DMatrixRMaj x1, DMatrixRMaj x2) {
        return new Manifest(layout, kinds, "mlp40", Fingerprint.sha256(PROGRAM.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                Fingerprint.of(x1), x2 == null ? null : Fingerprint.of(x2));
    }
}
