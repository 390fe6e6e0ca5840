package tp.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tp check}: empirical kernels against infinite-width ones over growing widths. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compare empirical NNGP/NTK at several widths with the infinite-width kernels; expect errors ~ n^-1/2.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROG.tp") Path program;
    @Option(names = "--x1", required = true, paramLabel = "A") Path x1;
    @Option(names = "--widths", required = true, split = ",", paramLabel = "N1,N2,...") List<Integer> widths;
    @Option(names = "--seeds", defaultValue = "3", paramLabel = "S", description = "seeds per width (default: ${DEFAULT-VALUE})") int seeds;
    @Option(names = "--plot", paramLabel = "FILE.png", description = "draw error against width on log axes") Path plot;

    @Override
    public Integer call() {
        throw Common.notBuilt("check");
    }
}
