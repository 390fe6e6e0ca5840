package tp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tp.api.TensorProgram;

/** {@code tp kernel}: the infinite-width NNGP or NTK of a program on data. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "Compute the infinite-width NNGP or NTK matrix between the rows of --x1 and --x2.")
final class KernelCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PROG.tp", description = "the tensor program (.tp)") Path program;
    @Option(names = "--x1", required = true, paramLabel = "A", description = "data points, one per row (CSV or .npy)") Path x1;
    @Option(names = "--x2", paramLabel = "B", description = "second set of data points (default: --x1)") Path x2;
    @Option(names = "--kind", required = true, paramLabel = "nngp|ntk", description = "which kernel: ${COMPLETION-CANDIDATES}") KernelKind kind;
    @Option(names = "--out", paramLabel = "FILE", description = "output file (.csv or .npy; default: standard output as CSV)") Path out;

    @Override
    public Integer call() {
        Common.checkOutput("--out", out);
        TensorProgram iw = TensorProgram.load(program);
        DMatrixRMaj a = Common.readInputs(iw.program(), x1);
        DMatrixRMaj b = x2 == null ? null : Common.readInputs(iw.program(), x2);
        int n2 = b == null ? a.numRows : b.numRows;
        Memory.requireMatrices("the " + a.numRows + " x " + n2 + (kind == KernelKind.ntk ? " NTK and NNGP" : " NNGP"),
                a.numRows, n2, kind == KernelKind.ntk ? 2 : 1, 0, b == null);
        iw.onProgress(new Progress("tp kernel", spec.commandLine().getErr()));
        DMatrixRMaj k = kind == KernelKind.nngp ? iw.nngp(a, b) : iw.ntk(a, b);
        if (iw.lastQuasiMonteCarloCount() > 0) {
            spec.commandLine().getErr().printf("tp kernel: note: %d expectations over more than 4 correlated Gaussians"
                    + " were estimated by quasi-Monte Carlo; largest standard error %.3g%n",
                    iw.lastQuasiMonteCarloCount(), iw.lastErrorEstimate());
        }
        Output.write(k, out, spec.commandLine().getOut());
        return 0;
    }
}
