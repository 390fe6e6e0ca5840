package tp.tiled;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Where a tiled kernel lives: a directory of files named by relative paths ({@code manifest.json},
 * {@code ntk/tile-00000-00003.npy}). {@link LocalStorage} is a local directory; the Spark module
 * adds any Hadoop-compatible file system. Implementations must make {@link #write} atomic: the
 * bytes go to a temporary name that never looks like a tile or a manifest and are renamed into
 * place only when complete, so an interrupted run (killed, out of disk) leaves either the whole
 * file or none of it.
 */
public interface TileStorage {
    /** Suffix of temporary files; {@link #cleanTemporaries} removes leftovers of killed writes. */
    String TMP = ".tmp-";

    /** Writes the bytes {@code body} produces under {@code name}, atomically, replacing any old file. */
    void write(String name, Body body) throws IOException;

    InputStream open(String name) throws IOException;

    boolean exists(String name) throws IOException;

    /** The names (relative, with the directory prefix) of the files directly inside {@code dir}; empty if it does not exist. */
    List<String> list(String dir) throws IOException;

    void delete(String name) throws IOException;

    /** A user-facing location for messages, e.g. the full path. */
    String where(String name);

    /** Deletes temporary files left in {@code dir} by interrupted writes. */
    default void cleanTemporaries(String dir) throws IOException {
        for (String n : list(dir)) if (n.contains(TMP)) delete(n);
    }

    /** Produces a file's bytes. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }
}
