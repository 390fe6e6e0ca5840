package tp.finite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import tp.lang.Frontend;
import tp.lang.Program;

/** Test programs and data from this package's test resources. */
final class Fixtures {
    private Fixtures() {}

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    static Program program(String name) {
        return Frontend.load(resource(name + ".tp"));
    }

    /** Rows of iid N(0,1) (scaled) data from a fixed seed. */
    static DMatrixRMaj data(int rows, int cols, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            // Box-Muller, so the data do not depend on the executor's sampler
            double u = r.nextDouble(), v = r.nextDouble();
            m.data[i] = scale * Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
        }
        return m;
    }

    /** A CSV of numbers (no header). */
    static DMatrixRMaj csv(String name) {
        try {
            List<String> lines = Files.readAllLines(resource(name)).stream().filter(l -> !l.isBlank()).toList();
            int cols = lines.get(0).split(",").length;
            DMatrixRMaj m = new DMatrixRMaj(lines.size(), cols);
            for (int i = 0; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                for (int j = 0; j < cols; j++) m.set(i, j, Double.parseDouble(cells[j].trim()));
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** max |a - b| / max(1e-300, max |b|). */
    static double relMaxDiff(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) throw new AssertionError("shapes differ");
        double diff = 0, scale = 1e-300;
        for (int i = 0; i < a.data.length; i++) {
            diff = Math.max(diff, Math.abs(a.data[i] - b.data[i]));
            scale = Math.max(scale, Math.abs(b.data[i]));
        }
        return diff / scale;
    }
}
