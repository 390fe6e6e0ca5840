package tp.infinite.bench;

import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import tp.infinite.InfiniteWidth;
import tp.io.DataReader;
import tp.lang.Frontend;

/**
 * The gated-recurrence benchmark of issue 14: the NNGP (and with {@code ntk}, the NTK) of the
 * 4-step GRU with erf-sigmoid gates (programs/gru4.tp) on the 20 points of
 * examples/data/seq4x5_x1.csv (the last repeats row 4). Prints wall and process CPU time, the
 * quasi-Monte Carlo count and error estimate, and the largest difference between entries that
 * must be equal (the repeated point's rows, the two triangles). The machine's other load
 * inflates the wall time: the figures are upper bounds. Run after {@code mvn test-compile}:
 * {@code java -cp target/tp.jar:target/test-classes tp.infinite.bench.GruBench [nngp|ntk]}.
 */
public final class GruBench {
    private GruBench() {}

    public static void main(String[] args) {
        boolean ntk = args.length > 0 && args[0].equals("ntk");
        DMatrixRMaj x = DataReader.read(Path.of("examples/data/seq4x5_x1.csv"));
        InfiniteWidth iw = new InfiniteWidth(Frontend.load(Path.of("programs/gru4.tp")));
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
        DMatrixRMaj k = ntk ? iw.ntk(x, null) : iw.nngp(x, null);
        double wall = (System.nanoTime() - t0) * 1e-9, cpu = (os.getProcessCpuTime() - c0) * 1e-9;
        int n = k.numRows;
        double rep = 0, sym = 0;
        for (int j = 0; j < n; j++) rep = Math.max(rep, Math.abs(k.get(4, j) - k.get(n - 1, j)));
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) sym = Math.max(sym, Math.abs(k.get(i, j) - k.get(j, i)));
        System.out.printf("gru4 %s, N = %d, %d threads: %.1f s wall, %.1f s CPU (planning included)%n", ntk ? "NTK" : "NNGP", n,
                Runtime.getRuntime().availableProcessors(), wall, cpu);
        System.out.printf("  quasi-Monte Carlo: %d expectations, largest standard error %.2g; deterministic tolerance %.0g%n",
                iw.lastQuasiMonteCarloCount(), iw.lastErrorEstimate(), iw.lastNumericalTolerance());
        System.out.printf("  repeated point: rows differ by at most %.3g; asymmetry %.3g; K[0][1] = %.12f%n", rep, sym, k.get(0, 1));
    }
}
