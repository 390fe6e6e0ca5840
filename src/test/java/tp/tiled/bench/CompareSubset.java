package tp.tiled.bench;

import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import tp.api.TensorProgram;
import tp.infinite.Kernels;
import tp.io.DataReader;
import tp.tiled.LocalStorage;
import tp.tiled.TileLayout;
import tp.tiled.TiledKernel;

/**
 * Checks a symmetric tiled kernel against one in-memory engine call on its first n points,
 * element by element, bit for bit:
 * {@code java -Xmx8g -cp ... tp.tiled.bench.CompareSubset DIR.tpk DATA.npy PROG.tp n}.
 * Prints the number of differing elements of each kind (0 expected).
 */
public final class CompareSubset {
    private CompareSubset() {}

    public static void main(String[] a) {
        TiledKernel k = TiledKernel.open(new LocalStorage(Path.of(a[0])));
        DMatrixRMaj x = DataReader.read(Path.of(a[1]));
        int n = Integer.parseInt(a[3]);
        DMatrixRMaj sub = new DMatrixRMaj(n, x.numCols);
        System.arraycopy(x.data, 0, sub.data, 0, n * x.numCols);
        long t0 = System.nanoTime();
        Kernels mem = TensorProgram.load(Path.of(a[2])).kernels(sub, null);
        System.out.printf("in-memory kernels of the first %d points: %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        TileLayout l = k.layout();
        for (String kind : k.manifest().kinds) {
            DMatrixRMaj m = kind.equals("nngp") ? mem.nngp() : mem.ntk();
            long diff = 0, total = 0;
            for (int bi = 0; bi * l.tile() < n; bi++) {
                for (int bj = 0; bj * l.tile() < n; bj++) {
                    double[] b = k.block(kind, bi, bj);
                    int c = l.colsOf(bj);
                    for (int i = 0; i < l.rowsOf(bi) && bi * l.tile() + i < n; i++) {
                        for (int j = 0; j < c && bj * l.tile() + j < n; j++) {
                            total++;
                            if (Double.doubleToRawLongBits(b[i * c + j]) != Double.doubleToRawLongBits(m.get(bi * l.tile() + i, bj * l.tile() + j))) diff++;
                        }
                    }
                }
            }
            System.out.printf("%s: %d of %d elements differ%n", kind, diff, total);
        }
    }
}
