package tp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;
import tp.io.AtomicFile;
import tp.io.DataReader;
import tp.io.MatrixWriter;
import tp.lang.Constants;
import tp.lang.Program;

/**
 * Checks of command-line values and data files that several subcommands share. Everything that
 * can be checked before a long computation is checked here, first: a bad output path or a data
 * set too large for the heap must not surface after minutes of work.
 */
final class Common {
    private Common() {}

    /** A finite number above zero (learning rates). */
    static void requirePositive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UserError(null, option + " must be a positive number, got " + value);
        }
    }

    /** A whole number above zero (widths, seeds, step counts). */
    static void requirePositiveInteger(String option, long value) {
        if (value <= 0) throw new UserError(null, option + " must be a positive integer, got " + value);
    }

    /**
     * Data points for {@code p}: every row must hold {@code p.inputWidth()} values; a mismatch is
     * {@code FILE:ROW: error: row has 4 values but mlp reads input rows of 3 values}.
     */
    static DMatrixRMaj readInputs(Program p, Path file) {
        return readInputs(p.inputWidth(), p.name(), file);
    }

    /** Input rows of d values for the program called {@code name}. */
    static DMatrixRMaj readInputs(int d, String name, Path file) {
        return DataReader.read(file, new DataReader.Columns(d, name + " reads input rows of " + values(d)));
    }

    /** Targets of a finite network: one value per output coordinate in every row. */
    static DMatrixRMaj readTargets(Program p, Path file, int outputs) {
        return DataReader.read(file, new DataReader.Columns(outputs, "the output " + p.output().name() + " of "
                + p.name() + " has dimension " + outputs));
    }

    private static String values(int n) {
        return n + " value" + (n == 1 ? "" : "s");
    }

    /** One target row per train point. */
    static void requireTargetRows(DMatrixRMaj y, Path targets, DMatrixRMaj x, Path train) {
        if (y.numRows != x.numRows) {
            throw new UserError(targets.toString(), "has " + y.numRows + " rows but " + train + " has " + x.numRows + " train points");
        }
    }

    /**
     * An {@code --out} file, checked before the computation: a name, a known format (.csv or
     * .npy, see {@link MatrixWriter#formatOf}), a directory that exists and can be written.
     */
    static void checkOutput(String option, Path out) {
        if (out == null) return;
        requireName(option, out);
        MatrixWriter.checkWritable(out);
    }

    /** A {@code --plot} file: a {@code .png} name that can be written, checked before the computation. */
    static void checkPlot(String option, Path plot) {
        if (plot == null) return;
        requireName(option, plot);
        String fn = plot.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!fn.endsWith(".png")) {
            throw new UserError(plot.toString(), option + " draws a PNG image: name the file .png");
        }
        try {
            AtomicFile.probe(plot);
        } catch (IOException e) {
            throw MatrixWriter.cannotWrite(plot, e);
        }
    }

    private static void requireName(String option, Path file) {
        if (file.toString().isEmpty() || file.getFileName() == null) {
            throw new UserError(null, option + " must name a file, got '" + file + "'");
        }
    }

    /**
     * Every width symbol at least 1 at {@code width}: a ratio such as {@code dim m = 1e-6 * n}
     * would otherwise round m to 0, silently replaced by 1.
     */
    static void requireWidthFits(Program p, String option, int width) {
        for (Program.Cdc c : p.cdcs()) {
            for (Map.Entry<String, Double> e : c.symbols().entrySet()) {
                double r = e.getValue();
                if (Math.round(r * width) >= 1) continue;
                double least = Math.ceil(0.5 / r);
                throw new UserError(null, option + " " + width + " makes width symbol " + e.getKey() + " = "
                        + Constants.format(r) + "*" + c.unit() + " round to 0; "
                        + (least <= Integer.MAX_VALUE ? "the smallest width that gives it 1 is " + (long) least
                                : "no width gives it 1"));
            }
        }
    }

    /**
     * The width the NTK is taken at (Netsor+, the standard parametrization): {@code --width} when
     * the kernel depends on it, i.e. when the NTK is asked for and a trainable matrix in the
     * standard parametrization has a width as its fan-in (its contribution grows with it); null
     * when the kernels do not depend on the width. Without {@code --width} such an NTK is an error.
     */
    static Integer kernelWidth(Program p, Integer width, boolean ntk) {
        if (width != null) {
            requirePositiveInteger("--width", width);
            requireWidthFits(p, "--width", width);
        }
        tp.lang.Var w = p.widthDependentParameter();
        if (w == null || !ntk) return null;
        if (width == null) {
            throw new UserError(null, "the NTK of " + p.name() + " depends on the width: " + p.where(w) + " is trained in the"
                    + " standard parametrization, so its contribution grows with its fan-in " + w.cols().show(p)
                    + "; give the width with --width N (every width symbol N times its ratio)");
        }
        return width;
    }
}
