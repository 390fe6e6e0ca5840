package tp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.UserError;

/**
 * Output files are replaced all at once (issue 13, item 2): a write that fails half way leaves
 * the previous file and no temporary file; a successful one keeps the file's permissions and
 * a symbolic link's target; devices are written in place. The process-level kill test is
 * {@code tp.cli.CrashConsistencyTest}.
 */
class AtomicFileTest {
    @TempDir Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailureHalfWayLeavesThePreviousFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("k.csv");
        Files.writeString(f, "previous\n");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
            out.write("1,2,3\n".repeat(100_000).getBytes(StandardCharsets.US_ASCII)); // well past the buffer
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", e.getMessage());
        assertEquals("previous\n", Files.readString(f));
        assertEquals(List.of("k.csv"), names());
    }

    @Test
    void anUncheckedFailureToo() throws IOException {
        Path f = dir.resolve("k.csv");
        assertThrows(IllegalStateException.class, () -> AtomicFile.write(f, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(), names(), "no file, no temporary");
    }

    @Test
    void successReplacesTheContentAndKeepsThePermissions() throws IOException {
        Path f = dir.resolve("k.csv");
        Files.writeString(f, "a much longer previous content than the new one\n");
        boolean posix = Files.getFileStore(f).supportsFileAttributeView("posix");
        if (posix) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFile.write(f, out -> out.write("new\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("new\n", Files.readString(f));
        if (posix) assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(List.of("k.csv"), names());
    }

    @Test
    void aSymbolicLinkStaysALink() throws IOException {
        Path real = dir.resolve("real.csv");
        Files.writeString(real, "old\n");
        Path link;
        try {
            link = Files.createSymbolicLink(dir.resolve("link.csv"), real);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here");
            return;
        }
        AtomicFile.write(link, out -> out.write("new\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new\n", Files.readString(real));
        assertEquals(List.of("link.csv", "real.csv"), names());
    }

    @Test
    void aDeviceIsWrittenInPlace() throws IOException {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull));
        AtomicFile.write(devNull, out -> out.write("x\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "/dev/null is still a device");
        Path devFull = Path.of("/dev/full");
        if (Files.exists(devFull)) {
            IOException e = assertThrows(IOException.class,
                    () -> AtomicFile.write(devFull, out -> out.write(new byte[1 << 17])));
            assertEquals("No space left on device", e.getMessage());
        }
    }

    @Test
    void probeFindsAnUnwritablePlaceWithoutLeavingAnything() throws IOException {
        assertThrows(NoSuchFileException.class, () -> AtomicFile.probe(dir.resolve("no/such/dir/k.csv")));
        assertThrows(IOException.class, () -> AtomicFile.probe(dir));
        AtomicFile.probe(dir.resolve("k.csv"));
        assertEquals(List.of(), names());
    }

    @Test
    void temporaryNamesAreHiddenAndRecognized() {
        Path t = AtomicFile.temporaryFor(dir.resolve("k.csv"));
        assertEquals(dir, t.getParent());
        assertTrue(AtomicFile.isTemporaryName(t.getFileName().toString()), t.toString());
        assertTrue(t.getFileName().toString().startsWith(".k.csv.tp-"));
        Path longName = AtomicFile.temporaryFor(dir.resolve("x".repeat(250) + ".csv"));
        assertTrue(longName.getFileName().toString().length() <= 255);
    }

    /** The format comes from the name; unknown extensions are errors, not silent CSV (issue 13). */
    @Test
    void matrixWriterRefusesUnknownExtensionsAndEmptyNames() throws IOException {
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{1, 2}});
        for (String name : new String[] {"k.npz", "k.txt", "kernel", "k.csv.gz"}) {
            Path p = dir.resolve(name);
            UserError e = assertThrows(UserError.class, () -> MatrixWriter.write(m, p));
            assertTrue(e.getMessage().startsWith(p + ": error: unknown output format ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("): name the file .csv or .npy"), e.getMessage());
        }
        assertEquals(MatrixWriter.Format.CSV, MatrixWriter.formatOf(Path.of("K.CSV")));
        assertEquals(MatrixWriter.Format.NPY, MatrixWriter.formatOf(Path.of("k.Npy")));
        if (Files.exists(Path.of("/dev/null"))) assertEquals(MatrixWriter.Format.CSV, MatrixWriter.formatOf(Path.of("/dev/null")));
        assertEquals("error: the output file name is empty",
                assertThrows(UserError.class, () -> MatrixWriter.write(m, Path.of(""))).getMessage());
        assertEquals(dir + ": error: cannot write: it is a directory",
                assertThrows(UserError.class, () -> MatrixWriter.write(m, dir)).getMessage());
        assertEquals(List.of(), names());
    }
}
