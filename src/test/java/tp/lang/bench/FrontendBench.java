package tp.lang.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tp.lang.Frontend;
import tp.lang.Program;
import tp.lang.Syntax;
import tp.lang.sugar.Expander;
import tp.lang.sugar.Expansion;

/**
 * Front-end speed: parse (lexer, parser, syntax tree), unroll (sugar expander) and check (names,
 * types, dimensions) for the real-size CNNs of {@code programs/}, and for long runs of comment
 * and blank lines. Prints, per program, the in-process times after warm-up (best of several
 * rounds) and the whole-process time of a fresh JVM that loads and checks the file once
 * (JVM start included), which is what a user waits for before any planning starts.
 *
 * <p>Run after {@code mvn -B -q -DskipTests package} and {@code mvn -B -q test-compile}:
 * {@code java -cp target/tp.jar:target/test-classes tp.lang.bench.FrontendBench [--no-comments] [FILE.tp ...]}
 * ({@code --no-comments} skips the comment-run figures, for timing builds where those are quadratic).
 * The figures are recorded in docs/LANGUAGE-EXTENSIONS.md ("Front-end speed").
 */
public final class FrontendBench {
    private FrontendBench() {}

    static final List<String> DEFAULT = List.of("programs/cnn_mnist.tp", "programs/cnn_cifar_valid.tp",
            "programs/cnn_cifar_same.tp", "programs/cnn_cifar_gap.tp", "programs/cnn_cifar_gap16.tp",
            "programs/cnn_pool.tp");

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--once")) {
            once(Path.of(args[1]));
            return;
        }
        boolean comments = true;
        List<String> files = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--no-comments")) comments = false;
            else files.add(a);
        }
        if (files.isEmpty()) files = DEFAULT;
        System.out.printf("machine: %d cores, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("warm, in process: best CPU ms of each stage and best wall ms of the three; then one fresh JVM");
        System.out.printf("%-30s %8s %11s %11s %11s %11s %13s%n", "program", "stmts", "parse", "unroll",
                "check", "wall", "fresh process: wall ms (...)");
        for (String f : files) {
            Path p = Path.of(f);
            if (!Files.exists(p)) continue;
            inProcess(p.getFileName().toString(), p);
            // the same program as the core text 'tp info --expand' prints: the parser's share
            Path core = Files.createTempFile("core_", ".tp");
            Files.writeString(core, Frontend.expand(f, Files.readString(p)).coreText());
            inProcess("  (its core text)", core);
            Files.delete(core);
        }
        if (comments) comments();
    }

    /**
     * Best-of-rounds times of each stage after warm-up (this thread's CPU time: on a shared
     * machine it varies less than the wall clock; GC pauses are in the wall total), then one
     * fresh process.
     */
    private static void inProcess(String label, Path p) throws Exception {
        String text = Files.readString(p);
        double bestParse = Double.MAX_VALUE, bestUnroll = Double.MAX_VALUE, bestCheck = Double.MAX_VALUE, bestAll = Double.MAX_VALUE;
        int stmts = 0;
        long until = System.nanoTime() + 20_000_000_000L;
        for (int round = 0; round < 15 && (round < 8 || System.nanoTime() < until); round++) {
            long w0 = System.nanoTime(), t0 = THREAD.getCurrentThreadCpuTime();
            var surface = Syntax.parseSurface(p.toString(), text);
            long t1 = THREAD.getCurrentThreadCpuTime();
            Expansion e = Expander.expand(p.toString(), surface);
            long t2 = THREAD.getCurrentThreadCpuTime();
            Program prog = Frontend.check(e);
            long t3 = THREAD.getCurrentThreadCpuTime(), w3 = System.nanoTime();
            stmts = e.stmts().size();
            if (prog.vars().isEmpty()) throw new AssertionError();
            bestParse = Math.min(bestParse, (t1 - t0) / 1e6);
            bestUnroll = Math.min(bestUnroll, (t2 - t1) / 1e6);
            bestCheck = Math.min(bestCheck, (t3 - t2) / 1e6);
            bestAll = Math.min(bestAll, (w3 - w0) / 1e6);
        }
        System.out.printf("%-30s %8d %11.0f %11.0f %11.0f %11.0f %13s%n", label, stmts, bestParse, bestUnroll,
                bestCheck, bestAll, process(p));
    }

    /** Parse time of runs of comment lines and of blank lines (both must be linear). */
    private static void comments() {
        System.out.println();
        for (int lines : new int[] {80_000, 500_000, 5_000_000}) {
            StringBuilder c = new StringBuilder(lines * 12), b = new StringBuilder(lines);
            for (int i = 0; i < lines; i++) c.append("# comment\n");
            b.append("\n".repeat(lines));
            String tail = "input x : 1\nMatIn W : n x 1\nMatMul h := W x\nMatIn R : 1 x n\nMatMul f := R h\nOutput f\n";
            // warm up on a small file, then time once each
            Frontend.parse("warm.tp", "# c\n".repeat(1000) + tail);
            long t0 = System.nanoTime();
            Frontend.parse("comments.tp", c + tail);
            long t1 = System.nanoTime();
            Frontend.parse("blank.tp", b + tail);
            long t2 = System.nanoTime();
            System.out.printf("%,d comment lines then 4 statements: %.0f ms; %,d blank lines: %.0f ms%n", lines,
                    (t1 - t0) / 1e6, lines, (t2 - t1) / 1e6);
        }
    }

    /** A fresh JVM running {@link #once}: its reported time since JVM start, and its wall time from here. */
    private static String process(Path p) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xss16m", "-cp", System.getProperty("java.class.path"),
                FrontendBench.class.getName(), "--once", p.toString()));
        long t0 = System.nanoTime();
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream()))) {
            out = String.join(" ", r.lines().toList());
        }
        proc.waitFor();
        return String.format("%.0f (%s)", (System.nanoTime() - t0) / 1e6, out.trim());
    }

    /**
     * Loads and checks one file in this fresh JVM; prints the milliseconds since JVM start at
     * main and at the end, the (cold) wall times of parse, unroll and check, this thread's CPU
     * time, and the process CPU time (JIT compiler and GC threads included).
     */
    private static void once(Path p) throws IOException {
        long start = ManagementFactory.getRuntimeMXBean().getUptime();
        long c0 = THREAD.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        String text = Frontend.read(p);
        var surface = Syntax.parseSurface(p.toString(), text);
        long t1 = System.nanoTime();
        Expansion e = Expander.expand(p.toString(), surface);
        long t2 = System.nanoTime();
        Program prog = Frontend.check(e);
        long t3 = System.nanoTime();
        if (prog.vars().isEmpty()) throw new AssertionError();
        long cpu = THREAD.getCurrentThreadCpuTime() - c0;
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.printf("main at %d ms, parse %.0f, unroll %.0f, check %.0f, end at %d ms; main thread CPU %.0f ms,"
                + " process CPU %.0f ms", start, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                ManagementFactory.getRuntimeMXBean().getUptime(), cpu / 1e6, process / 1e6);
    }

    private static final java.lang.management.ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
}
