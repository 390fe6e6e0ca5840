package tp.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;

/**
 * Writes a result matrix: CSV (one row a line, cells separated by commas, each number as C's
 * {@code %.17g}, see {@link DoubleFormat}, so it parses back to the identical double), or
 * NumPy {@code .npy} (version 1.0, {@code <f8}, C order); standard output (CSV) when no file is
 * given. The file name chooses the format: {@code .csv} or {@code .npy} (any case); a device or
 * pipe ({@code /dev/stdout}) gets CSV; any other name is refused, so that {@code k.npz} or
 * {@code k.txt} never silently holds CSV.
 *
 * <p>Files are written atomically ({@link AtomicFile}): a failed or killed run leaves the
 * previous file or none, never a truncated one. A NaN or infinite entry is refused with a
 * {@link UserError} before anything is written: a kernel that silently contains NaN is worse
 * than no kernel.
 */
public final class MatrixWriter {
    private MatrixWriter() {}

    /** The two output formats. */
    public enum Format { CSV, NPY }

    /**
     * The format {@code file}'s name asks for, or a UserError: an empty name, a directory, or an
     * extension other than {@code .csv} / {@code .npy} on anything but a device or pipe.
     */
    public static Format formatOf(Path file) {
        String fn = file.getFileName() == null ? "" : file.getFileName().toString();
        if (fn.isEmpty()) throw new UserError(null, "the output file name is empty");
        if (Files.isDirectory(file)) throw new UserError(file.toString(), "cannot write: it is a directory");
        String lower = fn.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".npy")) return Format.NPY;
        if (lower.endsWith(".csv")) return Format.CSV;
        if (Files.exists(file) && !Files.isRegularFile(file)) return Format.CSV; // /dev/stdout, a named pipe
        int dot = fn.lastIndexOf('.');
        String ext = dot > 0 ? "'" + fn.substring(dot) + "'" : "no extension";
        throw new UserError(file.toString(), "unknown output format (" + ext + "): name the file .csv or .npy");
    }

    /**
     * Checks before a long computation that {@code file} can be written in a known format
     * ({@link #formatOf}, then {@link AtomicFile#probe}); the UserError says why not.
     */
    public static void checkWritable(Path file) {
        formatOf(file);
        try {
            AtomicFile.probe(file);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    /** Writes {@code m} to {@code fileOrNull}, or as CSV to {@code System.out} when it is null. */
    public static void write(DMatrixRMaj m, Path fileOrNull) {
        write(m, fileOrNull, System.out);
    }

    /** As {@link #write(DMatrixRMaj, Path)}, with {@code stdout} standing in for standard output. */
    public static void write(DMatrixRMaj m, Path fileOrNull, OutputStream stdout) {
        checkFinite(m);
        if (fileOrNull == null) {
            try {
                writeCsv(m, stdout);
                stdout.flush();
            } catch (IOException | UncheckedIOException e) {
                throw new UserError(null, "cannot write to standard output: " + reason(e));
            }
            return;
        }
        Format format = formatOf(fileOrNull);
        try {
            AtomicFile.write(fileOrNull, out -> {
                if (format == Format.NPY) Npy.write(out, m);
                else writeCsv(m, out);
            });
        } catch (IOException | UncheckedIOException e) {
            throw cannotWrite(fileOrNull, e);
        }
    }

    /** The UserError for a failed write to {@code file}: "cannot write: no such directory" and the like. */
    public static UserError cannotWrite(Path file, Exception e) {
        String why;
        if (e instanceof NoSuchFileException) why = "no such directory";
        else if (e instanceof AccessDeniedException) why = "permission denied";
        else why = reason(e);
        return new UserError(file.toString(), "cannot write: " + why);
    }

    /** An I/O exception's reason without the file name the JDK repeats in front of it. */
    static String reason(Exception e) {
        Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        if (t instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
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

    /** True when the first n entries are all finite ({@link #allFinite(double[], int, int)}). */
    public static boolean allFinite(double[] a, int n) {
        return allFinite(a, 0, n);
    }

    /**
     * True when a[from..to-1] are all finite: one pass without a branch (x - x is 0 for a finite x
     * and NaN for NaN or an infinity), summed four ways so that the additions do not wait for each
     * other (1.6 to 1.0 ns per element in quick-JIT code), so that checking a large result, or
     * every op's output in the kernel engine, costs little more than a read.
     */
    public static boolean allFinite(double[] a, int from, int to) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            double v0 = a[i], v1 = a[i + 1], v2 = a[i + 2], v3 = a[i + 3];
            a0 += v0 - v0;
            a1 += v1 - v1;
            a2 += v2 - v2;
            a3 += v3 - v3;
        }
        for (; i < to; i++) a0 += a[i] - a[i];
        return a0 + a1 + a2 + a3 == 0;
    }

    /** Throws the UserError for the first (row-major) NaN or infinite entry, if any. */
    public static void checkFinite(DMatrixRMaj m) {
        if (allFinite(m.data, m.numRows * m.numCols)) return; // the common case; then the search for the first
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
