package tp.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ejml.data.DMatrixRMaj;

import tp.UserError;

/**
 * Reader for scikit-learn's handwritten digits, {@code sklearn/datasets/data/digits.csv.gz}
 * (the UCI "optdigits" test set: 1797 images of 8 x 8 pixels with values 0..16), plain or gzipped.
 *
 * <p>Each line: 64 pixel values (row-major) and then the label 0..9, comma-separated, no header.
 */
public final class Digits {
    /** Pixels per image (8 x 8). */
    public static final int PIXELS = 64;
    /** Largest pixel value: each pixel counts set bits in a 4 x 4 block of the 32 x 32 original. */
    public static final double MAX_PIXEL = 16;

    private Digits() {}

    /** Raw pixels (n x 64, values 0..16) and labels. */
    public record Labeled(DMatrixRMaj pixels, int[] labels) {}

    public static Labeled read(Path file) {
        String name = file.toString();
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Idx.open(file), StandardCharsets.UTF_8))) {
            String line;
            int row = 0;
            while ((line = r.readLine()) != null) {
                row++;
                if (line.isBlank()) continue;
                String[] cells = line.split(",", -1);
                if (cells.length != PIXELS + 1) {
                    throw UserError.atRow(name, row, "expected " + (PIXELS + 1) + " comma-separated values (64 pixels "
                            + "and a label), found " + cells.length);
                }
                double[] px = new double[PIXELS];
                for (int j = 0; j < PIXELS; j++) px[j] = number(cells[j], name, row, j);
                double label = number(cells[PIXELS], name, row, PIXELS);
                if (label != Math.rint(label) || label < 0 || label > 9) {
                    throw UserError.atRow(name, row, "the label (last value) must be a digit 0..9, found " + cells[PIXELS]);
                }
                rows.add(px);
                labels.add((int) label);
            }
        } catch (NoSuchFileException e) {
            throw new UserError(name, "no such file");
        } catch (IOException e) {
            throw new UserError(name, "cannot read: " + e.getMessage());
        }
        DMatrixRMaj pixels = new DMatrixRMaj(rows.size(), PIXELS);
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, pixels.data, i * PIXELS, PIXELS);
        return new Labeled(pixels, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double number(String cell, String name, int row, int col) {
        try {
            double v = Double.parseDouble(cell.trim());
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw UserError.atRow(name, row, "value " + (col + 1) + " is not a number: '" + cell.trim() + "'");
    }
}
