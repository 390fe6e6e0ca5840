package tp.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;
import tp.api.TensorProgram;
import tp.io.DataReader;
import tp.linalg.GramBlocks;
import tp.tiled.Fingerprint;
import tp.tiled.Manifest;
import tp.tiled.TileCodec;
import tp.tiled.TileEngine;
import tp.tiled.TileLayout;
import tp.tiled.TiledKernelRun;

/**
 * The Spark job: the tiles of K(X1, X2) (NNGP, NTK or both) computed on the executors, each by
 * the same {@link TileEngine} as {@code tp kernel --out DIR.tpk}, written in the same tiled
 * format to any Hadoop-compatible path. The driver reads the program and the data, ships them to
 * the executors (program text in the closure, data as a broadcast), skips tiles already finished
 * by an earlier (interrupted) run, and writes the manifest with every tile's checksum at the end.
 *
 * <pre>
 * spark-submit --class tp.spark.TiledKernelJob tp-spark.jar \
 *     --program hdfs:///tp/mlp.tp --x1 hdfs:///tp/x.npy [--x2 ...] --kind both --out hdfs:///tp/K.tpk [--tile 2048]
 * </pre>
 */
public final class TiledKernelJob {
    /** Default tile: 2048 points, about 200 MB of executor memory per running task for one input Gram and both kinds. */
    static final int DEFAULT_TILE = 2048;

    private TiledKernelJob() {}

    /** What the job did. */
    public record Result(int computed, int skipped, Manifest manifest) {}

    public static void main(String[] args) {
        Map<String, String> o;
        try {
            o = options(args);
        } catch (UserError e) {
            System.err.println("tp-spark: " + e.getMessage());
            System.err.println("usage: TiledKernelJob --program P.tp --x1 A [--x2 B] --kind nngp|ntk|both --out DIR.tpk"
                    + " [--tile T] [--master URL]");
            System.exit(2);
            return;
        }
        SparkConf conf = new SparkConf().setAppName("tp tiled kernel");
        if (o.containsKey("master")) conf.setMaster(o.get("master"));
        else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            long t0 = System.nanoTime();
            Result r = run(sc, o);
            System.err.printf("tp-spark: %s: %d tiles computed, %d kept from before, in %.1f s%n", o.get("out"), r.computed(),
                    r.skipped(), (System.nanoTime() - t0) / 1e9);
        } catch (UserError e) {
            System.err.println("tp-spark: " + e.getMessage());
            System.exit(2);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) throw new UserError(null, "bad argument '" + args[i] + "'");
            o.put(args[i].substring(2), args[i + 1]);
        }
        for (String k : o.keySet()) {
            if (!List.of("program", "x1", "x2", "kind", "out", "tile", "master").contains(k)) throw new UserError(null, "unknown option --" + k);
        }
        for (String k : List.of("program", "x1", "kind", "out")) if (!o.containsKey(k)) throw new UserError(null, "--" + k + " is required");
        return o;
    }

    /** Runs the job on {@code sc} with options program, x1, x2, kind, out, tile (paths: any Hadoop URI). */
    public static Result run(JavaSparkContext sc, Map<String, String> o) {
        Configuration hconf = sc.hadoopConfiguration();
        List<String> kinds = switch (o.get("kind")) {
            case "nngp" -> List.of("nngp");
            case "ntk" -> List.of("ntk");
            case "both" -> List.of("nngp", "ntk");
            default -> throw new UserError(null, "--kind must be nngp, ntk or both, got '" + o.get("kind") + "'");
        };
        byte[] text = readAll(o.get("program"), hconf);
        String name = new org.apache.hadoop.fs.Path(o.get("program")).getName();
        TensorProgram tp = TensorProgram.parse(name, new String(text, StandardCharsets.UTF_8)); // user errors on the driver
        DMatrixRMaj x1 = readData(o.get("x1"), hconf);
        DMatrixRMaj x2 = o.containsKey("x2") ? readData(o.get("x2"), hconf) : null;
        int tile = o.containsKey("tile") ? Integer.parseInt(o.get("tile")) : DEFAULT_TILE;
        if (tile <= 0 || tile % GramBlocks.BLOCK != 0) {
            throw new UserError(null, "--tile must be a positive multiple of " + GramBlocks.BLOCK + ", got " + tile);
        }
        TileLayout layout = new TileLayout(x1.numRows, x2 == null ? x1.numRows : x2.numRows, tile, x2 == null);
        // checks the data against the program before any executor starts
        tp.kernels(TileEngineRows.first(x1), x2 == null ? null : TileEngineRows.first(x2));
        Manifest wanted = new Manifest(layout, kinds, tp.program().name(), Fingerprint.sha256(text), Fingerprint.of(x1),
                x2 == null ? null : Fingerprint.of(x2));
        URI out = URI.create(o.get("out"));
        Manifest m;
        HadoopStorage st;
        try {
            st = new HadoopStorage(out, hconf);
            m = TiledKernelRun.openOrCreate(st, wanted);
        } catch (IOException e) {
            throw new UserError(o.get("out"), "cannot open: " + e.getMessage());
        }
        List<int[]> pending = new ArrayList<>();
        for (int[] t : layout.tiles()) {
            boolean done = true;
            for (String k : kinds) done &= m.has(TileLayout.name(k, t[0], t[1]));
            if (!done) pending.add(t);
        }
        int skipped = layout.tiles().size() - pending.size();
        if (!pending.isEmpty()) {
            Map<String, String> confEntries = new HashMap<>();
            for (Map.Entry<String, String> e : hconf) confEntries.put(e.getKey(), e.getValue());
            Job job = new Job(name, new String(text, StandardCharsets.UTF_8), layout, kinds, out.toString(), confEntries);
            Broadcast<Job> bjob = sc.broadcast(job);
            Broadcast<double[][]> data = sc.broadcast(new double[][] {x1.data, x2 == null ? null : x2.data,
                    {x1.numRows, x1.numCols, x2 == null ? 0 : x2.numRows}});
            List<int[]> results = sc.parallelize(pending, pending.size())
                    .map(t -> compute(bjob.value(), data, t))
                    .collect();
            for (int i = 0; i < pending.size(); i++) {
                int[] t = pending.get(i);
                long[] crcs = unpack(results.get(i));
                for (int k = 0; k < kinds.size(); k++) m.put(TileLayout.name(kinds.get(k), t[0], t[1]), crcs[k]);
            }
            bjob.destroy();
            data.destroy();
        }
        m.markCompleteIfDone();
        try {
            m.write(st);
        } catch (IOException e) {
            throw new UserError(o.get("out"), "cannot write the manifest: " + e.getMessage());
        }
        return new Result(pending.size(), skipped, m);
    }

    /** What every task needs besides the data. */
    record Job(String programName, String programText, TileLayout layout, List<String> kinds, String out,
               Map<String, String> hadoopConf) implements Serializable {}

    /** Per executor JVM: the engine (parsed program, data) of the current job's data broadcast. */
    private static long engineId = -1;
    private static TileEngine engine;

    private static synchronized TileEngine engine(Job job, Broadcast<double[][]> data) {
        if (engineId != data.id()) {
            double[][] d = data.value();
            int n1 = (int) d[2][0], cols = (int) d[2][1], n2 = (int) d[2][2];
            DMatrixRMaj x1 = DMatrixRMaj.wrap(n1, cols, d[0]);
            DMatrixRMaj x2 = d[1] == null ? null : DMatrixRMaj.wrap(n2, cols, d[1]);
            engine = new TileEngine(TensorProgram.parse(job.programName(), job.programText()), x1, x2, job.layout(), job.kinds());
            engineId = data.id();
        }
        return engine;
    }

    private static int[] compute(Job job, Broadcast<double[][]> data, int[] t) throws IOException {
        TileEngine engine = engine(job, data);
        double[][] tiles = engine.compute(t[0], t[1]);
        Configuration conf = new Configuration(false);
        job.hadoopConf().forEach(conf::set);
        HadoopStorage st = new HadoopStorage(URI.create(job.out()), conf);
        int rows = job.layout().rowsOf(t[0]), cols = job.layout().colsOf(t[1]);
        long[] crcs = new long[tiles.length];
        for (int k = 0; k < tiles.length; k++) {
            double[] tile = tiles[k];
            int kk = k;
            st.write(TileLayout.name(job.kinds().get(k), t[0], t[1]), os -> crcs[kk] = TileCodec.write(os, tile, rows, cols));
        }
        return pack(crcs);
    }

    private static int[] pack(long[] crcs) {
        int[] r = new int[crcs.length];
        for (int i = 0; i < r.length; i++) r[i] = (int) crcs[i];
        return r;
    }

    private static long[] unpack(int[] r) {
        long[] c = new long[r.length];
        for (int i = 0; i < r.length; i++) c[i] = r[i] & 0xffffffffL;
        return c;
    }

    static byte[] readAll(String uri, Configuration conf) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UserError(uri, "cannot read: " + e.getMessage());
        }
    }

    /** Data files are parsed by the same reader as the CLI (CSV or .npy), from a local copy. */
    static DMatrixRMaj readData(String uri, Configuration conf) {
        byte[] bytes = readAll(uri, conf);
        String suffix = uri.toLowerCase(java.util.Locale.ROOT).endsWith(".npy") ? ".npy" : ".csv";
        try {
            java.nio.file.Path tmp = Files.createTempFile("tp-spark-data", suffix);
            try {
                Files.write(tmp, bytes);
                return DataReader.read(tmp, uri);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UserError(uri, "cannot read: " + e.getMessage());
        }
    }

    /** The first row of a data matrix (a cheap check of the data against the program). */
    private static final class TileEngineRows {
        static DMatrixRMaj first(DMatrixRMaj x) {
            DMatrixRMaj r = new DMatrixRMaj(Math.min(1, x.numRows), x.numCols);
            System.arraycopy(x.data, 0, r.data, 0, r.data.length);
            return r;
        }
    }
}
