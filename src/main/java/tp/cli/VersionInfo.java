package tp.cli;

import picocli.CommandLine;

/** {@code tp --version}: the tool's version, the Java runtime, and which matrix-product backend runs. */
public final class VersionInfo implements CommandLine.IVersionProvider {
    public static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {
            "tp " + VERSION,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            "matrix products: " + backend(),
        };
    }

    static String backend() {
        tp.linalg.Blas blas = tp.linalg.Blas.get();
        return blas.name() + tp.linalg.Blas.fallbackReason().map(why -> " (native OpenBLAS unavailable: " + why + ")").orElse("");
    }
}
