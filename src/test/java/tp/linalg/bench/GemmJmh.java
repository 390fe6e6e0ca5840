package tp.linalg.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tp.linalg.Blas;

/**
 * JMH version of {@link GemmBench} (milliseconds per product; GFLOP/s = flops / ms / 1e6 with
 * flops 2*4000*4000*784 = 25.09e9 for gramGemm, 4000*4001*784 = 12.55e9 for gramSyrk,
 * 2*4096*4096*512 = 17.18e9 for squareTimesWide).
 *
 * <p>Run: {@code mvn -q package -DskipTests} then
 * {@code java -cp target/tp.jar:target/test-classes:JMH_JARS org.openjdk.jmh.Main GemmJmh}
 * with JMH_JARS = jmh-core-1.37, jopt-simple-5.0.4 and commons-math3-3.6.1 from ~/.m2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class GemmJmh {
    @Param({"native", "ejml"})
    public String impl;

    private Blas blas;
    private double[] x, gram, weights, acts, out;
    private static final int N = 4000, D = 784, W = 4096, BATCH = 512;

    @Setup(Level.Trial)
    public void setUp() {
        blas = "native".equals(impl)
                ? Blas.openBlas().orElseThrow(() -> new IllegalStateException("native OpenBLAS not available"))
                : Blas.ejml();
        Random r = new Random(1);
        x = GemmBench.random(r, N * D);
        gram = new double[N * N];
        weights = GemmBench.random(r, W * W);
        acts = GemmBench.random(r, W * BATCH);
        out = new double[W * BATCH];
    }

    @Benchmark
    public double[] gramGemm() {
        blas.gemm(false, true, N, N, D, 1.0, x, 0, D, x, 0, D, 0.0, gram, 0, N);
        return gram;
    }

    @Benchmark
    public double[] gramSyrk() {
        blas.syrk(false, N, D, 1.0, x, 0, D, 0.0, gram, 0, N);
        return gram;
    }

    @Benchmark
    public double[] squareTimesWide() {
        blas.gemm(false, false, W, BATCH, W, 1.0, weights, 0, W, acts, 0, BATCH, 0.0, out, 0, BATCH);
        return out;
    }
}
