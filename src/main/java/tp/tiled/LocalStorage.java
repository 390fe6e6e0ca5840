package tp.tiled;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** A tiled kernel in a local directory; writes go to a temporary file, are forced to disk, then renamed. */
public final class LocalStorage implements TileStorage {
    private final Path root;

    public LocalStorage(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    @Override
    public void write(String name, Body body) throws IOException {
        Path target = root.resolve(name);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + TMP + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20);
            body.writeTo(out);
            out.flush();
            ch.force(true);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(root.resolve(name));
    }

    @Override
    public boolean exists(String name) {
        return Files.isRegularFile(root.resolve(name));
    }

    @Override
    public List<String> list(String dir) throws IOException {
        Path d = dir.isEmpty() ? root : root.resolve(dir);
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(d)) return names;
        try (Stream<Path> s = Files.list(d)) {
            s.filter(Files::isRegularFile).forEach(p -> names.add(dir.isEmpty() ? p.getFileName().toString()
                    : dir + "/" + p.getFileName()));
        }
        names.sort(null);
        return names;
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(root.resolve(name));
    }

    @Override
    public String where(String name) {
        return root.resolve(name).toString();
    }
}
