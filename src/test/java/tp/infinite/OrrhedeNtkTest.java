package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * "The Neural Tangent Kernel" (Orrhede), eqs. (1) and (18)-(21): f(x) = sum_d w1_d
 * relu(w0_d x + b0_d) / sqrt(D) + b1 with N(0, 1) weights and biases starting at 0 (here
 * {@code init zero}, sigma 1: the bias still receives gradient), 1-D inputs. Then
 * K_ij = (x_i x_j + 1)/(2 pi) (pi - theta) + |x_i||x_j|/(2 pi) ((pi - theta) cos theta + sin theta) + 1
 * and the NNGP is eq. (18), theta the angle between x_i and x_j (0 or pi in one dimension).
 */
class OrrhedeNtkTest {
    static final String PROGRAM = String.join("\n",
            "input x : 1",
            "MatIn W0 : D x 1",
            "MatMul z := W0 x",
            "VecIn b0 : D init zero",
            "LinComb g := z + b0",
            "Nonlin h := relu(g)",
            "MatIn W1 : 1 x D",
            "MatMul o := W1 h",
            "VecIn b1 : 1 init zero",
            "LinComb f := o + b1",
            "Output f", "");

    static double eq21(double xi, double xj) {
        double theta = xi * xj > 0 ? 0 : Math.PI;
        return (xi * xj + 1) / (2 * Math.PI) * (Math.PI - theta)
                + Math.abs(xi) * Math.abs(xj) / (2 * Math.PI) * ((Math.PI - theta) * Math.cos(theta) + Math.sin(theta)) + 1;
    }

    static double eq18(double xi, double xj) {
        double theta = xi * xj > 0 ? 0 : Math.PI;
        return Math.abs(xi) * Math.abs(xj) * (Math.cos(theta) * (Math.PI - theta) + Math.sin(theta)) / (2 * Math.PI);
    }

    @Test
    void matchesEquation21() {
        double[] xs = {-1.7, -0.4, 0.05, 0.3, 0.9, 1.0, 2.5};
        double[] ys = {-3, -0.2, 0.6, 1.4};
        InfiniteWidth iw = new InfiniteWidth(Fixtures.parse(PROGRAM));
        Kernels self = iw.both(column(xs), null);
        Kernels cross = iw.both(column(xs), column(ys));
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < xs.length; j++) {
                assertEquals(eq21(xs[i], xs[j]), self.ntk().get(i, j), 1e-13 * eq21(xs[i], xs[j]), "ntk " + i + "," + j);
                assertEquals(eq18(xs[i], xs[j]), self.nngp().get(i, j), 1e-13 * (1 + eq18(xs[i], xs[j])), "nngp " + i + "," + j);
            }
            for (int j = 0; j < ys.length; j++) {
                assertEquals(eq21(xs[i], ys[j]), cross.ntk().get(i, j), 1e-13 * eq21(xs[i], ys[j]));
                assertEquals(eq18(xs[i], ys[j]), cross.nngp().get(i, j), 1e-13 * (1 + eq18(xs[i], ys[j])));
            }
        }
    }

    @Test
    void zeroInputTakesTheExactLimit() {
        // at x = 0 the pre-activation is exactly 0 at every width: relu and relu' (= step(0) = 0) vanish,
        // so only the output bias remains: Theta(0, x) = 1, K(0, x) = 0 (eq. 21's theta is undefined there)
        InfiniteWidth iw = new InfiniteWidth(Fixtures.parse(PROGRAM));
        Kernels k = iw.both(column(new double[] {0, 0.8, -1.1}), null);
        for (int j = 0; j < 3; j++) {
            assertEquals(1.0, k.ntk().get(0, j), 1e-15);
            assertEquals(0.0, k.nngp().get(0, j), 1e-15);
        }
    }

    static DMatrixRMaj column(double[] v) {
        DMatrixRMaj m = new DMatrixRMaj(v.length, 1);
        for (int i = 0; i < v.length; i++) m.set(i, 0, v[i]);
        return m;
    }
}
