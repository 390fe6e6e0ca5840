package tp.infinite.bench;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import tp.infinite.InfiniteWidth;
import tp.infinite.Kernels;
import tp.lang.Frontend;

/**
 * Wall and CPU time of NNGP + NTK ({@link InfiniteWidth#both}) for MLPs of smooth
 * nonlinearities without a closed form (Mehler series over per-point Hermite coefficients,
 * quadrature where the series is slow): {@code mlp_tanh_3} (3 tanh layers, weight sigma 1.2,
 * bias 0.1), {@code mlp_sigmoid_2} (2 sigmoid layers, 2.0 / 0.5), {@code mlp_softplus_2} (1.5 / 0.2)
 * and {@code mlp_tanhsig_2} (tanh(x) sigmoid(x), 1.5 / 0.3; as in SmoothReferenceTest), 4 inputs per point drawn
 * like {@code vec_x1.csv} (standard normal entries times 1.3), self kernel of N points, plus the
 * largest error estimate the engine reported. Run after {@code mvn test-compile} and
 * {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) tp.infinite.bench.SmoothBench 200 1000}
 * ({@code -Dreps=1}: one run per size instead of the best of three).
 */
public final class SmoothBench {
    public static String mlp(String fn, int layers, double w, double b) {
        StringBuilder s = new StringBuilder("input x : 4\nMatIn W1 : n x 4 sigma " + w + "\nMatMul z1 := W1 x\n"
                + "VecIn b1 : n sigma " + b + "\nLinComb g1 := z1 + b1\nNonlin h1 := " + fn.replace("#", "g1") + "\n");
        for (int l = 2; l <= layers; l++) {
            s.append("MatIn W").append(l).append(" : n x n sigma ").append(w).append("\nMatMul z").append(l)
                    .append(" := W").append(l).append(" h").append(l - 1).append("\nVecIn b").append(l).append(" : n sigma ")
                    .append(b).append("\nLinComb g").append(l).append(" := z").append(l).append(" + b").append(l)
                    .append("\nNonlin h").append(l).append(" := ").append(fn.replace("#", "g" + l)).append("\n");
        }
        s.append("MatIn V : 1 x n sigma ").append(w).append("\nMatMul o := V h").append(layers)
                .append("\nVecIn c : 1 sigma ").append(b).append("\nLinComb f := o + c\nOutput f\n");
        return s.toString();
    }

    /** Repetitions per size (best of), {@code -Dreps=1} for the large sizes. */
    private static final int REPS = Integer.getInteger("reps", 3);

    private SmoothBench() {}

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {200, 1000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        String[][] nets = {{"mlp_tanh_3", mlp("tanh(#)", 3, 1.2, 0.1)}, {"mlp_sigmoid_2", mlp("sigmoid(#)", 2, 2.0, 0.5)},
            {"mlp_softplus_2", mlp("softplus(#)", 2, 1.5, 0.2)}, {"mlp_tanhsig_2", mlp("tanh(#) * sigmoid(#)", 2, 1.5, 0.3)}};
        for (String[] net : nets) {
            InfiniteWidth iw = new InfiniteWidth(Frontend.parse(net[0] + ".tp", net[1]));
            iw.both(random(200, 4, 3), null); // warm-up
            for (int n : sizes) {
                DMatrixRMaj x = random(n, 4, 1);
                double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
                for (int rep = 0; rep < REPS; rep++) {
                    long c0 = cpu(), t0 = System.nanoTime();
                    Kernels k = iw.both(x, null);
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                    bestCpu = Math.min(bestCpu, (cpu() - c0) / 1e9);
                }
                System.out.printf("%s N = %d: NNGP + NTK best %.3f s wall, %.3f s CPU; reported error %.2g%n", net[0], n,
                        best, bestCpu, iw.lastNumericalTolerance());
            }
        }
    }

    public static DMatrixRMaj random(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n * d; i++) x.data[i] = 1.3 * gaussian(r);
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
