package tp.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The launcher starts {@code tp kernel} and {@code tp info} with only the quick JIT compiler
 * ({@code -XX:TieredStopAtLevel=1}): most of a short run is the front end and the planner, code
 * that runs once per statement, and on this 2-core machine the optimizing compiler spends more
 * CPU compiling it than it saves (the 28x28 CNN's NTK for 200 points: about 3 s of CPU instead
 * of 5). A long run is the other way round (its tile loops gain about a third from the optimizing
 * compiler), so when the plan's cost model predicts a long run, the command starts again in a
 * JVM with the full compiler ({@link #relaunch}) and returns its exit status; the cost of a
 * second front end and plan is small next to such a run. docs/PERFORMANCE.md has the figures.
 */
final class QuickJit {
    /** The launcher's flag for the quick compiler only. */
    static final String FLAG = "-XX:TieredStopAtLevel=1";
    /** Estimated seconds (on all threads, {@code PlanCost.seconds}) from which a run is long: -Dtp.fullJitAbove, default 3. */
    static double longRun() {
        String p = System.getProperty("tp.fullJitAbove", "3");
        try {
            double v = Double.parseDouble(p);
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new tp.UserError(null, "tp.fullJitAbove must be a number of seconds >= 0, got '" + p + "'");
    }

    private QuickJit() {}

    /** True when this JVM runs with the quick compiler only (and was not itself relaunched). */
    static boolean active() {
        // the process's own command line (/proc on Linux), not the runtime bean, whose loading costs 0.02-0.03 s
        return !Boolean.getBoolean("tp.relaunched")
                && ProcessHandle.current().info().arguments().map(a -> List.of(a).contains(FLAG)).orElse(false);
    }

    /**
     * For an estimated run of {@code seconds}: empty when this JVM should go on; else the exit
     * status of the same command run to the end in a JVM with the full compiler (it inherits
     * standard input, output and error). Empty too when this process's command line is not
     * readable, as on some platforms: then the run simply goes on here.
     */
    static Optional<Integer> relaunch(double seconds) {
        if (!active() || !(seconds >= longRun())) return Optional.empty();
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> command = info.command();
        Optional<String[]> args = info.arguments();
        if (command.isEmpty() || args.isEmpty()) return Optional.empty();
        List<String> cmd = commandLine(command.get(), args.get());
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            return Optional.of(p.waitFor());
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(130);
        }
    }

    /** The command line again, without the quick-compiler flag and marked as relaunched. */
    static List<String> commandLine(String java, String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Dtp.relaunched=true");
        for (String a : args) if (!a.equals(FLAG)) cmd.add(a);
        return cmd;
    }
}
