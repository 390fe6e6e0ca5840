package tp.finite.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import tp.finite.FiniteNetwork;
import tp.lang.Frontend;
import tp.lang.Program;
import tp.linalg.Blas;

/**
 * Time of the exact empirical NTK of a 2-hidden-layer ReLU MLP ({@code mlp_relu_2}: 4 -> n -> n
 * -> 1) at width n on N points, against the time of the matrix products it cannot avoid, run
 * alone on same-shaped matrices through the same {@link Blas}: forward {@code W1 X}, {@code W2 H1},
 * {@code w3 H2}; backward {@code w3^T dF}, {@code W2^T dG2}; and the Gram matrices
 * {@code X^T X}, {@code dG1^T dG1}, {@code dG2^T dG2}, {@code H1^T H1}, {@code H2^T H2},
 * {@code dF^T dF} (syrk). Everything else (sampling excluded) is the executor's overhead: the
 * elementwise passes, allocation, the Hadamard products.
 *
 * <p>Run: {@code mvn -q package -DskipTests && java -Xmx6g -cp target/tp.jar:target/test-classes
 * tp.finite.bench.EmpiricalNtkBench [--width 4096] [--points 512] [--reps 3]}. Prints best and
 * median of the timed repetitions after one warm-up.
 */
public final class EmpiricalNtkBench {
    private EmpiricalNtkBench() {}

    public static void main(String[] args) throws Exception {
        int n = 4096, points = 512, reps = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--width" -> n = Integer.parseInt(args[++i]);
                case "--points" -> points = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: EmpiricalNtkBench [--width n] [--points N] [--reps R]");
            }
        }
        Program p = Frontend.load(Path.of(EmpiricalNtkBench.class.getResource("/tp/finite/mlp_relu_2.tp").toURI()));
        Random r = new Random(1);
        DMatrixRMaj x = new DMatrixRMaj(points, 4);
        for (int i = 0; i < x.data.length; i++) x.data[i] = r.nextGaussian();
        System.out.printf(Locale.ROOT, "%s; java %s, %d processors; n = %d, N = %d%n", Blas.get().name(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), n, points);

        double[] sample = new double[reps + 1], ntk = new double[reps + 1], products = new double[reps + 1];
        for (int rep = 0; rep <= reps; rep++) {
            long t0 = System.nanoTime();
            FiniteNetwork net = FiniteNetwork.sample(p, n, rep);
            long t1 = System.nanoTime();
            DMatrixRMaj k = net.ntk(x, null);
            long t2 = System.nanoTime();
            if (!Double.isFinite(k.get(0, 0))) throw new AssertionError();
            sample[rep] = (t1 - t0) * 1e-9;
            ntk[rep] = (t2 - t1) * 1e-9;
            products[rep] = productsAlone(n, points, r);
        }
        report("sampling the network", sample);
        report("empirical NTK (forward, backward, assembly)", ntk);
        report("its matrix products alone", products);
        double[] ratio = new double[reps];
        for (int i = 0; i < reps; i++) ratio[i] = ntk[i + 1] / products[i + 1];
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "ratio NTK / products: best %.2f, median %.2f%n", ratio[0], ratio[reps / 2]);
    }

    private static double productsAlone(int n, int points, Random r) {
        double[] w1 = gauss(n * 4, r), x = gauss(4 * points, r), w2 = gauss(n * n, r), w3 = gauss(n, r);
        double[] h1 = gauss(n * points, r), h2 = gauss(n * points, r), dg1 = gauss(n * points, r), dg2 = gauss(n * points, r);
        double[] df = gauss(points, r);
        double[] out = new double[n * points], g = new double[points * points], f = new double[points];
        Blas b = Blas.get();
        long t0 = System.nanoTime();
        b.gemm(false, false, n, points, 4, 1, w1, 0, 4, x, 0, points, 0, out, 0, points);            // W1 X
        b.gemm(false, false, n, points, n, 1, w2, 0, n, h1, 0, points, 0, out, 0, points);           // W2 H1
        b.gemm(false, false, 1, points, n, 1, w3, 0, n, h2, 0, points, 0, f, 0, points);             // w3 H2
        b.gemm(true, false, n, points, 1, 1, w3, 0, n, df, 0, points, 0, out, 0, points);            // w3^T dF
        b.gemm(true, false, n, points, n, 1, w2, 0, n, dg2, 0, points, 0, out, 0, points);           // W2^T dG2
        b.syrk(true, points, 4, 1, x, 0, points, 0, g, 0, points);                                   // X^T X
        for (double[] m : new double[][] {dg1, dg2, h1, h2}) b.syrk(true, points, n, 1, m, 0, points, 0, g, 0, points);
        b.syrk(true, points, 1, 1, df, 0, points, 0, g, 0, points);                                  // dF^T dF
        return (System.nanoTime() - t0) * 1e-9;
    }

    private static double[] gauss(int size, Random r) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) a[i] = r.nextGaussian();
        return a;
    }

    private static void report(String what, double[] seconds) {
        double[] timed = Arrays.copyOfRange(seconds, 1, seconds.length);
        Arrays.sort(timed);
        System.out.printf(Locale.ROOT, "%-45s best %.3f s, median %.3f s%n", what, timed[0], timed[timed.length / 2]);
    }
}
