package examples.embedding;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import tp.UserError;
import tp.api.TensorProgram;
import tp.kernels.Prediction;

/**
 * Using {@code tp} from Java through {@link TensorProgram}: parse a tensor program given as text,
 * compute its infinite-width NTK on data, and predict a regression target with it (the mean and
 * spread of infinitely many infinitely wide networks trained to convergence).
 *
 * <p>Run it (from the repository root, after {@code mvn -DskipTests package}):
 * {@code java -cp target/tp.jar:target/test-classes examples.embedding.Embedding [TRAIN_POINTS]},
 * or {@code examples/run.sh embedding}.
 */
public final class Embedding {
    /** A two-hidden-layer erf network on 2-D inputs, written inline; any .tp program works the same. */
    static final String PROGRAM = """
            program erf2
            input x : 2
            MatIn W1 : n x 2 sigma 1.5
            VecIn b1 : n sigma 0.1
            MatMul z1 := W1 x
            LinComb g1 := z1 + b1
            Nonlin h1 := erf(g1)
            MatIn W2 : n x n sigma 1.5
            VecIn b2 : n sigma 0.1
            MatMul z2 := W2 h1
            LinComb g2 := z2 + b2
            Nonlin h2 := erf(g2)
            MatIn V : 1 x n sigma 1.5
            VecIn c : 1 sigma 0.1
            MatMul o := V h2
            LinComb f := o + c
            Output f
            """;

    private Embedding() {}

    /** The function to learn. */
    static double target(double x1, double x2) {
        return Math.sin(2 * x1) + 0.5 * x2 * x2;
    }

    /** Points drawn uniformly from [-1.5, 1.5]^2 (one per row). */
    static DMatrixRMaj points(int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(count, 2);
        for (int i = 0; i < x.data.length; i++) x.data[i] = rng.nextDouble(-1.5, 1.5);
        return x;
    }

    static DMatrixRMaj targets(DMatrixRMaj x) {
        DMatrixRMaj y = new DMatrixRMaj(x.numRows, 1);
        for (int i = 0; i < x.numRows; i++) y.set(i, 0, target(x.get(i, 0), x.get(i, 1)));
        return y;
    }

    /** Fits {@code nTrain} points, prints the kernel's corner and a prediction table; returns the test RMSE. */
    public static double run(int nTrain, PrintStream out) {
        TensorProgram tp = TensorProgram.parse("erf2.tp", PROGRAM);
        out.printf(Locale.ROOT, "program %s: %d variables, input width %d%n", "erf2", tp.program().vars().size(),
                tp.program().inputWidth());

        DMatrixRMaj xTrain = points(nTrain, 1), yTrain = targets(xTrain);
        DMatrixRMaj xTest = points(8, 2), yTest = targets(xTest);

        DMatrixRMaj theta = tp.ntk(xTrain, null);
        out.println("infinite-width NTK on the first three train points:");
        for (int i = 0; i < Math.min(3, nTrain); i++) {
            StringBuilder row = new StringBuilder("  ");
            for (int j = 0; j < Math.min(3, nTrain); j++) row.append(String.format(Locale.ROOT, "%10.6f", theta.get(i, j)));
            out.println(row);
        }

        // kernel regression (time = infinity), NTK kind, learning rate 1, no regularization, with variance
        Prediction p = tp.predict(xTrain, yTrain, xTest, true, Double.POSITIVE_INFINITY, 1, 0, true);
        out.println("     x1      x2    target  predicted  +- sd");
        double se = 0;
        for (int i = 0; i < xTest.numRows; i++) {
            double mean = p.mean().get(i, 0), sd = Math.sqrt(Math.max(0, p.variance().get(i, 0)));
            out.printf(Locale.ROOT, "%7.3f %7.3f %9.4f %10.4f %6.4f%n", xTest.get(i, 0), xTest.get(i, 1), yTest.get(i, 0),
                    mean, sd);
            se += (mean - yTest.get(i, 0)) * (mean - yTest.get(i, 0));
        }
        double rmse = Math.sqrt(se / xTest.numRows);
        out.printf(Locale.ROOT, "test RMSE with %d train points: %.4f%n", nTrain, rmse);
        return rmse;
    }

    public static void main(String[] args) {
        int nTrain = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        try {
            run(nTrain, System.out);
        } catch (UserError e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
