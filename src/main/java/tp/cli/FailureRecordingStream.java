package tp.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output that remembers the first failed write ("No space left on device", "Broken
 * pipe"): the PrintWriter above it only keeps an error flag, and the user deserves the reason.
 */
final class FailureRecordingStream extends FilterOutputStream {
    private volatile String failure;

    FailureRecordingStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw record(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw record(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw record(e);
        }
    }

    private IOException record(IOException e) {
        if (failure == null) failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e;
    }

    /** Why the first write failed, or null. */
    String failure() {
        return failure;
    }
}
