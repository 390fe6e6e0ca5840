package tp.infinite.bench;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import tp.api.TensorProgram;

/**
 * Seed 004's CNN at real size (programs/cnn_mnist.tp or any program given): front end, plan
 * and kernel times in one warm JVM, repeated, to separate the engine's own cost from JIT
 * warm-up (the whole-process figures come from timing {@code ./tp kernel}). Usage:
 * {@code java -cp ... tp.infinite.bench.CnnBench PROG.tp N [reps]}.
 */
public final class CnnBench {
    private CnnBench() {}

    public static void main(String[] args) {
        Path prog = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        for (int rep = 0; rep < reps; rep++) {
            long t0 = System.nanoTime();
            TensorProgram tp = TensorProgram.load(prog);
            long t1 = System.nanoTime();
            DMatrixRMaj x = random(1, tp.program().inputWidth(), 3);
            tp.ntk(x, null);
            long t2 = System.nanoTime();
            x = random(n, tp.program().inputWidth(), 1);
            DMatrixRMaj k = tp.ntk(x, null);
            long t3 = System.nanoTime();
            System.out.printf("front end %.3f s, compile (+1 point) %.3f s, NTK N = %d %.3f s (K[0][1] = %.9g)%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, n, (t3 - t2) / 1e9, k.get(0, Math.min(1, n - 1)));
        }
    }

    static DMatrixRMaj random(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < x.data.length; i++) x.data[i] = r.nextGaussian();
        return x;
    }
}
