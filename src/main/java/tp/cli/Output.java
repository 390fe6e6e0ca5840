package tp.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import tp.io.MatrixWriter;

/** Writes a result matrix to {@code --out} (CSV or .npy) or, when absent, to the command's standard output. */
final class Output {
    private Output() {}

    static void write(DMatrixRMaj m, Path out, PrintWriter stdout) {
        if (out != null) {
            MatrixWriter.write(m, out);
            return;
        }
        MatrixWriter.write(m, null, new OutputStream() { // CSV is ASCII: bytes map to chars one for one
            @Override
            public void write(int b) {
                stdout.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) stdout.write(b[off + i]);
            }
        });
        stdout.flush();
    }
}
