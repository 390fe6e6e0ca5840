package tp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tp.UserError;
import tp.finite.FiniteNetwork;
import tp.finite.Footprint;
import tp.lang.Frontend;
import tp.lang.Program;

/** {@code tp train}: full-batch gradient descent of the finite network. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the finite network of width N by full-batch gradient descent on 0.5*mean((f-y)^2) "
                + "(mean over all N x k target entries), updating every trainable parameter (NTK parametrization).",
                "Writes the predictions on the test points (default: the train points): the k columns before "
                        + "training, then the k columns after (for one output: column 1 before, column 2 after)."})
final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PROG.tp", description = "the tensor program (.tp)") Path program;
    @Option(names = "--train", required = true, paramLabel = "X", description = "train inputs, one per row") Path train;
    @Option(names = "--targets", required = true, paramLabel = "Y", description = "train targets, one row per train point (k columns)") Path targets;
    @Option(names = "--width", required = true, paramLabel = "N", description = "every width symbol is N times its ratio") int width;
    @Option(names = "--lr", required = true, paramLabel = "ETA", description = "learning rate") double lr;
    @Option(names = "--steps", required = true, paramLabel = "K", description = "number of gradient steps") int steps;
    @Option(names = "--test", paramLabel = "Z", description = "predict on these points (default: the train points)") Path test;
    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "sampling seed (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--log", paramLabel = "K", description = "print the loss every K steps on standard error") Integer log;
    @Option(names = "--out", paramLabel = "FILE", description = "output file (.csv or .npy; default: standard output as CSV)") Path out;

    @Override
    public Integer call() {
        Common.requirePositiveInteger("--width", width);
        Common.requirePositive("--lr", lr);
        if (steps < 0) throw new UserError(null, "--steps must not be negative, got " + steps);
        if (log != null) Common.requirePositiveInteger("--log", log);
        Common.checkOutput("--out", out);
        Program p = Frontend.load(program);
        Common.requireWidthFits(p, "--width", width);
        DMatrixRMaj x = Common.readInputs(p, train);
        int k = p.output().dim().at(width);
        DMatrixRMaj y = Common.readTargets(p, targets, k);
        DMatrixRMaj z = test == null ? x : Common.readInputs(p, test);
        Common.requireTargetRows(y, targets, x, train);
        Footprint.require(p, width, Math.max(x.numRows, z.numRows), 0, true); // array limits, largest width that fits
        // parameters and their gradients
        Memory.requireBytes("the width-" + width + " network's parameters and their gradients",
                2 * EmpiricalCommand.parameterBytes(p, width), "use a smaller width");
        PrintWriter err = spec.commandLine().getErr();
        FiniteNetwork net = FiniteNetwork.sample(p, width, seed);
        DMatrixRMaj before = net.outputs(z);
        Progress progress = log == null ? new Progress("tp train", err) : null;
        double[] first = {Double.NaN};
        double last = net.train(x, y, lr, steps, (s, loss) -> {
            if (s == 0) first[0] = loss;
            if (log != null && (s % log == 0 || s == steps)) {
                err.printf("step %d: loss %.10g%s%n", s, loss, s == steps ? " (final)" : "");
                err.flush();
            }
            if (progress != null && steps > 0) progress.accept(s / (double) steps);
        });
        if (steps > 0 && last > first[0]) {
            err.printf("tp train: warning: the loss grew from %.4g to %.4g over %d steps; --lr %s may be too large%n",
                    first[0], last, steps, lr);
            err.flush();
        }
        DMatrixRMaj after = net.outputs(z);
        DMatrixRMaj both = new DMatrixRMaj(z.numRows, 2 * k);
        for (int i = 0; i < z.numRows; i++) {
            for (int j = 0; j < k; j++) {
                both.set(i, j, before.get(i, j));
                both.set(i, k + j, after.get(i, j));
            }
        }
        Output.write(both, out, spec.commandLine().getOut());
        return 0;
    }
}
