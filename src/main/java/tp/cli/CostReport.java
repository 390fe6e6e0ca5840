package tp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import tp.api.TensorProgram;
import tp.infinite.PlanCost;

/** {@code tp info PROG.tp --cost N}: what the kernels of a program cost before computing them. */
final class CostReport {
    private CostReport() {}

    static void print(Path file, int n, boolean nngp, boolean ntk, PrintWriter out) {
        long t0 = System.nanoTime();
        TensorProgram tp = TensorProgram.load(file);
        long t1 = System.nanoTime();
        PlanCost c = tp.cost(nngp, ntk);
        long t2 = System.nanoTime();
        int threads = Runtime.getRuntime().availableProcessors();
        String which = nngp && ntk ? "NNGP and NTK" : nngp ? "NNGP" : "NTK";
        out.printf("cost of the %s of %s for N = %d points (self kernel, N x N), %d threads%n", which, file, n, threads);
        out.printf("  program:  %,d core statements; parsed and checked in %.2f s, planned in %.2f s%n",
                c.statements(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        out.printf("  blocks:   %,d covariances and %,d moments per point, %,d covariances and %,d moments per pair of points",
                c.covariances()[0], c.moments()[0], c.covariances()[1], c.moments()[1]);
        out.printf(ntk ? ", %,d gradient blocks (%,d backward-vector pairs)%n" : "%n", c.classPairs(), c.nodePairs());
        out.printf("  plan:     %,d ops per point (%,d values kept), %,d ops per pair; %,d tile buffers per thread%n",
                c.diagOps(), c.diagSlots(), c.crossOps(), c.buffers());
        double s = c.seconds(n, n, true, threads);
        out.printf("  time:     %s for the kernel (%.1f us per pair of points, %.1f us per point), plus start-up%n",
                duration(s), c.crossNanos() / 1e3, c.diagNanos() / 1e3);
        int kernels = nngp && ntk ? 2 : 1;
        long bytes = c.bytes(n, n, tp.program().inputWidth(), kernels, threads);
        out.printf("  memory:   about %s (results %s, per-point values %s); the default heap is set by TP_JAVA_OPTS (-Xmx)%n",
                size(bytes), size((long) kernels * n * n * 8), size((long) c.diagSlots() * 2 * n * 8));
        out.flush();
    }

    /** "about 12 s", or "under 0.01 s" where the estimate would print as zero. */
    static String duration(double s) {
        if (s < 0.005) return "under 0.01 s";
        return "about " + roughly(s);
    }

    private static String roughly(double s) {
        if (s < 1) return String.format("%.2f s", s);
        if (s < 120) return String.format("%.0f s", s);
        if (s < 7200) return String.format("%.0f min", s / 60);
        return String.format("%.1f h", s / 3600);
    }

    static String size(long b) {
        if (b < 1 << 20) return String.format("%.0f KB", b / 1024.0);
        if (b < 1L << 30) return String.format("%.0f MB", b / (1024.0 * 1024));
        return String.format("%.1f GB", b / (1024.0 * 1024 * 1024));
    }
}
