package tp.spark;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import tp.tiled.TileStorage;

/**
 * A tiled kernel on any Hadoop-compatible file system (HDFS, S3A, GCS, a local path): the same
 * files as {@link tp.tiled.LocalStorage}. A write goes to a temporary name, is synced and then
 * renamed into place (atomic on HDFS and local disks; on object stores the rename is a copy, but
 * the temporary name never looks like a tile, so a reader still never sees half a file).
 */
final class HadoopStorage implements TileStorage {
    private final Path root;
    private final FileSystem fs;

    HadoopStorage(URI root, Configuration conf) throws IOException {
        this.root = new Path(root);
        FileSystem f = this.root.getFileSystem(conf);
        if (f instanceof LocalFileSystem local) {
            f = local.getRawFileSystem(); // no .crc side files: the manifest holds the checksums
        }
        this.fs = f;
    }

    private Path path(String name) {
        return name.isEmpty() ? root : new Path(root, name);
    }

    @Override
    public void write(String name, Body body) throws IOException {
        Path target = path(name);
        Path tmp = new Path(target.getParent(), target.getName() + TMP + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try (FSDataOutputStream raw = fs.create(tmp, true)) {
            OutputStream out = new BufferedOutputStream(raw, 1 << 20);
            body.writeTo(out);
            out.flush();
            raw.hsync();
        } catch (IOException | RuntimeException | Error e) {
            fs.delete(tmp, false);
            throw e;
        }
        if (fs.exists(target)) fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            fs.delete(tmp, false);
            throw new IOException("cannot rename " + tmp + " to " + target);
        }
    }

    @Override
    public InputStream open(String name) throws IOException {
        return fs.open(path(name), 1 << 20);
    }

    @Override
    public boolean exists(String name) throws IOException {
        return fs.isFile(path(name));
    }

    @Override
    public List<String> list(String dir) throws IOException {
        List<String> names = new ArrayList<>();
        Path d = path(dir);
        if (!fs.exists(d)) return names;
        for (FileStatus s : fs.listStatus(d)) {
            if (s.isFile()) names.add(dir.isEmpty() ? s.getPath().getName() : dir + "/" + s.getPath().getName());
        }
        names.sort(null);
        return names;
    }

    @Override
    public void delete(String name) throws IOException {
        fs.delete(path(name), false);
    }

    @Override
    public String where(String name) {
        return path(name).toString();
    }
}
