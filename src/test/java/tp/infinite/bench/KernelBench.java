package tp.infinite.bench;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import tp.infinite.InfiniteWidth;
import tp.infinite.Kernels;
import tp.lang.Frontend;
import tp.linalg.Blas;

/**
 * Wall time of NNGP + NTK ({@link InfiniteWidth#both}) for the 2-hidden-layer ReLU network of
 * {@code programs/mlp_relu_2.tp} with a 784-dimensional input, on N random points (self kernel,
 * N x N). Run after {@code mvn test-compile} and {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) tp.infinite.bench.KernelBench 1000 4000}.
 * Prints wall and process CPU time (on a busy shared machine the CPU time over the number of
 * cores is the better estimate of the idle-machine wall time).
 * neural-tangents (float64, 2 CPU threads) takes 1.0 s for N = 4000.
 */
public final class KernelBench {
    /** mlp_relu_2 with MNIST-sized input (run from the repository root). */
    static final java.nio.file.Path PROGRAM = java.nio.file.Path.of("examples/scale/mlp_relu_2_784.tp");

    private KernelBench() {}

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {1000, 4000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        InfiniteWidth iw = new InfiniteWidth(Frontend.load(PROGRAM));
        System.out.println("BLAS: " + Blas.get().name() + "; threads: " + Runtime.getRuntime().availableProcessors());
        iw.both(random(300, 784, 7), null); // warm-up (JIT, native library)
        for (int n : sizes) {
            DMatrixRMaj x = random(n, 784, 1);
            double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                long c0 = cpu(), t0 = System.nanoTime();
                Kernels k = iw.both(x, null);
                double s = (System.nanoTime() - t0) / 1e9, c = (cpu() - c0) / 1e9;
                best = Math.min(best, s);
                bestCpu = Math.min(bestCpu, c);
                System.out.printf("N = %d: NNGP + NTK in %.3f s wall, %.3f s CPU (K[0][1] = %.6f, Theta[0][1] = %.6f)%n",
                        n, s, c, k.nngp().get(0, 1), k.ntk().get(0, 1));
            }
            System.out.printf("N = %d: best %.3f s wall, %.3f s CPU (machine load %.1f)%n", n, best, bestCpu,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** CPU time of this process (all threads), ns: wall time is unreliable on a shared machine. */
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static DMatrixRMaj random(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < x.data.length; i++) x.data[i] = r.nextDouble();
        return x;
    }
}
