package tp.infinite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import tp.io.DataReader;
import tp.lang.Frontend;
import tp.lang.Program;

/** Test helpers: programs and matrices from test resources, matrix comparison. */
final class Fixtures {
    private Fixtures() {}

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    static Program program(String resourceName) {
        return Frontend.load(resource(resourceName));
    }

    static Program parse(String text) {
        return Frontend.parse("test.tp", text);
    }

    static DMatrixRMaj matrix(String resourceName) {
        return DataReader.read(resource(resourceName));
    }

    static DMatrixRMaj rows(double[][] a) {
        return new DMatrixRMaj(a);
    }

    /** Largest |a - b| / max(|b|, floor) over entries. */
    static double maxRelErr(DMatrixRMaj a, DMatrixRMaj b, double floor) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            throw new AssertionError("shape " + a.numRows + "x" + a.numCols + " vs " + b.numRows + "x" + b.numCols);
        }
        double m = 0;
        for (int i = 0; i < a.data.length && i < a.numRows * a.numCols; i++) {
            m = Math.max(m, Math.abs(a.data[i] - b.data[i]) / Math.max(Math.abs(b.data[i]), floor));
        }
        return m;
    }
}
