package tp.kernels;

import org.ejml.data.DMatrixRMaj;

/**
 * The three blocks of one kernel (NNGP or NTK) that a prediction needs.
 *
 * <ul>
 *   <li>{@code trainTrain}: N x N, the kernel between the train points (symmetric);</li>
 *   <li>{@code testTrain}: M x N, test points against train points;</li>
 *   <li>{@code testTest}: the test-test kernel, either full M x M (only its diagonal is read)
 *       or just its diagonal as an M x 1 or 1 x M matrix; may be null when no variance is
 *       asked for (the mean never reads it).</li>
 * </ul>
 *
 * <p>The matrices are not copied; {@link Predictor} never modifies them.
 */
public record KernelBlocks(DMatrixRMaj trainTrain, DMatrixRMaj testTrain, DMatrixRMaj testTest) {

    public KernelBlocks {
        if (trainTrain == null || testTrain == null) {
            throw new IllegalArgumentException("trainTrain and testTrain are required");
        }
        if (trainTrain.numRows != trainTrain.numCols) {
            throw new IllegalArgumentException("trainTrain is " + shape(trainTrain) + ", not square");
        }
        if (testTrain.numCols != trainTrain.numRows) {
            throw new IllegalArgumentException("testTrain is " + shape(testTrain) + " but there are "
                    + trainTrain.numRows + " train points");
        }
        if (testTest != null) {
            int m = testTrain.numRows;
            boolean full = testTest.numRows == m && testTest.numCols == m;
            boolean diag = testTest.getNumElements() == m && Math.min(testTest.numRows, testTest.numCols) == 1;
            if (!full && !diag) {
                throw new IllegalArgumentException("testTest is " + shape(testTest) + " but there are "
                        + m + " test points");
            }
        }
    }

    /** Blocks without a test-test part (enough for a mean prediction). */
    public KernelBlocks(DMatrixRMaj trainTrain, DMatrixRMaj testTrain) {
        this(trainTrain, testTrain, null);
    }

    /** Number of train points N. */
    public int trainCount() { return trainTrain.numRows; }

    /** Number of test points M. */
    public int testCount() { return testTrain.numRows; }

    /** The diagonal of the test-test kernel, length M. */
    public double[] testTestDiagonal() {
        if (testTest == null) {
            throw new IllegalStateException("no test-test kernel given: it is needed for the variance");
        }
        int m = testCount();
        double[] d = new double[m];
        boolean full = testTest.numRows == m && testTest.numCols == m && m != 1;
        for (int i = 0; i < m; i++) {
            d[i] = full ? testTest.get(i, i) : testTest.data[i];
        }
        return d;
    }

    static String shape(DMatrixRMaj a) {
        return a.numRows + " x " + a.numCols;
    }
}
