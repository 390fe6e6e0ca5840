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

    /**
     * Writes two matrices to two files at once, the second on another thread: writing into the
     * page cache runs at ~1-1.6 GB/s per thread here, so two 128 MB kernels take half the time.
     * A failure of the first is reported before one of the second.
     */
    static void writeTwo(DMatrixRMaj m1, Path out1, DMatrixRMaj m2, Path out2) {
        java.util.concurrent.FutureTask<Void> second = new java.util.concurrent.FutureTask<>(() -> {
            MatrixWriter.write(m2, out2);
            return null;
        });
        Thread t = new Thread(second, "tp-write");
        t.setDaemon(true);
        t.start();
        RuntimeException first = null;
        try {
            MatrixWriter.write(m1, out1);
        } catch (RuntimeException e) {
            first = e;
        }
        Throwable failure = first; // the second finishes (or fails and cleans up) before anything is reported
        try {
            second.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (failure == null) failure = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (failure == null) failure = e;
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error er) throw er;
        if (failure != null) throw new IllegalStateException(failure);
    }

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
