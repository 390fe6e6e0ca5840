package tp.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tp.UserError;

/**
 * The {@code tp} command (LANGUAGE.md section 4). Exit status: 0 success, 2 a user error (one
 * located message per problem, no stack trace), 1 an internal failure.
 */
@Command(name = "tp", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Infinite-width NNGP and NTK kernels of tensor programs (.tp files), checked against finite networks.",
        subcommands = {InfoCommand.class, KernelCommand.class, EmpiricalCommand.class, CheckCommand.class,
                PredictCommand.class, TrainCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit status (used by tests too). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> report(ex, err));
        cl.setParameterExceptionHandler((ex, args1) -> {
            err.println("tp: error: " + ex.getMessage());
            CommandLine c = ex.getCommandLine();
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return 2;
        });
        try {
            return cl.execute(args);
        } catch (Error e) { // picocli passes Errors (out of memory, stack overflow) through unhandled
            return report(e, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static int report(Throwable ex, PrintWriter err) {
        if (ex instanceof UserError u) {
            // located errors read FILE:LINE:COL: error: ...; the others get the command's name
            boolean alone = u.all().size() == 1;
            for (UserError e : u.all()) err.println((alone && e.where() == null ? "tp: " : "") + e.getMessage());
            return 2;
        }
        if (ex instanceof OutOfMemoryError) {
            err.println("tp: error: out of memory; give the JVM more with TP_JAVA_OPTS=-Xmx16g or use a smaller batch/width");
            return 1;
        }
        err.println("tp: internal error: " + ex);
        if (System.getenv("TP_DEBUG") != null) ex.printStackTrace(err);
        else err.println("(set TP_DEBUG=1 for the stack trace; please report it)");
        return 1;
    }
}
