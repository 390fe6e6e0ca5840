package tp.cli;

import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;
import tp.lang.Program;

/** Checks of command-line values and data files that several subcommands share. */
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

    /** A data file whose rows do not fit the program, named in the message. */
    static void requireInputRows(Program p, DMatrixRMaj x, Path file) {
        if (x.numCols != p.inputWidth()) {
            throw new UserError(file.toString(), "has rows of length " + x.numCols + " but " + p.name()
                    + " reads input rows of length " + p.inputWidth());
        }
    }

    /** One target row per train point. */
    static void requireTargetRows(DMatrixRMaj y, Path targets, DMatrixRMaj x, Path train) {
        if (y.numRows != x.numRows) {
            throw new UserError(targets.toString(), "has " + y.numRows + " rows but " + train + " has " + x.numRows + " train points");
        }
    }
}
