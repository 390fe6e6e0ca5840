package tp.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tp.infinite.InfiniteWidth;
import tp.io.DataReader;
import tp.io.MatrixWriter;
import tp.lang.Frontend;
import tp.lang.Program;

/** {@code tp kernel}: the infinite-width NNGP or NTK of a program on data. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "Compute the infinite-width NNGP or NTK matrix between the rows of --x1 and --x2.")
final class KernelCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PROG.tp") Path program;
    @Option(names = "--x1", required = true, paramLabel = "A", description = "data points, one per row (CSV or .npy)") Path x1;
    @Option(names = "--x2", paramLabel = "B", description = "second set of data points (default: --x1)") Path x2;
    @Option(names = "--kind", required = true, paramLabel = "nngp|ntk", description = "which kernel: ${COMPLETION-CANDIDATES}") KernelKind kind;
    @Option(names = "--out", paramLabel = "FILE", description = "output file (.csv or .npy; default: standard output as CSV)") Path out;

    @Override
    public Integer call() {
        Program p = Frontend.load(program);
        InfiniteWidth iw = new InfiniteWidth(p);
        DMatrixRMaj a = DataReader.read(x1);
        DMatrixRMaj b = x2 == null ? null : DataReader.read(x2);
        iw.onProgress(new Progress(spec.commandLine().getErr()));
        DMatrixRMaj k = kind == KernelKind.nngp ? iw.nngp(a, b) : iw.ntk(a, b);
        PrintWriter stdout = spec.commandLine().getOut();
        if (out == null) {
            MatrixWriter.write(k, null, new WriterStream(stdout));
            stdout.flush();
        } else {
            MatrixWriter.write(k, out);
        }
        return 0;
    }

    /** Reports progress on standard error once a run has taken more than two seconds. */
    private static final class Progress implements java.util.function.DoubleConsumer {
        private final PrintWriter err;
        private final long start = System.nanoTime();
        private long last;
        private boolean shown;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void accept(double fraction) {
            long now = System.nanoTime();
            if (now - start < 2_000_000_000L) return;
            if (fraction < 1 && now - last < 1_000_000_000L) return;
            last = now;
            shown = true;
            err.printf("tp kernel: %3.0f%% (%.0f s)%s", 100 * fraction, (now - start) / 1e9, fraction >= 1 ? "\n" : "\r");
            err.flush();
        }
    }

    /** CSV is ASCII: bytes go to the command's writer one for one. */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter w;

        WriterStream(PrintWriter w) {
            this.w = w;
        }

        @Override
        public void write(int b) {
            w.write((char) (b & 0xff));
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            char[] c = new char[len];
            for (int i = 0; i < len; i++) c[i] = (char) (b[off + i] & 0xff);
            w.write(c, 0, len);
        }
    }
}
