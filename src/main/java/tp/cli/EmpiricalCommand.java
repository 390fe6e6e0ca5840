package tp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tp.finite.FiniteNetwork;
import tp.finite.Footprint;
import tp.lang.Frontend;
import tp.lang.Program;

/** {@code tp empirical}: the NNGP or NTK of one sampled finite network. */
@Command(name = "empirical", mixinStandardHelpOptions = true,
        description = {"Sample the network at a finite width and compute its empirical NNGP or exact empirical NTK.",
                "NNGP: covariance of f_1 over a fresh draw of the readout parameters, the rest held fixed. "
                        + "NTK: sum over all trainable parameters of df_1(x)/dp df_1(x')/dp.",
                "The same program, width and seed give the same network in every command (empirical, check, train)."})
final class EmpiricalCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PROG.tp", description = "the tensor program (.tp)") Path program;
    @Option(names = "--x1", required = true, paramLabel = "A", description = "data points, one per row (CSV or .npy)") Path x1;
    @Option(names = "--x2", paramLabel = "B", description = "default: --x1") Path x2;
    @Option(names = "--kind", required = true, paramLabel = "nngp|ntk") KernelKind kind;
    @Option(names = "--width", required = true, paramLabel = "N", description = "every width symbol is N times its ratio") int width;
    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "sampling seed (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--out", paramLabel = "FILE", description = "output file (.csv or .npy; default: standard output as CSV)") Path out;

    @Override
    public Integer call() {
        Common.requirePositiveInteger("--width", width);
        Common.checkOutput("--out", out);
        Program p = Frontend.load(program);
        Common.requireWidthFits(p, "--width", width);
        DMatrixRMaj a = Common.readInputs(p, x1);
        DMatrixRMaj b = x2 == null ? null : Common.readInputs(p, x2);
        int n2 = b == null ? a.numRows : b.numRows;
        Footprint.require(p, width, a.numRows, b == null ? 0 : b.numRows, false); // array limits, largest width that fits
        Memory.requireMatrices("the " + a.numRows + " x " + n2 + " empirical " + kind.name().toUpperCase(java.util.Locale.ROOT)
                + " and the width-" + width + " network's parameters", a.numRows, n2, 1, parameterBytes(p, width), b == null);
        Progress progress = new Progress("tp empirical", spec.commandLine().getErr());
        FiniteNetwork net = FiniteNetwork.sample(p, width, seed);
        progress.say("sampled the width-" + width + " network; computing its " + kind + " kernel");
        DMatrixRMaj k = kind == KernelKind.nngp ? net.nngp(a, b) : net.ntk(a, b);
        Output.write(k, out, spec.commandLine().getOut());
        return 0;
    }

    /**
     * 8 bytes a parameter, trainable or frozen (a lower bound on a sampled network's memory), in
     * floating point so that several width x width matrices at a huge width cannot overflow.
     */
    static long parameterBytes(Program p, int width) {
        double bytes = 0;
        for (tp.lang.Var v : p.parameters()) bytes += 8.0 * v.dim().at(width) * (v.cols() == null ? 1 : v.cols().at(width));
        return bytes >= Long.MAX_VALUE / 4.0 ? Long.MAX_VALUE / 4 : (long) bytes;
    }
}
