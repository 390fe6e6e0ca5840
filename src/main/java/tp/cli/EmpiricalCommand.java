package tp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tp empirical}: the NNGP or NTK of one sampled finite network. */
@Command(name = "empirical", mixinStandardHelpOptions = true,
        description = "Sample the network at a finite width and compute its empirical NNGP or exact empirical NTK.")
final class EmpiricalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROG.tp") Path program;
    @Option(names = "--x1", required = true, paramLabel = "A") Path x1;
    @Option(names = "--x2", paramLabel = "B", description = "default: --x1") Path x2;
    @Option(names = "--kind", required = true, paramLabel = "nngp|ntk") KernelKind kind;
    @Option(names = "--width", required = true, paramLabel = "N", description = "every width symbol is N times its ratio") int width;
    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "sampling seed (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--out", paramLabel = "FILE") Path out;

    @Override
    public Integer call() {
        throw Common.notBuilt("empirical");
    }
}
