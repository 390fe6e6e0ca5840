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
        try {
            Class<?> blas = Class.forName("tp.linalg.Blas");
            Object impl = blas.getMethod("get").invoke(null);
            return (String) blas.getMethod("name").invoke(impl);
        } catch (ReflectiveOperationException | LinkageError e) {
            return "EJML (pure Java)";
        }
    }
}
