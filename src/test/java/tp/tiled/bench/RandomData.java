package tp.tiled.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import tp.io.Npy;

/**
 * Writes N random points (uniform in [0, 1)^D, SplittableRandom(seed), the data of
 * tp.infinite.bench.KernelBench) as a .npy file, and optionally targets (N x K, standard normal
 * sums of the first coordinates) for tp predict:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) tp.tiled.bench.RandomData N D SEED OUT.npy [K TARGETS.npy]}.
 * The first M rows of the file for N are the file for M: subsets are prefixes.
 */
public final class RandomData {
    private RandomData() {}

    public static void main(String[] a) throws IOException {
        int n = Integer.parseInt(a[0]), d = Integer.parseInt(a[1]);
        long seed = Long.parseLong(a[2]);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < x.data.length; i++) x.data[i] = r.nextDouble();
        write(x, Path.of(a[3]));
        if (a.length > 5) {
            int k = Integer.parseInt(a[4]);
            DMatrixRMaj y = new DMatrixRMaj(n, k);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) y.set(i, c, Math.sin(3 * x.get(i, c)) + x.get(i, (c + 1) % d) - 0.5);
            }
            write(y, Path.of(a[5]));
        }
    }

    static void write(DMatrixRMaj m, Path p) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(p), 1 << 20)) {
            Npy.write(out, m);
        }
    }
}
