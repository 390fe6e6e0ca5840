package tp.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tp.UserError;
import tp.api.TensorProgram;
import tp.infinite.CompiledPlan;

/** {@code tp kernel}: the infinite-width NNGP or NTK of a program on data. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = {"Compute the infinite-width NNGP or NTK matrix between the rows of --x1 and --x2.",
                "With --out DIR.tpk the kernel is computed tile by tile into a resumable tiled-kernel directory"
                        + " (docs/TILED.md), in bounded memory; rerunning the same command finishes an interrupted run."})
final class KernelCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PROG.tp", description = "the tensor program (.tp)") Path program;
    @Option(names = "--x1", required = true, paramLabel = "A", description = "data points, one per row (CSV or .npy)") Path x1;
    @Option(names = "--x2", paramLabel = "B", description = "second set of data points (default: --x1)") Path x2;
    @Option(names = "--kind", required = true, paramLabel = "nngp|ntk|both", description = "which kernel: nngp, ntk, or both in one pass (both needs --out: FILE.EXT writes FILE.nngp.EXT and FILE.ntk.EXT; DIR.tpk tiles)") String kind;
    @Option(names = "--out", paramLabel = "FILE", description = "output file (.csv or .npy; a directory DIR.tpk: tiled; default: standard output as CSV)") Path out;
    @Option(names = "--memory", paramLabel = "SIZE", description = "tiled output: memory for the tiles, e.g. 2g (default: half the JVM heap)") String memory;
    @Option(names = "--width", paramLabel = "N", description = "the finite width the NTK is taken at: required for a program with trainable matrices in the standard parametrization, whose NTK grows with the width (every width symbol N times its ratio); other kernels do not depend on it") Integer width;
    @Option(names = "--tile", paramLabel = "T", description = "tiled output: tile size in points, a multiple of 256 (default: from --memory, at most 4096)") Integer tile;

    @Override
    public Integer call() {
        tp.Timeline.mark("command line parsed");
        boolean tiled = TiledOutput.isTiled(out);
        List<String> kinds = switch (kind) {
            case "nngp" -> List.of("nngp");
            case "ntk" -> List.of("ntk");
            case "both" -> List.of("nngp", "ntk");
            default -> throw new UserError(null, "--kind must be nngp, ntk or both, got '" + kind + "'");
        };
        if (!tiled && kinds.size() > 1 && out == null) {
            throw new UserError(null, "--kind both writes two matrices: give --out FILE.csv or FILE.npy (writes FILE.nngp.EXT"
                    + " and FILE.ntk.EXT) or a tiled --out DIR.tpk");
        }
        if (!tiled && (memory != null || tile != null)) throw new UserError(null, "--memory and --tile need a tiled output (--out DIR.tpk)");
        List<Path> outs = !tiled && kinds.size() > 1 ? List.of(suffixed(out, "nngp"), suffixed(out, "ntk")) : null;
        if (!tiled) {
            if (outs != null) for (Path o : outs) Common.checkOutput("--out", o);
            else Common.checkOutput("--out", out);
        }
        boolean nngp = kinds.contains("nngp"), ntk = kinds.contains("ntk");
        // a program compiled before comes from the plan cache (not for tiled output, which the
        // tile engine plans itself): no front end, no planning
        PlanCache cache = tiled ? null : PlanCache.of(program, kinds, width);
        CompiledPlan cp = cache == null ? null : cache.load();
        boolean cached = cp != null;
        TensorProgram iw = null;
        Integer atWidth = null;
        if (cp != null) {
            cp.preloadBlas();
        } else {
            tp.infinite.InfiniteWidth.preloadBlasFor(tp.io.DataReader.peekColumns(x1));
            iw = TensorProgram.load(program);
            tp.Timeline.mark("program parsed and checked");
            atWidth = Common.kernelWidth(iw.program(), width, ntk);
            if (width != null) iw = iw.atWidth(width);
        }
        long r0 = System.nanoTime();
        int d = cp != null ? cp.inputWidth() : iw.program().inputWidth();
        String name = cp != null ? cp.programName() : iw.program().name();
        DMatrixRMaj a = Common.readInputs(d, name, x1);
        DMatrixRMaj b = x2 == null ? null : Common.readInputs(d, name, x2);
        timing("read the inputs", r0);
        tp.Timeline.mark("inputs read");
        if (cp == null) {
            cp = iw.compiled(nngp, ntk);
            if (cache != null) cache.store(cp);
        }
        tp.Timeline.mark(cached ? "plan loaded from the plan cache" : "plan compiled");
        int n2 = b == null ? a.numRows : b.numRows;
        Integer relaunched = relaunchIfLong(cp, a.numRows, n2, b == null);
        if (relaunched != null) return relaunched;
        if (tiled) {
            TiledOutput.compute(iw, program, a, b, kinds, out, memory, tile, spec.commandLine().getErr(), "tp kernel", atWidth);
            return 0;
        }
        if (outs != null) {
            Memory.requireMatrices("the " + a.numRows + " x " + n2 + " NTK and NNGP", a.numRows, n2, 2, 0, b == null);
            cp.onProgress(new Progress("tp kernel", spec.commandLine().getErr()));
            DMatrixRMaj[] both = cp.run(a, b);
            noteQuasiMonteCarlo(cp);
            long w0 = System.nanoTime();
            Output.writeTwo(both[0], outs.get(0), both[1], outs.get(1));
            timing("write the kernels", w0);
            tp.Timeline.mark("kernels written");
            return 0;
        }
        KernelKind kind = KernelKind.valueOf(kinds.get(0));
        Memory.requireMatrices("the " + a.numRows + " x " + n2 + (kind == KernelKind.ntk ? " NTK and NNGP" : " NNGP"),
                a.numRows, n2, kind == KernelKind.ntk ? 2 : 1, 0, b == null);
        cp.onProgress(new Progress("tp kernel", spec.commandLine().getErr()));
        DMatrixRMaj k = cp.run(a, b)[kind == KernelKind.nngp ? 0 : 1];
        noteQuasiMonteCarlo(cp);
        long w0 = System.nanoTime();
        Output.write(k, out, spec.commandLine().getOut());
        timing("write the kernel", w0);
        tp.Timeline.mark("kernel written");
        return 0;
    }

    /**
     * A long run started with the quick JIT compiler only is run again, to the end, with the full
     * compiler ({@link QuickJit}); returns that run's exit status, or null to go on here.
     */
    private static Integer relaunchIfLong(CompiledPlan cp, int n1, int n2, boolean symmetric) {
        if (!QuickJit.active()) return null;
        double seconds = cp.cost().seconds(n1, n2, symmetric, Runtime.getRuntime().availableProcessors());
        return QuickJit.relaunch(seconds).orElse(null);
    }

    /** Whenever a numerical method (not a closed form) produced part of the result: the error estimate it used. */
    private void noteQuasiMonteCarlo(CompiledPlan iw) {
        if (iw.lastNumericalTolerance() > 0) {
            // the largest estimate the methods reached at run time (a Mehler series' Parseval bound,
            // a quadrature's own estimate), each relative to its expectation's scale
            spec.commandLine().getErr().printf("tp kernel: note: some expectations have no closed form and were computed"
                    + " numerically (Mehler series, adaptive quadrature); each one's estimated relative error at most %.1g%n",
                    iw.lastNumericalTolerance());
        }
        if (iw.lastQuasiMonteCarloCount() > 0) {
            spec.commandLine().getErr().printf("tp kernel: note: %d expectations (over more than 4 correlated Gaussians"
                    + " after exact reductions, or where tensor quadrature did not settle) were estimated by quasi-Monte"
                    + " Carlo; largest standard error of one"
                    + " expectation %.3g (the kernel entries, combinations of many, are usually much closer)%n",
                    iw.lastQuasiMonteCarloCount(), iw.lastErrorEstimate());
        }
    }

    /** With -Dtp.timing: the wall time of one phase, on standard error (the breakdown docs/PERFORMANCE.md reports). */
    private static void timing(String what, long t0) {
        if (Boolean.getBoolean("tp.timing")) System.err.printf("tp: %s %.3f s wall%n", what, (System.nanoTime() - t0) / 1e9);
    }

    /** FILE.EXT with ".KIND" before the extension (k.npy: k.ntk.npy). */
    static Path suffixed(Path out, String kind) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String n = dot > 0 ? name.substring(0, dot) + "." + kind + name.substring(dot) : name + "." + kind;
        return out.resolveSibling(n);
    }
}
