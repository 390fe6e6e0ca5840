package tp.infinite.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import tp.api.TensorProgram;
import tp.data.Datasets;
import tp.infinite.Kernels;

/**
 * The paper's MNIST CNN at real size (examples/mnist/cnn28.tp) on real images: NNGP and NTK of
 * the first 500 train and first 500 test images of MNIST (1000 x 1000, one pass), wall and process
 * CPU time and the peak heap. Needs examples/data/fetch-mnist.sh first. Run with the heap to
 * check, e.g. {@code java -Xmx4g -cp ... tp.infinite.bench.MnistCnnBench [N] [program]}.
 */
public final class MnistCnnBench {
    private MnistCnnBench() {}

    /** The first n/2 train and first n - n/2 test images of MNIST, pixels standardized with the train statistics. */
    static DMatrixRMaj images(int n) {
        Datasets.Split s = Datasets.fromCache(Path.of("examples/data/cache"), n / 2, n - n / 2,
                Datasets.Scaling.UNIT_INTERVAL, Datasets.Encoding.ONE_HOT);
        DMatrixRMaj train = s.trainX().copy(), test = s.testX().copy();
        Datasets.scale(train, test, Datasets.Scaling.STANDARDIZED);
        DMatrixRMaj x = new DMatrixRMaj(n, train.numCols);
        System.arraycopy(train.data, 0, x.data, 0, train.data.length);
        System.arraycopy(test.data, 0, x.data, train.data.length, test.data.length);
        return x;
    }

    public static void main(String[] args) {
        if (args.length == 3 && args[0].equals("--export")) { // the same N images as a .npy file, for whole-process runs
            tp.io.MatrixWriter.write(images(Integer.parseInt(args[1])), Path.of(args[2]));
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path prog = Path.of(args.length > 1 ? args[1] : "examples/mnist/cnn28.tp");
        DMatrixRMaj x = images(n);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
        TensorProgram tp = TensorProgram.load(prog);
        Kernels k = tp.kernels(x, null);
        double wall = (System.nanoTime() - t0) / 1e9, cpu = (os.getProcessCpuTime() - c0) / 1e9;
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        System.out.printf("%s, N = %d MNIST images: NNGP + NTK in %.1f s wall, %.1f s process CPU; peak heap %.0f MB"
                + " (max %.0f MB); K[0][1] = %.6f, Theta[0][1] = %.6f%n", prog, n, wall, cpu, peak / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6, k.nngp().get(0, 1), k.ntk().get(0, 1));
    }
}
