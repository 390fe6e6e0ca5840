package tp.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;

/**
 * Writes a result matrix: CSV (one row a line, cells separated by commas, each number as C's
 * {@code %.17g}, see {@link DoubleFormat}, so it parses back to the identical double), or
 * NumPy {@code .npy} (version 1.0, {@code <f8}, C order) when the file name ends in
 * {@code .npy}; standard output (CSV) when no file is given.
 *
 * <p>A NaN or infinite entry is refused with a {@link UserError} before anything is written:
 * a kernel that silently contains NaN is worse than no kernel.
 */
public final class MatrixWriter {
    private MatrixWriter() {}

    /** Writes {@code m} to {@code fileOrNull}, or as CSV to {@code System.out} when it is null. */
    public static void write(DMatrixRMaj m, Path fileOrNull) {
        write(m, fileOrNull, System.out);
    }

    /** As {@link #write(DMatrixRMaj, Path)}, with {@code stdout} standing in for standard output. */
    public static void write(DMatrixRMaj m, Path fileOrNull, OutputStream stdout) {
        checkFinite(m);
        try {
            if (fileOrNull == null) {
                writeCsv(m, stdout);
                stdout.flush();
                return;
            }
            boolean npy = fileOrNull.getFileName() != null
                    && fileOrNull.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(fileOrNull), 1 << 16)) {
                if (npy) Npy.write(out, m);
                else writeCsv(m, out);
            }
        } catch (NoSuchFileException e) {
            throw new UserError(String.valueOf(fileOrNull), "cannot write: no such directory");
        } catch (AccessDeniedException e) {
            throw new UserError(String.valueOf(fileOrNull), "cannot write: permission denied");
        } catch (IOException | UncheckedIOException e) {
            throw new UserError(fileOrNull == null ? null : fileOrNull.toString(), "cannot write: " + e.getMessage());
        }
    }

    /** Writes {@code m} as CSV to {@code out} (not closed), refusing non-finite values. */
    public static void writeCsv(DMatrixRMaj m, OutputStream out) throws IOException {
        checkFinite(m);
        StringBuilder sb = new StringBuilder(32 * Math.max(1, m.numCols));
        for (int i = 0; i < m.numRows; i++) {
            sb.setLength(0);
            for (int j = 0; j < m.numCols; j++) {
                if (j > 0) sb.append(',');
                DoubleFormat.append(sb, m.data[i * m.numCols + j]);
            }
            sb.append('\n');
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Writes {@code m} as a .npy array to {@code out} (not closed), refusing non-finite values. */
    public static void writeNpy(DMatrixRMaj m, OutputStream out) throws IOException {
        checkFinite(m);
        Npy.write(out, m);
    }

    /** Throws the UserError for the first (row-major) NaN or infinite entry, if any. */
    public static void checkFinite(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                double x = m.data[i * m.numCols + j];
                if (!Double.isFinite(x)) {
                    throw new UserError(null, "refusing to write a non-finite value (" + x + ") at row "
                            + (i + 1) + ", column " + (j + 1) + " of the result");
                }
            }
        }
    }
}
