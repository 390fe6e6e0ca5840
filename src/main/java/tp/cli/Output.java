package tp.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import tp.io.MatrixWriter;

/**
 * Writes a result matrix to {@code --out} (CSV or .npy, atomically) or, when absent, to the
 * command's standard output. A failed write to standard output is caught by {@link Main}, which
 * checks the stream's error state after every command.
 */
final class Output {
    private Output() {}

    static void write(DMatrixRMaj m, Path out, PrintWriter stdout) {
        if (out != null) {
            MatrixWriter.write(m, out);
            return;
        }
        MatrixWriter.write(m, null, new OutputStream() { // CSV is ASCII: bytes map to chars one for one
            private char[] chars = new char[256];

            @Override
            public void write(int b) {
                stdout.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (chars.length < len) chars = new char[Math.max(len, 2 * chars.length)];
                for (int i = 0; i < len; i++) chars[i] = (char) (b[off + i] & 0xff);
                stdout.write(chars, 0, len);
            }
        });
        stdout.flush();
    }
}
