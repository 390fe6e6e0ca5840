package tp.tiled;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tp.UserError;

/**
 * {@code manifest.json} of a tiled kernel: what the tiles are (shape, tiling, kinds), what they
 * were computed from (SHA-256 of the program text and of the data values) and which tiles are
 * finished, each with the CRC-32C of its file. A tile is finished exactly when it is listed here;
 * {@code complete} is set once every tile of every kind is. The file is rewritten atomically
 * after each finished tile. See docs/TILED.md for the format.
 */
public final class Manifest {
    public static final String FILE = "manifest.json";
    static final String FORMAT = "tp-tiled-kernel";
    static final long VERSION = 1;

    public final TileLayout layout;
    public final List<String> kinds;
    public final String programName;
    public final String programSha256;
    public final Fingerprint.Data x1;
    /** Null for a symmetric kernel (x2 = x1). */
    public final Fingerprint.Data x2;
    /** File name -> "crc32c:xxxxxxxx". */
    private final Map<String, String> tiles = new TreeMap<>();
    private boolean complete;

    public Manifest(TileLayout layout, List<String> kinds, String programName, String programSha256,
                    Fingerprint.Data x1, Fingerprint.Data x2) {
        this.layout = layout;
        this.kinds = List.copyOf(kinds);
        this.programName = programName;
        this.programSha256 = programSha256;
        this.x1 = x1;
        this.x2 = x2;
    }

    public synchronized void put(String tileName, long crc) {
        tiles.put(tileName, TileCodec.crcText(crc));
    }

    synchronized void putText(String tileName, String crcText) {
        tiles.put(tileName, crcText);
    }

    public synchronized String checksum(String tileName) {
        return tiles.get(tileName);
    }

    public synchronized Map<String, String> tiles() {
        return new TreeMap<>(tiles);
    }

    public synchronized boolean has(String tileName) {
        return tiles.containsKey(tileName);
    }

    public synchronized boolean complete() {
        return complete;
    }

    /** True when every tile of every kind is listed; then marks the manifest complete. */
    public synchronized boolean markCompleteIfDone() {
        for (int[] t : layout.tiles()) {
            for (String k : kinds) if (!tiles.containsKey(TileLayout.name(k, t[0], t[1]))) return false;
        }
        complete = true;
        return true;
    }

    /** How this (stored) job differs from {@code run}, as "was computed for ..., this run: ..."; null when the same. */
    public String differenceFrom(Manifest run) {
        if (!programSha256.equals(run.programSha256)) return "was computed from another program text (" + programName + ")";
        if (!x1.equals(run.x1)) return "was computed from other --x1 data (" + x1.rows() + " x " + x1.cols() + ")";
        if (x2 == null ? run.x2 != null : !x2.equals(run.x2)) {
            return x2 == null ? "is the symmetric kernel of --x1 (this run has --x2)" : "was computed from other --x2 data";
        }
        if (!kinds.equals(run.kinds)) return "holds kinds " + kinds + ", this run asks for " + run.kinds;
        if (!layout.equals(run.layout)) return "has tiles of " + layout.tile() + ", this run asks for " + run.layout.tile();
        return null;
    }

    public synchronized String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("rows", (long) layout.rows());
        m.put("cols", (long) layout.cols());
        m.put("tile", (long) layout.tile());
        m.put("symmetric", layout.symmetric());
        m.put("kinds", new ArrayList<Object>(kinds));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", programName);
        p.put("sha256", programSha256);
        m.put("program", p);
        m.put("x1", x1.toMap());
        m.put("x2", x2 == null ? null : x2.toMap());
        m.put("complete", complete);
        m.put("tiles", new LinkedHashMap<String, Object>(tiles));
        return Json.write(m);
    }

    public void write(TileStorage st) throws IOException {
        byte[] b = toJson().getBytes(StandardCharsets.UTF_8);
        st.write(FILE, out -> out.write(b));
    }

    /** The manifest in {@code st}, or null if there is none; a {@link UserError} if it is not a valid one. */
    public static Manifest read(TileStorage st) {
        String where = st.where(FILE);
        String text;
        try {
            if (!st.exists(FILE)) return null;
            try (InputStream in = st.open(FILE)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UserError(where, "cannot read: " + e.getMessage());
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new UserError(where, "not a tp tiled-kernel manifest: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Manifest parse(String text) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(text);
        if (!FORMAT.equals(m.get("format"))) throw new IllegalArgumentException("\"format\" is not \"" + FORMAT + "\"");
        if (!Long.valueOf(VERSION).equals(m.get("version"))) {
            throw new IllegalArgumentException("version " + m.get("version") + " (this tp reads version " + VERSION + ")");
        }
        TileLayout layout = new TileLayout(num(m, "rows"), num(m, "cols"), num(m, "tile"), (Boolean) m.get("symmetric"));
        List<String> kinds = new ArrayList<>();
        for (Object k : (List<Object>) m.get("kinds")) kinds.add((String) k);
        Map<String, Object> p = (Map<String, Object>) m.get("program");
        Manifest r = new Manifest(layout, kinds, (String) p.get("name"), (String) p.get("sha256"),
                Fingerprint.Data.fromMap((Map<String, Object>) m.get("x1")),
                m.get("x2") == null ? null : Fingerprint.Data.fromMap((Map<String, Object>) m.get("x2")));
        for (Map.Entry<String, Object> e : ((Map<String, Object>) m.get("tiles")).entrySet()) {
            r.tiles.put(e.getKey(), (String) e.getValue());
        }
        r.complete = Boolean.TRUE.equals(m.get("complete"));
        return r;
    }

    private static int num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) throw new IllegalArgumentException("\"" + key + "\" is not a count");
        return (int) (long) l;
    }
}
