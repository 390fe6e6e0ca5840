package tp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tp train}: full-batch gradient descent of the finite network. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the finite network of width N by full-batch gradient descent on 0.5*mean((f-y)^2); "
                + "write predictions before (column 1) and after (column 2) training.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROG.tp") Path program;
    @Option(names = "--train", required = true, paramLabel = "X") Path train;
    @Option(names = "--targets", required = true, paramLabel = "Y") Path targets;
    @Option(names = "--width", required = true, paramLabel = "N") int width;
    @Option(names = "--lr", required = true, paramLabel = "ETA") double lr;
    @Option(names = "--steps", required = true, paramLabel = "K") int steps;
    @Option(names = "--test", paramLabel = "Z", description = "predict on these points (default: the train points)") Path test;
    @Option(names = "--seed", defaultValue = "0", paramLabel = "S") long seed;
    @Option(names = "--out", paramLabel = "FILE") Path out;

    @Override
    public Integer call() {
        throw Common.notBuilt("train");
    }
}
