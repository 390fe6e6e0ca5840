package tp.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;

/**
 * Reads a data file (one data point a row) into an N x D matrix: NumPy when the name ends in
 * {@code .npy} (or the content starts with the NumPy magic bytes), CSV otherwise.
 *
 * <p>Every problem is a {@link UserError}: {@code FILE:ROW: error: ...} for a bad row or cell
 * (ROW is the physical 1-based line of a CSV, the 1-based array row of a .npy), and
 * {@code FILE: error: ...} for problems with the file as a whole (missing, truncated, wrong
 * dtype or shape). See {@link CsvReader} for the CSV rules and {@link Npy} for the .npy ones.
 */
public final class DataReader {
    private DataReader() {}

    /** A file is read into one byte array, indexed by int. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    /** Reads {@code file}; error messages name it as given. */
    public static DMatrixRMaj read(Path file) {
        return read(file, file.toString());
    }

    /** Reads {@code file}; error messages call it {@code displayName}. */
    public static DMatrixRMaj read(Path file, String displayName) {
        return read(file, displayName, null);
    }

    /**
     * What the rows of a file must hold: {@code columns} values, for the reason {@code why}, which
     * completes the message "row has 4 values but ..." (e.g. "mlp reads input rows of 3 values").
     */
    public record Columns(int columns, String why) {}

    /**
     * Reads {@code file} whose rows must have {@code expect.columns()} values: a mismatch is
     * reported at the first data row ({@code FILE:ROW: error: row has 4 values but ...}), before
     * the rest of the file is read.
     */
    public static DMatrixRMaj read(Path file, Columns expect) {
        return read(file, file.toString(), expect);
    }

    /**
     * The number of values in a row of a {@code .npy} file, from its header alone; -1 for any other
     * file or any problem (the real read reports those). Cheap: a hint for work worth starting
     * before the file is read.
     */
    public static int peekColumns(Path file) {
        String fn = file.getFileName() == null ? "" : file.getFileName().toString();
        if (!fn.toLowerCase(java.util.Locale.ROOT).endsWith(".npy")) return -1;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return Npy.peekColumns(in.readNBytes(4096));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static DMatrixRMaj read(Path file, String displayName, Columns expect) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) throw new UserError(displayName, "cannot read: it is a directory");
            if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
                throw new UserError(displayName, String.format(java.util.Locale.ROOT, "cannot read: the file has %.1f GB,"
                        + " more than the 2.1 GB one data file may have; split the points into several files",
                        Files.size(file) / 1e9));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError(displayName, "cannot read: no such file");
        } catch (AccessDeniedException e) {
            throw new UserError(displayName, "cannot read: permission denied");
        } catch (OutOfMemoryError e) {
            throw new UserError(displayName, "cannot read: the file does not fit in the JVM heap; give the JVM more"
                    + " memory, e.g. TP_JAVA_OPTS='-Xmx16g -Xss16m'");
        } catch (IOException e) {
            throw new UserError(displayName, "cannot read: " + MatrixWriter.reason(e));
        }
        String fn = file.getFileName() == null ? "" : file.getFileName().toString();
        if (fn.toLowerCase(java.util.Locale.ROOT).endsWith(".npy") || Npy.startsWithMagic(bytes)) {
            return Npy.read(bytes, displayName, expect);
        }
        return CsvReader.read(bytes, displayName, expect);
    }
}
