package tp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;
import tp.api.TensorProgram;
import tp.linalg.GramBlocks;
import tp.tiled.Fingerprint;
import tp.tiled.LocalStorage;
import tp.tiled.Manifest;
import tp.tiled.TileEngine;
import tp.tiled.TileLayout;
import tp.tiled.TiledKernelRun;

/**
 * {@code tp kernel ... --out DIR.tpk}: the kernel computed tile by tile into a resumable tiled
 * kernel directory (docs/TILED.md), memory bounded by {@code --memory}. Shared by {@code tp
 * predict --kernel}, which computes its train kernel the same way when it is missing.
 */
final class TiledOutput {
    /** Largest default tile: bounds the work lost to a kill and the size of one file. */
    static final int DEFAULT_MAX_TILE = 4096;

    private TiledOutput() {}

    static boolean isTiled(Path out) {
        return out != null && out.getFileName() != null && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tpk");
    }

    /** Computes (or finishes) the tiled kernel; returns its manifest. */
    static Manifest compute(TensorProgram tp, Path programFile, DMatrixRMaj x1, DMatrixRMaj x2, List<String> kinds,
                            Path out, String memory, Integer tile, PrintWriter err, String label, Integer width) {
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UserError(out.toString(), "exists and is not a directory");
        LocalStorage st = new LocalStorage(out);
        Manifest old = Manifest.read(st);
        boolean symmetric = x2 == null;
        int rows = x1.numRows, cols = symmetric ? rows : x2.numRows;
        int t;
        if (tile != null) {
            t = tile;
            if (t <= 0 || t % GramBlocks.BLOCK != 0) {
                throw new UserError(null, "--tile must be a positive multiple of " + GramBlocks.BLOCK + ", got " + t);
            }
        } else if (old != null) {
            t = old.layout.tile(); // resuming: keep the stored tiling
        } else {
            t = defaultTile(tp, x1, x2, kinds.size(), memoryBudget(memory));
        }
        Manifest wanted = new Manifest(new TileLayout(rows, cols, t, symmetric), kinds, tp.program().name(),
                programFingerprint(programFile, width), Fingerprint.of(x1), symmetric ? null : Fingerprint.of(x2));
        TileEngine engine = new TileEngine(tp, x1, x2, wanted.layout, kinds);
        TiledProgress progress = new TiledProgress(label, out.toString(), err);
        TiledKernelRun.Result r = TiledKernelRun.run(st, wanted, engine, progress);
        progress.finish(r);
        return r.manifest();
    }

    /**
     * The program's fingerprint in a manifest: the SHA-256 of its text, and of the width too when
     * the kernels were taken at one ({@code width} non-null: an NTK with parameters in the standard
     * parametrization, which grows with the width), so that a run at another width does not resume it.
     */
    static String programFingerprint(Path programFile, Integer width) {
        byte[] text;
        try {
            text = Files.readAllBytes(programFile);
        } catch (IOException e) {
            throw new UserError(programFile.toString(), "cannot read: " + e.getMessage());
        }
        if (width != null) {
            byte[] w = ("\n# tp --width " + width + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] both = java.util.Arrays.copyOf(text, text.length + w.length);
            System.arraycopy(w, 0, both, text.length, w.length);
            text = both;
        }
        return Fingerprint.sha256(text);
    }

    /** Bytes the tiles may use: {@code --memory}, or half of the heap the JVM may grow to. */
    static long memoryBudget(String memory) {
        if (memory == null) return Runtime.getRuntime().maxMemory() / 2;
        return parseSize("--memory", memory);
    }

    /** The largest multiple of GramBlocks.BLOCK (at most DEFAULT_MAX_TILE) whose tiles fit the budget. */
    static int defaultTile(TensorProgram tp, DMatrixRMaj x1, DMatrixRMaj x2, int kinds, long budget) {
        long data = 8L * (x1.data.length + (x2 == null ? 0 : x2.data.length));
        long left = budget - data;
        int n = tp.program().inputs().size();
        int grams = Math.max(1, n * (n + 1) / 2); // at most one Gram per pair of input statements
        int t = GramBlocks.BLOCK;
        if (left < TileEngine.bytesPerTile(t, grams, kinds)) {
            throw new UserError(null, String.format("--memory: %d MB is not enough for the data (%d MB) and one tile of %d points"
                    + " (%d MB); give more (e.g. --memory 4g, with TP_JAVA_OPTS=-Xmx8g)", budget >> 20, data >> 20, t,
                    TileEngine.bytesPerTile(t, grams, kinds) >> 20));
        }
        while (t + GramBlocks.BLOCK <= DEFAULT_MAX_TILE && TileEngine.bytesPerTile(t + GramBlocks.BLOCK, grams, kinds) <= left) {
            t += GramBlocks.BLOCK;
        }
        return t;
    }

    /** "4g", "512m", "64k" or a plain number of bytes. */
    static long parseSize(String option, String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("b")) v = v.substring(0, v.length() - 1);
        if (v.endsWith("k")) unit = 1L << 10;
        else if (v.endsWith("m")) unit = 1L << 20;
        else if (v.endsWith("g")) unit = 1L << 30;
        else if (v.endsWith("t")) unit = 1L << 40;
        if (unit != 1) v = v.substring(0, v.length() - 1);
        try {
            double x = Double.parseDouble(v);
            if (x > 0 && x * unit < Long.MAX_VALUE) return (long) (x * unit);
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError(null, option + " must be a size like 4g, 512m or 100000000, got '" + s + "'");
    }
}
