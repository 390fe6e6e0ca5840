package tp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tp.lang.Def;
import tp.lang.Frontend;
import tp.lang.Kind;
import tp.lang.Program;
import tp.lang.Var;
import tp.lang.sugar.Expansion;

/**
 * {@code tp info PROG.tp}: variables, types, dimensions, CDCs, parameters. With {@code --expand}:
 * the core program the file's sugar unrolls to, as {@code .tp} text that parses back to the same
 * program.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a program's variables with their types, dimensions and common dimension classes (CDCs), "
                + "and its parameters with their count at a given width.")
final class InfoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROG.tp", description = "the tensor program")
    Path program;

    @Option(names = "--width", paramLabel = "N", defaultValue = "1000",
            description = "width used for the parameter count (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--expand",
            description = "print the core program (loops, families, sums and constants unrolled) instead; "
                    + "it parses back to the same program")
    boolean expand;

    @Option(names = "--cost", paramLabel = "N",
            description = "instead of the variables, print what the infinite-width kernels cost for N points: the blocks "
                    + "and ops of the plan, estimated time and memory (plans the program, computes nothing)")
    Integer cost;

    @Option(names = "--kind", paramLabel = "nngp|ntk|both", defaultValue = "both",
            description = "with --cost: which kernels (default: ${DEFAULT-VALUE})")
    String kind;

    @Override
    public Integer call() {
        Common.requirePositiveInteger("--width", width);
        if (cost != null) {
            Common.requirePositiveInteger("--cost", cost);
            if (!List.of("nngp", "ntk", "both").contains(kind)) {
                throw new tp.UserError(null, "--kind must be nngp, ntk or both, not '" + kind + "'");
            }
            CostReport.print(program, cost, !kind.equals("ntk"), !kind.equals("nngp"), spec.commandLine().getOut());
            return 0;
        }
        if (expand) {
            Expansion e = Frontend.expand(program.toString(), Frontend.read(program));
            PrintWriter out = spec.commandLine().getOut();
            out.print(e.coreText());
            out.flush();
            Frontend.check(e); // the unrolled text is printed even when it does not check; errors follow
            return 0;
        }
        Program p = Frontend.load(program);
        print(p, width, spec.commandLine().getOut());
        return 0;
    }

    static void print(Program p, int width, PrintWriter out) {
        // first, so that a width too large for the program is rejected before anything is printed
        long trainable = p.parameterCount(width, true), frozen = p.parameterCount(width, false);
        out.printf("program %s (%s): %d variables, input row of %d columns, output %s (dimension %s)%n",
                p.name(), p.file(), p.vars().size(), p.inputWidth(), p.output().name(), p.output().dim().show(p));
        out.println();
        out.println("variables:");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"name", "type", "dimension", "CDC", "defined as"});
        for (Var v : p.vars()) {
            String dim = v.kind() == Kind.SCALAR ? "scalar" : v.cols() == null ? v.dim().show(p) : v.dim().show(p) + " x " + v.cols().show(p);
            String cdc = v.kind() == Kind.MATRIX ? cdcOf(v.dim()) + " x " + cdcOf(v.cols()) : v.kind() == Kind.SCALAR ? momentCdcs(p, v) : cdcOf(v.dim());
            rows.add(new String[] {v.name(), v.kind().word, dim, cdc, describe(v)});
        }
        table(rows, out);
        out.println();
        out.println("common dimension classes:");
        for (Program.Cdc c : p.cdcs()) {
            StringBuilder syms = new StringBuilder();
            for (Map.Entry<String, Double> e : c.symbols().entrySet()) {
                if (syms.length() > 0) syms.append(", ");
                syms.append(e.getKey()).append(e.getValue() == 1 ? "" : " = " + tp.lang.Constants.format(e.getValue()) + "*" + c.unit());
            }
            List<String> members = new ArrayList<>();
            for (Var v : p.vars()) if (v.cols() == null && v.dim().cdc() == c.index()) members.add(v.name());
            out.printf("  C%d: width symbols %s; unit %s (= width n); %d vectors: %s%n", c.index() + 1, syms, c.unit(),
                    members.size(), String.join(" ", members));
        }
        if (p.cdcs().isEmpty()) out.println("  (none: the program has no width symbols)");
        out.println();
        out.printf("parameters (at width %d; %s):%n", width, parametrization(p));
        rows = new ArrayList<>();
        rows.add(new String[] {"name", "kind", "shape", "count", "status"});
        for (Var v : p.parameters()) {
            long count = (long) v.dim().at(width) * (v.cols() == null ? 1 : v.cols().at(width));
            String shape = v.cols() == null ? Integer.toString(v.dim().at(width)) : v.dim().at(width) + " x " + v.cols().at(width);
            rows.add(new String[] {v.name(), v.cols() == null ? "vector" : "matrix", shape, Long.toString(count),
                    (v.isTrainable() ? "trainable" : "frozen") + (v.isStandard() ? ", standard" : "")});
        }
        table(rows, out);
        out.printf("  total: %d trainable, %d frozen%n", trainable, frozen);
    }

    /** "ntk parametrization", "standard parametrization", or which parameters are standard. */
    static String parametrization(Program p) {
        List<String> standard = new ArrayList<>(), ntk = new ArrayList<>();
        for (Var v : p.parameters()) (v.isStandard() ? standard : ntk).add(v.name());
        if (standard.isEmpty()) return "NTK parametrization";
        if (ntk.isEmpty()) return "standard parametrization";
        return "standard parametrization for " + String.join(" ", standard) + ", NTK for the others";
    }

    /** The CDCs a moment averages over (directly, in its means): "C1", "C1 C2", or "-". */
    private static String momentCdcs(Program p, Var m) {
        java.util.TreeSet<Integer> cdcs = new java.util.TreeSet<>();
        for (Var a : ((Def.Moment) m.def()).args()) if (a.kind().isWide()) cdcs.add(a.dim().cdc());
        if (cdcs.isEmpty()) return "-";
        StringBuilder sb = new StringBuilder();
        for (int c : cdcs) sb.append(sb.length() == 0 ? "" : " ").append("C").append(c + 1);
        return sb.toString();
    }

    private static String cdcOf(tp.lang.DimRef d) {
        return d.isFinite() ? "-" : "C" + (d.cdc() + 1);
    }

    static String describe(Var v) {
        Def d = v.def();
        if (d instanceof Def.Input in) return "input, columns " + in.offset() + ".." + (in.offset() + in.size() - 1);
        if (d instanceof Def.MatIn m) {
            return "MatIn sigma " + tp.lang.Constants.format(m.sigma()) + (m.frozen() ? " frozen" : "") + (m.standard() ? " standard" : "");
        }
        if (d instanceof Def.VecIn b) {
            return "VecIn sigma " + tp.lang.Constants.format(b.sigma())
                    + (b.mean() != 0 ? " mean " + tp.lang.Constants.format(b.mean()) : "")
                    + (b.initZero() ? " init zero" : "") + (b.frozen() ? " frozen" : "") + (b.standard() ? " standard" : "");
        }
        if (d instanceof Def.Transpose t) return t.of().name() + "^T";
        if (d instanceof Def.MatMul m) return m.matrix().name() + " " + m.arg().name();
        if (d instanceof Def.LinComb l) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < l.args().size(); i++) {
                double c = l.coefs()[i];
                sb.append(i == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + "));
                if (Math.abs(c) != 1) sb.append(tp.lang.Constants.format(Math.abs(c))).append("*");
                sb.append(l.args().get(i).name());
            }
            return sb.toString();
        }
        if (d instanceof Def.Moment m) return m.fn().show();
        return ((Def.Nonlin) d).fn().show();
    }

    static void table(List<String[]> rows, PrintWriter out) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder(" ");
            for (int i = 0; i < r.length; i++) {
                sb.append(' ').append(r[i]);
                if (i < r.length - 1) sb.append(" ".repeat(w[i] - r[i].length() + 1));
            }
            out.println(sb);
        }
    }
}
