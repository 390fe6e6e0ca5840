package tp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tp kernel}: the infinite-width NNGP or NTK of a program on data. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "Compute the infinite-width NNGP or NTK matrix between the rows of --x1 and --x2.")
final class KernelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROG.tp") Path program;
    @Option(names = "--x1", required = true, paramLabel = "A", description = "data points, one per row (CSV or .npy)") Path x1;
    @Option(names = "--x2", paramLabel = "B", description = "second set of data points (default: --x1)") Path x2;
    @Option(names = "--kind", required = true, paramLabel = "nngp|ntk", description = "which kernel: ${COMPLETION-CANDIDATES}") KernelKind kind;
    @Option(names = "--out", paramLabel = "FILE", description = "output file (.csv or .npy; default: standard output as CSV)") Path out;

    @Override
    public Integer call() {
        throw Common.notBuilt("kernel");
    }
}
