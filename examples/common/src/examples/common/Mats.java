package examples.common;

import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import tp.io.DataReader;
import tp.io.MatrixWriter;

/** Small matrix conveniences for the examples: files through tp.io, slices, columns. */
public final class Mats {
    private Mats() {}

    public static DMatrixRMaj read(Path file) {
        return DataReader.read(file);
    }

    /** Writes CSV (17 significant digits) or .npy by the file's extension. */
    public static Path write(Path file, DMatrixRMaj m) {
        MatrixWriter.write(m, file);
        return file;
    }

    /** One value per row. */
    public static DMatrixRMaj column(double[] values) {
        return new DMatrixRMaj(values.length, 1, true, values);
    }

    /** Column j as an array. */
    public static double[] col(DMatrixRMaj m, int j) {
        double[] c = new double[m.numRows];
        for (int i = 0; i < m.numRows; i++) c[i] = m.get(i, j);
        return c;
    }

    /** Rows from..to-1, columns c0..c1-1. */
    public static DMatrixRMaj block(DMatrixRMaj m, int from, int to, int c0, int c1) {
        DMatrixRMaj r = new DMatrixRMaj(to - from, c1 - c0);
        for (int i = from; i < to; i++) {
            for (int j = c0; j < c1; j++) r.set(i - from, j - c0, m.get(i, j));
        }
        return r;
    }

    /** Rows from..to-1, every column. */
    public static DMatrixRMaj rows(DMatrixRMaj m, int from, int to) {
        return block(m, from, to, 0, m.numCols);
    }

    /** The rows of a stacked on top of the rows of b. */
    public static DMatrixRMaj stack(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj r = new DMatrixRMaj(a.numRows + b.numRows, a.numCols);
        System.arraycopy(a.data, 0, r.data, 0, a.getNumElements());
        System.arraycopy(b.data, 0, r.data, a.getNumElements(), b.getNumElements());
        return r;
    }
}
