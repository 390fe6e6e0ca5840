package tp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tp predict}: infinite-width gradient-flow / kernel-regression predictions. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Mean prediction of the infinite-width network trained by gradient flow (kernel regression at time infinity).")
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROG.tp") Path program;
    @Option(names = "--train", required = true, paramLabel = "X") Path train;
    @Option(names = "--targets", required = true, paramLabel = "Y") Path targets;
    @Option(names = "--test", required = true, paramLabel = "Z") Path test;
    @Option(names = "--kind", required = true, paramLabel = "nngp|ntk") KernelKind kind;
    @Option(names = "--time", paramLabel = "T", description = "training time (default: inf, kernel regression)") String time;
    @Option(names = "--lr", defaultValue = "1", paramLabel = "ETA", description = "learning rate (default: ${DEFAULT-VALUE})") double lr;
    @Option(names = "--reg", defaultValue = "0", paramLabel = "R", description = "add R times the mean diagonal to the train kernel's diagonal") double reg;
    @Option(names = "--out", paramLabel = "FILE") Path out;

    @Override
    public Integer call() {
        throw Common.notBuilt("predict");
    }
}
