package tp.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file all at once or not at all. The content goes to a hidden temporary file in the
 * target's directory ({@code .NAME.tp-XXXXXXXX.tmp}) and is then renamed over the target
 * ({@code ATOMIC_MOVE}, a POSIX rename, where the file system supports it). A run that fails, or
 * is killed, before the rename leaves the previous file (or no file) in place, never a truncated
 * one that looks complete. An existing target is renamed out of the way just before (see
 * {@link #replace} for why), so a SIGKILL in the microseconds between the two renames leaves it
 * under a hidden name rather than under its own.
 *
 * <p>The temporary file is forced to disk before the rename only when asked ({@code TP_FSYNC=1}
 * or {@code -Dtp.fsync=true}): that guards against a power cut or an OS crash right after the
 * rename, not against a killed process, and costs about 1 s per GB on this machine's disk (a
 * 4000-point NNGP and NTK: 256 MB, a third of the whole run). numpy and most tools do not.
 *
 * <p>Failures delete the temporary file; so does a normal JVM shutdown (Ctrl-C, SIGTERM) in the
 * middle of a write, through a shutdown hook. Only SIGKILL or a power cut can leave one behind,
 * and it never has the target's name.
 *
 * <p>A target that exists and is not a regular file (a device such as {@code /dev/null}, a
 * named pipe, {@code /dev/stdout}) is written in place: it cannot be replaced, and a temporary
 * file next to it would be wrong. So is a writable file in a directory where no new file can
 * be created (the only way to write it at all). A symbolic link to a regular file is followed, so the link
 * stays and the file it names is replaced. An existing file's permissions are kept.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** What to write: may throw; the stream is buffered and closed by {@link #write}. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Temporary files being written, removed by the shutdown hook if the JVM exits mid-write. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    /** Previous files renamed out of the way ({@link #replace}), with the name they go back to. */
    private static final java.util.Map<Path, Path> ASIDE = new ConcurrentHashMap<>();
    /** Force each file to disk before its rename (see the class comment). */
    static final boolean FSYNC = Boolean.getBoolean("tp.fsync") || "1".equals(System.getenv("TP_FSYNC"));
    private static volatile boolean hooked;

    /** Writes {@code body} to {@code target} atomically (see the class comment). */
    public static void write(Path target, Body body) throws IOException {
        if (Files.isDirectory(target)) throw new FileSystemException(target.toString(), null, "it is a directory");
        if (inPlace(target)) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
                body.writeTo(out);
            }
            return;
        }
        Path real = Files.exists(target) ? target.toRealPath() : target.toAbsolutePath();
        Path tmp = temporaryFor(real);
        hook();
        IN_FLIGHT.add(tmp);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16) {
                    @Override
                    public void close() throws IOException {
                        flush(); // a body that closes its stream must not close the channel before force()
                    }
                };
                body.writeTo(out);
                out.flush();
                if (FSYNC) ch.force(true); // on disk before the rename, so an OS crash cannot leave a renamed empty file
            }
            keepPermissions(real, tmp);
            moved = replace(tmp, real);
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
            IN_FLIGHT.remove(tmp);
        }
    }

    /**
     * Renames {@code tmp} to {@code real}. An existing file is first renamed out of the way and
     * deleted after: ext4 (auto_da_alloc) starts writing a file to disk on the spot when it is
     * renamed over another one, 0.1-0.3 s for a 256 MB kernel, and does not when the name is
     * free. The name is missing for the microseconds between the two renames; a normal shutdown
     * in between (the hook) puts the previous file back.
     */
    private static boolean replace(Path tmp, Path real) throws IOException {
        Path aside = Files.exists(real, LinkOption.NOFOLLOW_LINKS) ? temporaryFor(real) : null;
        if (aside != null) {
            ASIDE.put(aside, real);
            try {
                Files.move(real, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | UnsupportedOperationException e) {
                ASIDE.remove(aside); // cannot step aside: replace in one rename
                aside = null;
            }
        }
        try {
            try {
                Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            if (aside != null) {
                try {
                    Files.move(aside, real, StandardCopyOption.ATOMIC_MOVE); // the previous file back
                } catch (IOException | RuntimeException back) {
                    e.addSuppressed(back);
                }
                ASIDE.remove(aside);
            }
            throw e;
        }
        if (aside != null) {
            try {
                Files.deleteIfExists(aside);
            } catch (IOException e) {
                // the new file is in place; the previous one stays under its hidden name
            } finally {
                ASIDE.remove(aside);
            }
        }
        return true;
    }

    /**
     * Checks, before a long computation, that {@code target} can be written: creates and removes
     * the temporary file {@link #write} would use. Throws the IOException a write would meet.
     */
    public static void probe(Path target) throws IOException {
        if (Files.isDirectory(target)) throw new FileSystemException(target.toString(), null, "it is a directory");
        if (Files.exists(target) && !Files.isWritable(target)) throw new java.nio.file.AccessDeniedException(target.toString());
        if (inPlace(target)) return;
        Path real = Files.exists(target) ? target.toRealPath() : target.toAbsolutePath();
        Path tmp = temporaryFor(real);
        Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        Files.deleteIfExists(tmp);
    }

    /**
     * Written in place rather than replaced: a device or a pipe, and an existing writable file in
     * a directory that does not let us create the temporary file (then a crash can truncate it,
     * as any in-place write can).
     */
    private static boolean inPlace(Path target) throws IOException {
        if (!Files.exists(target)) return false;
        if (!Files.isRegularFile(target)) return true;
        Path dir = target.toRealPath().getParent();
        return dir != null && !Files.isWritable(dir) && Files.isWritable(target);
    }

    /** A fresh hidden name next to {@code real}; the name is shortened to stay within 255 bytes. */
    static Path temporaryFor(Path real) {
        Path dir = real.getParent();
        if (dir == null) dir = real.toAbsolutePath().getParent();
        String name = real.getFileName().toString();
        if (name.length() > 100) name = name.substring(0, 100);
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        return dir.resolve("." + name + ".tp-" + suffix + ".tmp");
    }

    /** True for names {@link #temporaryFor} makes (tests look for leftovers with it). */
    public static boolean isTemporaryName(String fileName) {
        return fileName.startsWith(".") && fileName.matches("\\..*\\.tp-[0-9a-f]+\\.tmp");
    }

    private static void keepPermissions(Path real, Path tmp) {
        try {
            if (!Files.exists(real)) return;
            PosixFileAttributeView from = Files.getFileAttributeView(real, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributeView to = Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (from != null && to != null) to.setPermissions(from.readAttributes().permissions());
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the content matters, the mode bits are a courtesy
        }
    }

    private static void hook() {
        if (hooked) return;
        synchronized (IN_FLIGHT) {
            if (hooked) return;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (Path p : IN_FLIGHT) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // exiting anyway
                    }
                }
                ASIDE.forEach((aside, real) -> {
                    try {
                        if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) Files.deleteIfExists(aside);
                        else Files.move(aside, real, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        // exiting anyway
                    }
                });
            }, "tp-remove-partial-output"));
            hooked = true;
        }
    }
}
