package tp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;
import tp.api.TensorProgram;
import tp.tiled.BlockedCholesky;
import tp.tiled.Fingerprint;
import tp.tiled.LocalStorage;
import tp.tiled.Manifest;
import tp.tiled.TiledKernel;
import tp.tiled.TiledRegression;

/**
 * {@code tp predict ... --kernel DIR.tpk}: predictions with a train kernel on disk (computed tile
 * by tile first when DIR.tpk is missing or unfinished): kernel regression by a Cholesky factor
 * made out of core next to it, finite time by a Chebyshev expansion of the flow; the test-train
 * kernel streamed (computed, or read from {@code --test-kernel}).
 *
 * @param a the flow's {@code lr * time / (N k)}; infinity for kernel regression
 */
final class TiledPredict {
    private TiledPredict() {}

    static DMatrixRMaj run(TensorProgram tp, Path programFile, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj z, String kind,
                           double reg, double a, Path kernelDir, Path testKernelDir, String memory, PrintWriter err,
                           Integer width) {
        if (!TiledOutput.isTiled(kernelDir)) throw new UserError(null, "--kernel must name a tiled kernel directory DIR.tpk, got " + kernelDir);
        LocalStorage st = new LocalStorage(kernelDir);
        Manifest m = Manifest.read(st);
        if (m == null || !m.complete()) {
            List<String> kinds = m == null ? List.of(kind) : m.kinds;
            TiledOutput.compute(tp, programFile, x, null, kinds, kernelDir, memory, null, err, "tp predict", width);
        }
        TiledKernel k = TiledKernel.open(st);
        Manifest km = k.manifest();
        if (!km.x1.equals(Fingerprint.of(x)) || km.x2 != null) {
            throw new UserError(kernelDir.toString(), "is not the train kernel of " + x.numRows + " --train points (it was computed"
                    + " from other data)");
        }
        if (!km.programSha256.equals(TiledOutput.programFingerprint(programFile, width))) {
            throw new UserError(kernelDir.toString(), "was computed from another program text than " + programFile
                    + (width != null ? " or at another --width" : ""));
        }
        TiledRegression.TestTrain kst;
        if (testKernelDir != null) {
            TiledKernel tk = TiledKernel.open(new LocalStorage(testKernelDir));
            Manifest tm = tk.manifest();
            if (!tm.x1.equals(Fingerprint.of(z)) || tm.x2 == null || !tm.x2.equals(km.x1) || !tm.programSha256.equals(km.programSha256)) {
                throw new UserError(testKernelDir.toString(), "is not the kernel between the --test and --train points of this program"
                        + " (make it with tp kernel PROG.tp --x1 TEST --x2 TRAIN --out DIR.tpk)");
            }
            if (!tk.has(kind)) throw new UserError(testKernelDir.toString(), "holds no " + kind + " kernel");
            kst = TiledRegression.stored(tk, kind);
        } else {
            kst = TiledRegression.computed(tp, kind, z, x, k.layout().tile());
        }
        if (a != Double.POSITIVE_INFINITY) return TiledRegression.flowMean(k, kind, reg, a, y, kst, s -> say(err, s));
        BlockedCholesky f = BlockedCholesky.factor(k, kind, reg, s -> say(err, s));
        return TiledRegression.predict(f, y, kst, s -> say(err, s));
    }

    private static void say(PrintWriter err, String s) {
        err.println("tp predict: " + s);
        err.flush();
    }
}
