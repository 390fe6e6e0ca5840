package examples.mnist;

import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import tp.data.Datasets;

/**
 * The MNIST example's inputs: the first n train and first m test images (tp.data.Datasets), one-hot
 * targets; for the MLP all pixels standardized, for the CNN the 28 x 28 images average-pooled 2 x 2
 * to 14 x 14 first (the scikit-learn digits fallback: 8 x 8 as they are), then standardized.
 * Standardizing uses one mean and one standard deviation from the train pixels.
 */
record MnistData(boolean isMnist, String source, DMatrixRMaj mlpTrain, DMatrixRMaj mlpTest, DMatrixRMaj cnnTrain,
                 DMatrixRMaj cnnTest, DMatrixRMaj trainY, int[] trainLabels, int[] testLabels) {

    static MnistData load(Path cache, int nTrain, int nTest) {
        Datasets.Split s = Datasets.fromCache(cache, nTrain, nTest, Datasets.Scaling.UNIT_INTERVAL, Datasets.Encoding.ONE_HOT);
        boolean mnist = s.trainX().numCols == 784;
        DMatrixRMaj mlpTrain = s.trainX().copy(), mlpTest = s.testX().copy();
        Datasets.scale(mlpTrain, mlpTest, Datasets.Scaling.STANDARDIZED);
        DMatrixRMaj cnnTrain = mnist ? pool2(s.trainX(), 28) : s.trainX().copy();
        DMatrixRMaj cnnTest = mnist ? pool2(s.testX(), 28) : s.testX().copy();
        Datasets.scale(cnnTrain, cnnTest, Datasets.Scaling.STANDARDIZED);
        String source = s.source().replace(", unit_interval, targets 1.0/0.0", "") + "; one-hot targets; pixels standardized"
                + (mnist ? " (small CNN cnn14: after 2x2 average pooling to 14x14)" : "");
        return new MnistData(mnist, source, mlpTrain, mlpTest, cnnTrain, cnnTest, s.trainY(), s.trainLabels(),
                s.testLabels());
    }

    /** 2 x 2 average pooling of side x side row-major images (one per row). */
    static DMatrixRMaj pool2(DMatrixRMaj images, int side) {
        int half = side / 2;
        DMatrixRMaj r = new DMatrixRMaj(images.numRows, half * half);
        for (int n = 0; n < images.numRows; n++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < half; j++) {
                    double s = 0;
                    for (int a = 0; a < 2; a++) {
                        for (int b = 0; b < 2; b++) s += images.get(n, (2 * i + a) * side + 2 * j + b);
                    }
                    r.set(n, i * half + j, s / 4);
                }
            }
        }
        return r;
    }
}
