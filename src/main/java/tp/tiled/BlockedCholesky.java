package tp.tiled;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tp.UserError;
import tp.linalg.Blas;

/**
 * Out-of-core Cholesky factor {@code A + shift I = L L^T} of a symmetric tiled kernel, for train
 * kernels larger than the heap. Left-looking over block columns of the kernel's tile size: column
 * j is loaded (one panel of N x T), updated with every finished column k &lt; j read back from
 * disk, its diagonal tile factored in memory ({@link DenseCholesky}) and the panel below solved;
 * its tiles are then written. Memory: one panel plus two tiles. The factor lives next to the
 * kernel ({@code DIR.tpk/cholesky-KIND-reg-R/}) with its own manifest, so it is resumable column
 * by column and reused by later predictions with the same kernel, kind and --reg.
 *
 * <p>As in {@code tp.kernels.SpdFactor}, a kernel whose estimated reciprocal 1-norm condition
 * number is below 1e-12 (Hager/Higham, here with at most two iterations) is refused.
 */
public final class BlockedCholesky {
    static final double MIN_RCOND = 1e-12;
    private static final String FORMAT = "tp-cholesky-factor";

    private final TiledKernel kernel;
    private final String kind;
    private final TileStorage st;
    private final String dir;
    private final TileLayout layout;
    private final Map<String, Object> info;
    private final Map<String, String> tiles;

    private BlockedCholesky(TiledKernel kernel, String kind, String dir, Map<String, Object> info, Map<String, String> tiles) {
        this.kernel = kernel;
        this.kind = kind;
        this.st = kernel.storage();
        this.dir = dir;
        this.layout = kernel.layout();
        this.info = info;
        this.tiles = tiles;
    }

    /** Factors (or finishes factoring, or reuses) the {@code kind} kernel with {@code reg * mean(diag)} added to its diagonal. */
    public static BlockedCholesky factor(TiledKernel kernel, String kind, double reg, Consumer<String> log) {
        TileLayout l = kernel.layout();
        if (!l.symmetric()) throw new UserError(kernel.storage().where(""), "is not a symmetric (train) kernel");
        if (!kernel.has(kind)) {
            throw new UserError(kernel.storage().where(""), "holds no " + kind + " kernel (it has " + kernel.manifest().kinds + ")");
        }
        String dir = "cholesky-" + kind + "-reg-" + reg;
        BlockedCholesky f = open(kernel, kind, dir, reg);
        try {
            f.run(reg, log);
        } catch (IOException e) {
            throw new UserError(null, "writing the Cholesky factor " + f.st.where(dir) + ": " + e.getMessage()
                    + " (finished columns are kept: run the same command again to resume)");
        }
        return f;
    }

    @SuppressWarnings("unchecked")
    private static BlockedCholesky open(TiledKernel kernel, String kind, String dir, double reg) {
        TileStorage st = kernel.storage();
        String file = dir + "/" + Manifest.FILE;
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("format", FORMAT);
        want.put("version", 1L);
        want.put("n", (long) kernel.layout().rows());
        want.put("tile", (long) kernel.layout().tile());
        want.put("kind", kind);
        want.put("reg", Double.toString(reg)); // text: JSON would write 0.0 as 0 and read it back as another type
        want.put("program_sha256", kernel.manifest().programSha256);
        want.put("x1_sha256", kernel.manifest().x1.sha256());
        try {
            if (st.exists(file)) {
                Map<String, Object> old;
                try (InputStream in = st.open(file)) {
                    old = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                boolean same = true;
                for (String k : want.keySet()) same &= String.valueOf(want.get(k)).equals(String.valueOf(old.get(k)));
                if (same) {
                    Map<String, String> t = new LinkedHashMap<>();
                    for (Map.Entry<String, Object> e : ((Map<String, Object>) old.get("tiles")).entrySet()) {
                        if (st.exists(e.getKey())) t.put(e.getKey(), (String) e.getValue());
                    }
                    return new BlockedCholesky(kernel, kind, dir, old, t);
                }
            }
            st.cleanTemporaries(dir + "/L");
        } catch (IOException | RuntimeException e) {
            // an unreadable or foreign factor is recomputed from scratch
        }
        return new BlockedCholesky(kernel, kind, dir, want, new LinkedHashMap<>());
    }

    private String lname(int i, int j) {
        return String.format("%s/L/tile-%05d-%05d.npy", dir, i, j);
    }

    private void saveManifest() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>(info);
        m.put("tiles", new LinkedHashMap<String, Object>(tiles));
        byte[] b = Json.write(m).getBytes(StandardCharsets.UTF_8);
        st.write(dir + "/" + Manifest.FILE, out -> out.write(b));
    }

    private boolean columnDone(int j) {
        for (int i = j; i < layout.rowBlocks(); i++) if (!tiles.containsKey(lname(i, j))) return false;
        return true;
    }

    private void run(double reg, Consumer<String> log) throws IOException {
        int nb = layout.rowBlocks();
        if (!info.containsKey("shift")) norms(reg);
        double shift = ((Number) info.get("shift")).doubleValue();
        long start = System.nanoTime();
        int done0 = 0;
        for (int j = 0; j < nb; j++) if (columnDone(j)) done0++;
        if (done0 == nb && info.containsKey("rcond")) return;
        if (done0 > 0 && done0 < nb) log.accept("resuming the Cholesky factor: " + done0 + " of " + nb + " block columns already finished");
        Blas blas = Blas.get();
        double work = 0, workLeft = 0;
        for (int j = 0; j < nb; j++) if (!columnDone(j)) workLeft += columnWork(j);
        for (int j = 0; j < nb; j++) {
            if (columnDone(j)) continue;
            int tj = layout.rowsOf(j);
            List<double[]> panel = new ArrayList<>();
            for (int i = j; i < nb; i++) panel.add(kernel.block(kind, i, j));
            double[] d = panel.get(0);
            for (int q = 0; q < tj; q++) d[q * tj + q] += shift;
            for (int k = 0; k < j; k++) {
                int tk = layout.rowsOf(k);
                double[] ljk = readL(j, k);
                for (int i = j; i < nb; i++) {
                    double[] lik = i == j ? ljk : readL(i, k);
                    blas.gemm(false, true, layout.rowsOf(i), tj, tk, -1.0, lik, 0, tk, ljk, 0, tk, 1.0, panel.get(i - j), 0, tj);
                }
            }
            DenseCholesky dc = DenseCholesky.factor(d, tj);
            if (dc == null) throw singular(0);
            for (int i = j + 1; i < nb; i++) dc.rightSolveTransposed(panel.get(i - j), layout.rowsOf(i));
            for (int i = j; i < nb; i++) {
                double[] t = panel.get(i - j);
                String name = lname(i, j);
                int rows = layout.rowsOf(i);
                long[] crc = new long[1];
                st.write(name, out -> crc[0] = TileCodec.write(out, t, rows, tj));
                tiles.put(name, TileCodec.crcText(crc[0]));
            }
            saveManifest();
            work += columnWork(j);
            double s = (System.nanoTime() - start) / 1e9;
            log.accept(String.format("Cholesky factor: block column %d of %d, %s, about %s left", j + 1, nb,
                    TiledKernelRun.duration(s), TiledKernelRun.duration(s * (workLeft - work) / work)));
        }
        double rcond = estimateRcond(((Number) info.get("norm1")).doubleValue());
        info.put("rcond", rcond);
        saveManifest();
        if (!(rcond >= MIN_RCOND)) throw singular(rcond);
    }

    /** Flops of block column j (left-looking updates plus the panel solve), up to a constant. */
    private double columnWork(int j) {
        double below = layout.rows() - (double) j * layout.tile();
        return below * layout.rowsOf(j) * ((double) j * layout.tile() + layout.rowsOf(j));
    }

    /** One pass over the kernel: the diagonal shift reg * mean(diag) and the 1-norm of the shifted kernel. */
    private void norms(double reg) throws IOException {
        int n = layout.rows(), nb = layout.rowBlocks();
        double[] colSum = new double[n];
        double trace = 0;
        for (int i = 0; i < nb; i++) {
            for (int j = i; j < nb; j++) {
                double[] t = kernel.block(kind, i, j);
                int r = layout.rowsOf(i), c = layout.rowsOf(j);
                for (int a = 0; a < r; a++) {
                    for (int b = 0; b < c; b++) {
                        double v = Math.abs(t[a * c + b]);
                        colSum[j * layout.tile() + b] += v;
                        if (i != j) colSum[i * layout.tile() + a] += v;
                    }
                }
                if (i == j) for (int a = 0; a < r; a++) trace += t[a * c + a];
            }
        }
        double shift = reg == 0 ? 0 : reg * trace / n;
        double norm = 0;
        for (double s : colSum) norm = Math.max(norm, s + Math.abs(shift));
        info.put("shift", shift);
        info.put("norm1", norm);
    }

    private double[] readL(int i, int j) {
        String name = lname(i, j);
        Manifest pseudo = new Manifest(layout, List.of(), "", "", kernel.manifest().x1, null);
        pseudo.putText(name, tiles.get(name));
        return TiledKernel.readTile(st, pseudo, name, layout.rowsOf(i), layout.rowsOf(j));
    }

    /** The kernel size N. */
    public int size() {
        return layout.rows();
    }

    public double shift() {
        return ((Number) info.get("shift")).doubleValue();
    }

    /** {@code (A + shift I)^{-1} Y} for N x c Y (row-major; not modified). */
    public double[] solve(double[] y, int c) {
        Blas blas = Blas.get();
        int nb = layout.rowBlocks(), t = layout.tile();
        double[] z = y.clone();
        for (int i = 0; i < nb; i++) { // forward: row i of L
            int ti = layout.rowsOf(i);
            for (int k = 0; k < i; k++) {
                blas.gemm(false, false, ti, c, layout.rowsOf(k), -1.0, readL(i, k), 0, layout.rowsOf(k), z, k * t * c, c, 1.0, z, i * t * c, c);
            }
            diag(i).forwardAt(z, i * t * c, c);
        }
        for (int i = nb - 1; i >= 0; i--) { // backward: column i of L, transposed
            int ti = layout.rowsOf(i);
            for (int k = i + 1; k < nb; k++) {
                blas.gemm(true, false, ti, c, layout.rowsOf(k), -1.0, readL(k, i), 0, ti, z, k * t * c, c, 1.0, z, i * t * c, c);
            }
            diag(i).backwardAt(z, i * t * c, c);
        }
        return z;
    }

    private Diag diag(int i) {
        return new Diag(readL(i, i), layout.rowsOf(i));
    }

    /** Substitution with a stored diagonal factor tile. */
    private record Diag(double[] l, int n) {
        void forwardAt(double[] y, int off, int c) {
            for (int i = 0; i < n; i++) {
                int ri = off + i * c;
                for (int j = 0; j < i; j++) {
                    double lij = l[i * n + j];
                    if (lij == 0) continue;
                    int rj = off + j * c;
                    for (int q = 0; q < c; q++) y[ri + q] -= lij * y[rj + q];
                }
                double inv = 1.0 / l[i * n + i];
                for (int q = 0; q < c; q++) y[ri + q] *= inv;
            }
        }

        void backwardAt(double[] y, int off, int c) {
            for (int i = n - 1; i >= 0; i--) {
                int ri = off + i * c;
                for (int j = i + 1; j < n; j++) {
                    double lji = l[j * n + i];
                    if (lji == 0) continue;
                    int rj = off + j * c;
                    for (int q = 0; q < c; q++) y[ri + q] -= lji * y[rj + q];
                }
                double inv = 1.0 / l[i * n + i];
                for (int q = 0; q < c; q++) y[ri + q] *= inv;
            }
        }
    }

    /** Hager's estimate of 1/(||A||_1 ||A^{-1}||_1), at most two iterations, with Higham's alternating vector. */
    private double estimateRcond(double normA) {
        int n = size();
        if (normA == 0) return 0;
        double[] xb = new double[2 * n]; // column 0: the uniform start vector, column 1: Higham's vector
        for (int i = 0; i < n; i++) {
            xb[2 * i] = 1.0 / n;
            xb[2 * i + 1] = (i % 2 == 0 ? 1 : -1) * (1 + (n == 1 ? 0 : (double) i / (n - 1)));
        }
        double[] yb = solve(xb, 2);
        double est = 0, alt = 0;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = yb[2 * i];
            alt += Math.abs(yb[2 * i + 1]);
        }
        alt = 2 * alt / (3.0 * n);
        for (int iter = 0; iter < 2; iter++) {
            double e = 0;
            for (double v : y) e += Math.abs(v);
            if (!Double.isFinite(e)) return 0;
            if (iter > 0 && e <= est) break;
            est = e;
            double[] s = new double[n];
            for (int i = 0; i < n; i++) s[i] = y[i] >= 0 ? 1 : -1;
            double[] z = solve(s, 1);
            int jmax = 0;
            for (int i = 0; i < n; i++) if (Math.abs(z[i]) > Math.abs(z[jmax])) jmax = i;
            if (iter == 1) break;
            double[] ej = new double[n];
            ej[jmax] = 1;
            y = solve(ej, 1);
        }
        if (!Double.isFinite(alt)) return 0;
        return 1.0 / (normA * Math.max(est, alt));
    }

    private UserError singular(double rcond) {
        return new UserError(null, String.format("the train kernel is numerically singular (estimated reciprocal condition"
                + " number %.2g); add a ridge with --reg, e.g. --reg 1e-6", rcond));
    }
}
