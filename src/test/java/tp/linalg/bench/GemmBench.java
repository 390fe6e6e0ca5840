package tp.linalg.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import tp.linalg.Blas;

/**
 * Prints GFLOP/s of the products that decide the project's speed, for native OpenBLAS and for
 * EJML: the Gram matrix of N = 4000 points of dimension 784 (gemm A A^T and syrk) and a
 * 4096 x 4096 times 4096 x 512 product (finite-width layer on a batch).
 *
 * <p>Run: {@code mvn -q package -DskipTests && java -Xmx3g -cp target/tp.jar:target/test-classes
 * tp.linalg.bench.GemmBench [--reps R] [--only native|ejml]}. Each figure is the best and the
 * median of R timed calls after one warm-up call. syrk's GFLOP/s count the n(n+1)k flops it
 * needs, i.e. half of gemm's; its "as gemm" column is 2 n^2 k / time, comparable with gemm's.
 *
 * <p>The first line is the time {@link Blas#get()} took in this fresh JVM (native library load).
 */
public final class GemmBench {
    private GemmBench() {}

    public static void main(String[] args) {
        int reps = 3;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("usage: GemmBench [--reps R] [--only native|ejml]");
            }
        }
        long t0 = System.nanoTime();
        Blas chosen = Blas.get();
        double loadMs = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "Blas.get() = %s, chosen in %.0f ms (cold JVM)%s%n", chosen.name(), loadMs,
                Blas.fallbackReason().map(r -> "; fallback: " + r).orElse(""));
        System.out.printf(Locale.ROOT, "java %s, %d processors, best/median of %d after 1 warm-up%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), reps);

        List<Blas> impls = new ArrayList<>();
        if (!"ejml".equals(only)) Blas.openBlas().ifPresentOrElse(impls::add,
                () -> System.out.println("native OpenBLAS: not available here"));
        if (!"native".equals(only)) impls.add(Blas.ejml());

        Random r = new Random(1);
        int n = 4000, d = 784;
        double[] x = random(r, n * d);
        double[] gram = new double[n * n];
        int w = 4096, batch = 512;
        double[] weights = random(r, w * w);
        double[] acts = random(r, w * batch);
        double[] out = new double[w * batch];

        System.out.printf("%-40s %-36s %9s %9s %9s %9s%n", "implementation", "product", "best ms", "GFLOP/s",
                "median", "as gemm");
        for (Blas b : impls) {
            report(b, "gemm  A A^T, A 4000x784", 2.0 * n * n * d, 2.0 * n * n * d, reps,
                    () -> b.gemm(false, true, n, n, d, 1.0, x, 0, d, x, 0, d, 0.0, gram, 0, n));
            report(b, "syrk  A A^T, A 4000x784", (double) n * (n + 1) * d, 2.0 * n * n * d, reps,
                    () -> b.syrk(false, n, d, 1.0, x, 0, d, 0.0, gram, 0, n));
            report(b, "gemm  4096x4096 * 4096x512", 2.0 * w * w * batch, 2.0 * w * w * batch, reps,
                    () -> b.gemm(false, false, w, batch, w, 1.0, weights, 0, w, acts, 0, batch, 0.0, out, 0, batch));
        }
    }

    private static void report(Blas b, String what, double flops, double gemmFlops, int reps, Runnable op) {
        op.run();
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            op.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        double best = ms[0], median = ms[reps / 2];
        System.out.printf(Locale.ROOT, "%-40s %-36s %9.0f %9.1f %9.1f %9.1f%n", b.name(), what, best,
                flops / best / 1e6, flops / median / 1e6, gemmFlops / best / 1e6);
    }

    static double[] random(Random r, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) v[i] = 2 * r.nextDouble() - 1;
        return v;
    }
}
