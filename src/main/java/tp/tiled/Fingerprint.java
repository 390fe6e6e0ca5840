package tp.tiled;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * SHA-256 identities of what a tiled kernel was computed from, so that resuming with another
 * program or other data is refused instead of silently mixing tiles. Data is hashed by value
 * (rows, columns, the doubles' bits), so a CSV and a .npy of the same numbers are the same data.
 */
public final class Fingerprint {
    private Fingerprint() {}

    /** A data matrix's identity. */
    public record Data(int rows, int cols, String sha256) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rows", (long) rows);
            m.put("cols", (long) cols);
            m.put("sha256", sha256);
            return m;
        }

        static Data fromMap(Map<String, Object> m) {
            return new Data((int) (long) (Long) m.get("rows"), (int) (long) (Long) m.get("cols"), (String) m.get("sha256"));
        }
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    public static Data of(DMatrixRMaj x) {
        MessageDigest d = digest();
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(x.numRows).putLong(x.numCols);
        int n = x.numRows * x.numCols;
        for (int i = 0; i < n; i++) {
            if (b.remaining() < 8) {
                d.update(b.array(), 0, b.position());
                b.clear();
            }
            b.putDouble(x.data[i]);
        }
        d.update(b.array(), 0, b.position());
        return new Data(x.numRows, x.numCols, HexFormat.of().formatHex(d.digest()));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
