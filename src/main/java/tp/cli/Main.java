package tp.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tp.UserError;

/**
 * The {@code tp} command (LANGUAGE.md section 4). Exit status: 0 success, 2 a user error (one
 * located message per problem, no stack trace) or a failed write of the result (standard output
 * included), 1 an internal failure.
 */
@Command(name = "tp", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Infinite-width NNGP and NTK kernels of tensor programs (.tp files), checked against finite networks.")
public final class Main implements Runnable {
    /**
     * The subcommands in the order help lists them. A command line naming one gets only that one
     * (picocli builds each command's model by reflection, a sizeable part of a short run's start);
     * anything else (help, --version, a mistake) gets them all.
     */
    private static final java.util.Map<String, Supplier<Object>> COMMANDS = new java.util.LinkedHashMap<>();

    static {
        COMMANDS.put("info", InfoCommand::new);
        COMMANDS.put("kernel", KernelCommand::new);
        COMMANDS.put("empirical", EmpiricalCommand::new);
        COMMANDS.put("check", CheckCommand::new);
        COMMANDS.put("predict", PredictCommand::new);
        COMMANDS.put("train", TrainCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        tp.Timeline.mark("JVM started");
        // standard output through a stream that remembers why a write failed (System.out would
        // swallow the error): a full disk or a closed pipe must not end in exit status 0
        FailureRecordingStream stdout = new FailureRecordingStream(new FileOutputStream(FileDescriptor.out));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, Charset.defaultCharset()), false);
        System.exit(run(args, out, new PrintWriter(System.err, true), stdout::failure));
    }

    /** Runs the command line with the given streams; returns the exit status (used by tests too). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, () -> null);
    }

    /**
     * As {@link #run(String[], PrintWriter, PrintWriter)}; {@code outFailure} says why a write to
     * {@code out} failed, when it knows (null otherwise).
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, Supplier<String> outFailure) {
        int status = execute(args, out, err);
        if (out.checkError()) { // flushes, then tells whether any write to standard output failed
            String why = outFailure.get();
            err.println("tp: error: cannot write to standard output" + (why == null ? "" : ": " + UserError.escape(why)));
            err.flush();
            if (status == 0) status = 2;
        }
        return status;
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        if (COMMANDS.containsKey(first) && !first.equals("help")) cl.addSubcommand(first, COMMANDS.get(first).get());
        else COMMANDS.forEach((name, make) -> cl.addSubcommand(name, make.get()));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> report(ex, err));
        cl.setParameterExceptionHandler((ex, args1) -> {
            err.println("tp: error: " + UserError.escape(ex.getMessage()));
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
        err.println("tp: internal error: " + UserError.escape(String.valueOf(ex)));
        if (System.getenv("TP_DEBUG") != null) ex.printStackTrace(err);
        else err.println("(set TP_DEBUG=1 for the stack trace; please report it)");
        return 1;
    }
}
