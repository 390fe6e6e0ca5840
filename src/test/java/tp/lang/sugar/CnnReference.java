package tp.lang.sugar;

import org.ejml.data.DMatrixRMaj;

/**
 * The infinite-width NNGP and NTK of a 2-D CNN of relu layers, written out independently of tp
 * as neural-tangents computes them (Novak et al. 2019, "Bayesian deep convolutional networks";
 * Arora et al. 2019, "On exact computation with an infinitely wide neural net"): the covariance
 * K and the NTK Theta between every (image, pixel) pair, propagated layer by layer.
 * <ul>
 * <li>Conv (window w x w, stride s, zero padding p before, weight variance W^2 / (w^2 * fan-in),
 *     bias b^2): K'[i,j][k,l] = W^2 / w^2 * sum over taps (a, b) of K[s*i+a-p, s*j+b-p][s*k+a-p,
 *     s*l+b-p], the taps that fall in the padding on either side contributing zero, plus b^2;
 *     Theta' = the same sum of K + Theta, plus b^2 (the same tap on both sides: the weights of
 *     different taps are independent).</li>
 * <li>Relu: K' = E[relu(u) relu(v)] (arc-cosine kernel of degree 1), Theta' = Theta * E[relu'(u)
 *     relu'(v)] (degree 0), (u, v) Gaussian with the pre-activation covariance.</li>
 * <li>AvgPool (window, stride, padding, divisor): the average is linear, K' and Theta' are sums
 *     over both windows divided by divisor^2; padded pixels are zeros.</li>
 * <li>Layer norm (Netsor+), per pixel or over all pixels and channels: the coordinate mean of a
 *     pre-activation of mean 0 tends to 0 and its variance to q = K[p][p] (per pixel) or to the
 *     mean of K[p][p] over the image's pixels, so the layer divides by the per-point constant
 *     sqrt(q + eps): K' = K / sqrt(q q'), Theta' = Theta / sqrt(q q') (the gradients through the
 *     mean and the variance are O(1/n) and vanish in the limit).</li>
 * <li>Flatten + Dense (W, b): K = W^2 / P * sum_p K[p][p] + b^2, Theta = W^2 / P * sum_p (K +
 *     Theta)[p][p] + b^2; GAP + Dense: the same with the mean over all pairs (p, q).</li>
 * </ul>
 * Inputs: rows of side x side x C numbers (pixels row-major, channels last); the input Gram is
 * divided by C (the fan-in of the first layer's taps).
 */
final class CnnReference {
    private final int images, side;
    private final double[][] k, t;

    private CnnReference(int images, int side, double[][] k, double[][] t) {
        this.images = images;
        this.side = side;
        this.k = k;
        this.t = t;
    }

    private int at(int image, int i, int j) {
        return (image * side + i) * side + j;
    }

    static CnnReference input(DMatrixRMaj x, int side, int channels) {
        int n = x.numRows, size = n * side * side;
        double[][] k = new double[size][size];
        for (int p = 0; p < size; p++) {
            for (int q = 0; q < size; q++) {
                int ip = p / (side * side), pp = p % (side * side), iq = q / (side * side), pq = q % (side * side);
                double s = 0;
                for (int c = 0; c < channels; c++) s += x.get(ip, pp * channels + c) * x.get(iq, pq * channels + c);
                k[p][q] = s / channels;
            }
        }
        return new CnnReference(n, side, k, new double[size][size]);
    }

    /**
     * scale * sum of in[src][src'] + plus, over the window of each output position: the same tap
     * on both sides ({@code sameTap}, a convolution) or every pair of taps (a pooling); a source
     * in the padding contributes zero.
     */
    private double[][] window(double[][] in, int window, int stride, int pad, int out, double scale, double plus,
                              boolean sameTap) {
        CnnReference o = new CnnReference(images, out, null, null);
        int size = images * out * out;
        double[][] r = new double[size][size];
        for (int n = 0; n < images; n++) for (int i = 0; i < out; i++) for (int j = 0; j < out; j++) {
            for (int m = 0; m < images; m++) for (int kk = 0; kk < out; kk++) for (int l = 0; l < out; l++) {
                double s = 0;
                for (int a = 0; a < window; a++) for (int b = 0; b < window; b++) {
                    int si = stride * i + a - pad, sj = stride * j + b - pad;
                    if (si < 0 || sj < 0 || si >= side || sj >= side) continue;
                    s += inner(in, n, si, sj, m, kk, l, window, stride, pad, a, b, sameTap);
                }
                r[o.at(n, i, j)][o.at(m, kk, l)] = scale * s + plus;
            }
        }
        return r;
    }

    private double inner(double[][] in, int n, int si, int sj, int m, int k, int l, int window, int stride, int pad,
                         int a, int b, boolean sameTap) {
        if (sameTap) {
            int ti = stride * k + a - pad, tj = stride * l + b - pad;
            if (ti < 0 || tj < 0 || ti >= side || tj >= side) return 0;
            return in[at(n, si, sj)][at(m, ti, tj)];
        }
        double s = 0;
        for (int c = 0; c < window; c++) for (int d = 0; d < window; d++) {
            int ti = stride * k + c - pad, tj = stride * l + d - pad;
            if (ti < 0 || tj < 0 || ti >= side || tj >= side) continue;
            s += in[at(n, si, sj)][at(m, ti, tj)];
        }
        return s;
    }

    CnnReference conv(int window, int stride, int padBefore, int out, double wStd, double bStd) {
        double scale = wStd * wStd / (window * window), b2 = bStd * bStd;
        int size = k.length;
        double[][] kt = new double[size][size];
        for (int p = 0; p < size; p++) for (int q = 0; q < size; q++) kt[p][q] = k[p][q] + t[p][q];
        return new CnnReference(images, out, window(k, window, stride, padBefore, out, scale, b2, true),
                window(kt, window, stride, padBefore, out, scale, b2, true));
    }

    CnnReference avgPool(int window, int stride, int padBefore, int out, double divisor) {
        double scale = 1 / (divisor * divisor);
        return new CnnReference(images, out, window(k, window, stride, padBefore, out, scale, 0, false),
                window(t, window, stride, padBefore, out, scale, 0, false));
    }

    CnnReference relu() {
        int size = k.length;
        double[][] k2 = new double[size][size], t2 = new double[size][size];
        for (int p = 0; p < size; p++) {
            for (int q = 0; q < size; q++) {
                double s = Math.sqrt(k[p][p] * k[q][q]), cos = Math.max(-1, Math.min(1, k[p][q] / s)), th = Math.acos(cos);
                k2[p][q] = s / (2 * Math.PI) * (Math.sin(th) + (Math.PI - th) * cos);
                t2[p][q] = t[p][q] * (Math.PI - th) / (2 * Math.PI);
            }
        }
        return new CnnReference(images, side, k2, t2);
    }

    /** Layer norm per pixel ({@code allPixels} false) or over every pixel of an image, in the limit. */
    CnnReference layerNorm(boolean allPixels, double eps) {
        int positions = side * side, size = k.length;
        double[] scale = new double[size];
        for (int p = 0; p < size; p++) {
            double q = k[p][p];
            if (allPixels) {
                int first = p / positions * positions;
                q = 0;
                for (int r = first; r < first + positions; r++) q += k[r][r] / positions;
            }
            scale[p] = Math.sqrt(q + eps);
        }
        double[][] k2 = new double[size][size], t2 = new double[size][size];
        for (int p = 0; p < size; p++) {
            for (int q = 0; q < size; q++) {
                k2[p][q] = k[p][q] / (scale[p] * scale[q]);
                t2[p][q] = t[p][q] / (scale[p] * scale[q]);
            }
        }
        return new CnnReference(images, side, k2, t2);
    }

    /** {NNGP, NTK} of flatten + dense(1, W, b). */
    double[][][] flattenDense(double wStd, double bStd) {
        int positions = side * side;
        double[][] nngp = new double[images][images], ntk = new double[images][images];
        for (int n = 0; n < images; n++) {
            for (int m = 0; m < images; m++) {
                double sk = 0, st = 0;
                for (int p = 0; p < positions; p++) {
                    int a = n * positions + p, b = m * positions + p;
                    sk += k[a][b];
                    st += k[a][b] + t[a][b];
                }
                nngp[n][m] = wStd * wStd / positions * sk + bStd * bStd;
                ntk[n][m] = wStd * wStd / positions * st + bStd * bStd;
            }
        }
        return new double[][][] {nngp, ntk};
    }

    /** {NNGP, NTK} of global average pooling + dense(1, W, b). */
    double[][][] gapDense(double wStd, double bStd) {
        int positions = side * side;
        double[][] nngp = new double[images][images], ntk = new double[images][images];
        for (int n = 0; n < images; n++) {
            for (int m = 0; m < images; m++) {
                double sk = 0, st = 0;
                for (int p = 0; p < positions; p++) {
                    for (int q = 0; q < positions; q++) {
                        int a = n * positions + p, b = m * positions + q;
                        sk += k[a][b];
                        st += t[a][b];
                    }
                }
                double pk = sk / ((double) positions * positions), pt = st / ((double) positions * positions);
                nngp[n][m] = wStd * wStd * pk + bStd * bStd;
                ntk[n][m] = wStd * wStd * (pk + pt) + bStd * bStd;
            }
        }
        return new double[][][] {nngp, ntk};
    }
}
