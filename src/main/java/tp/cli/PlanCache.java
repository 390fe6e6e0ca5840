package tp.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import tp.infinite.CompiledPlan;
import tp.io.AtomicFile;

/**
 * The plan cache of {@code tp kernel}: a program compiled once (front end and planner, 0.6 s for
 * the 28x28 CNN, seconds for CIFAR-size ones) is stored, and a later run of the same program
 * text with the same kind and width, by the same build of tp, loads the plan instead of
 * compiling it; like a compiler cache, or JAX's persistent compilation cache. The key is the
 * SHA-256 of all of that (the build as the jar's size and time, or every class file's), so an
 * edited program or a rebuilt tp never meets an old plan, and a damaged entry is deleted and
 * compiled afresh. Only plans made of data ops are stored ({@link CompiledPlan#toBytes}); past
 * 1 GB of plans the least recently used go.
 *
 * <p>Where: {@code TP_CACHE} (or {@code -Dtp.cache}): a directory, or {@code off}; by default
 * {@code $XDG_CACHE_HOME/tp} or {@code ~/.cache/tp}. Every failure to read or write it only
 * means compiling: the cache never changes a result or an error.
 */
final class PlanCache {
    /** Plans above this size are not stored (reading them would not save much over planning). */
    private static final long MAX_BYTES = 256L << 20;
    /** When the stored plans pass this total, the least recently used go until half of it is left. */
    static long limitBytes = 1L << 30;
    private static String build;

    private final Path file;

    private PlanCache(Path file) {
        this.file = file;
    }

    /** The cache entry for this run, or null when the cache is off or the program cannot be read (the front end says why). */
    static PlanCache of(Path program, List<String> kinds, Integer width) {
        Path dir = directory();
        if (dir == null) return null;
        try {
            byte[] text = Files.readAllBytes(program);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String head = "tp plan cache 1\0" + VersionInfo.VERSION + "\0" + build() + "\0"
                    + program.getFileName() + "\0" + kinds + "\0" + width + "\0";
            md.update(head.getBytes(StandardCharsets.UTF_8));
            md.update(text);
            return new PlanCache(dir.resolve(HexFormat.of().formatHex(md.digest()) + ".plan"));
        } catch (IOException | RuntimeException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** The directory, or null when off. */
    static Path directory() {
        String p = System.getProperty("tp.cache", System.getenv("TP_CACHE"));
        if (p != null && !p.isBlank()) return p.trim().equals("off") ? null : Paths.get(p.trim());
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Paths.get(xdg, "tp");
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? null : Paths.get(home, ".cache", "tp");
    }

    /** The stored plan, or null (none yet, or damaged: then the entry is deleted). */
    CompiledPlan load() {
        if (!Files.isRegularFile(file)) return null;
        try {
            long t0 = System.nanoTime();
            byte[] bytes = Files.readAllBytes(file);
            CompiledPlan cp = CompiledPlan.fromBytes(bytes);
            touch();
            if (Boolean.getBoolean("tp.timing")) {
                System.err.printf("tp: plan from the cache (%.1f MB) %.3f s wall%n", bytes.length / 1e6, (System.nanoTime() - t0) / 1e9);
            }
            return cp;
        } catch (IOException | IllegalArgumentException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // compiled afresh either way
            }
            return null;
        }
    }

    /** Stores a plan (best effort: a full disk or a read-only cache only means compiling next time). */
    void store(CompiledPlan cp) {
        byte[] bytes = cp.toBytes();
        if (bytes == null || bytes.length > MAX_BYTES) return;
        try {
            Files.createDirectories(file.getParent());
            AtomicFile.write(file, out -> out.write(bytes));
            prune(file.getParent());
        } catch (IOException | RuntimeException e) {
            // not stored
        }
    }

    /** Marks the entry as just used (its time orders the pruning). */
    private void touch() {
        try {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | RuntimeException e) {
            // only the pruning order
        }
    }

    /** Above {@link #limitBytes} of plans: deletes the least recently used until half of it is left. */
    static void prune(Path dir) throws IOException {
        List<Path> plans;
        try (Stream<Path> s = Files.list(dir)) {
            plans = new java.util.ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".plan")).toList());
        }
        long total = 0;
        java.util.Map<Path, long[]> info = new java.util.HashMap<>();
        for (Path p : plans) {
            try {
                long[] sizeTime = {Files.size(p), Files.getLastModifiedTime(p).toMillis()};
                info.put(p, sizeTime);
                total += sizeTime[0];
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        if (total <= limitBytes) return;
        plans.removeIf(p -> !info.containsKey(p));
        plans.sort(java.util.Comparator.comparingLong(p -> info.get(p)[1]));
        for (Path p : plans) {
            if (total <= limitBytes / 2) break;
            Files.deleteIfExists(p);
            total -= info.get(p)[0];
        }
    }

    /** This build of tp: the jar's path, size and time, or each class file's under a classes directory. */
    private static synchronized String build() throws IOException {
        if (build != null) return build;
        Path where;
        try {
            where = Paths.get(PlanCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IOException("no code source", e);
        }
        StringBuilder sb = new StringBuilder(where.toAbsolutePath().toString());
        if (Files.isDirectory(where)) {
            try (Stream<Path> files = Files.walk(where)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    sb.append('\n').append(where.relativize(f)).append(' ').append(Files.size(f)).append(' ')
                            .append(Files.getLastModifiedTime(f).toMillis());
                }
            }
        } else {
            sb.append(' ').append(Files.size(where)).append(' ').append(Files.getLastModifiedTime(where).toMillis());
        }
        build = sb.toString();
        return build;
    }
}
