package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import tp.UserError;

/**
 * Degenerate points (zero vectors, repeated, parallel, antiparallel) give finite and exactly
 * known values; depth-100 networks stay finite; non-finite results and bad inputs are user
 * errors naming what went wrong.
 */
class NumericsTest {
    static final double[] X = {0.7, -1.1, 0.4};

    /** Rows 0, x, -x, x, 3x, y. */
    static DMatrixRMaj points() {
        double[][] r = new double[6][3];
        for (int k = 0; k < 3; k++) {
            r[1][k] = X[k];
            r[2][k] = -X[k];
            r[3][k] = X[k];
            r[4][k] = 3 * X[k];
        }
        r[5] = new double[] {0.2, 0.9, 1.3};
        return new DMatrixRMaj(r);
    }

    static String reluNet(int depth, boolean bias) {
        StringBuilder sb = new StringBuilder("input x : 3\nMatIn W1 : n x 3 sigma sqrt(2)\nMatMul g1 := W1 x\n");
        if (bias) sb.append("VecIn c1 : n sigma 0.1\nLinComb s1 := g1 + c1\nNonlin h1 := relu(s1)\n");
        else sb.append("Nonlin h1 := relu(g1)\n");
        for (int l = 2; l <= depth; l++) {
            sb.append("MatIn W").append(l).append(" : n x n sigma sqrt(2)\n");
            sb.append("MatMul g").append(l).append(" := W").append(l).append(" h").append(l - 1).append('\n');
            sb.append("Nonlin h").append(l).append(" := relu(g").append(l).append(")\n");
        }
        sb.append("MatIn V : 1 x n\nMatMul f := V h").append(depth).append("\nOutput f\n");
        return sb.toString();
    }

    @Test
    void degeneratePointsOneLayer() {
        Kernels k = new InfiniteWidth(Fixtures.parse(reluNet(1, false))).both(points(), null);
        double q = 2 * (X[0] * X[0] + X[1] * X[1] + X[2] * X[2]) / 3; // pre-activation variance at x
        for (int j = 0; j < 6; j++) { // the zero vector: pre-activation exactly 0, relu and step of it 0
            assertEquals(0.0, k.nngp().get(0, j), 0.0);
            assertEquals(0.0, k.ntk().get(0, j), 0.0);
        }
        assertEquals(q / 2, k.nngp().get(1, 1), 1e-15 * q);
        assertEquals(q, k.ntk().get(1, 1), 1e-15 * q); // sV^2 E[relu^2] + sW^2 x.x/3 sV^2 E[step^2] = q/2 + q/2
        assertEquals(q / 2, k.nngp().get(1, 3), 1e-15 * q); // repeated row
        assertEquals(q, k.ntk().get(1, 3), 1e-15 * q);
        assertEquals(0.0, k.nngp().get(1, 2), 1e-15 * q); // antiparallel: relu(u) relu(-u) = 0
        assertEquals(0.0, k.ntk().get(1, 2), 1e-15 * q);
        assertEquals(3 * q / 2, k.nngp().get(1, 4), 1e-15 * q); // parallel: positive homogeneity
        assertEquals(3 * q, k.ntk().get(1, 4), 1e-15 * q);
    }

    @Test
    void depth100ReluStaysFiniteAndExact() {
        int depth = 100;
        InfiniteWidth iw = new InfiniteWidth(Fixtures.parse(reluNet(depth, false)));
        Kernels k = iw.both(points(), null);
        double q = 2 * (X[0] * X[0] + X[1] * X[1] + X[2] * X[2]) / 3;
        // sigma^2 = 2 preserves the variance: K(x, x) = q/2 and Theta(x, x) = (depth + 1) q / 2
        assertEquals(q / 2, k.nngp().get(1, 1), 1e-13 * q);
        assertEquals((depth + 1) * q / 2, k.ntk().get(1, 1), 1e-12 * depth * q);
        assertEquals(k.nngp().get(1, 1), k.nngp().get(1, 3), 0.0);
        assertEquals(3 * k.nngp().get(1, 1), k.nngp().get(1, 4), 1e-12 * q);
        assertEquals(3 * k.ntk().get(1, 1), k.ntk().get(1, 4), 1e-12 * depth * q);
        finiteSymmetricCauchySchwarz(k);
        finiteSymmetricCauchySchwarz(new InfiniteWidth(Fixtures.parse(reluNet(depth, true))).both(points(), null));
    }

    @Test
    void depth100ErfStaysFinite() {
        StringBuilder sb = new StringBuilder("input x : 3\nMatIn W1 : n x 3 sigma 1.5\nMatMul g1 := W1 x\n"
                + "VecIn b1 : n sigma 0.3\nLinComb s1 := g1 + b1\nNonlin h1 := erf(s1)\n");
        for (int l = 2; l <= 100; l++) {
            sb.append("MatIn W").append(l).append(" : n x n sigma 1.5\nMatMul g").append(l).append(" := W").append(l)
                    .append(" h").append(l - 1).append("\nVecIn b").append(l).append(" : n sigma 0.3\nLinComb s").append(l)
                    .append(" := g").append(l).append(" + b").append(l).append("\nNonlin h").append(l).append(" := erf(s")
                    .append(l).append(")\n");
        }
        sb.append("MatIn V : 1 x n\nMatMul f := V h100\nOutput f\n");
        Kernels k = new InfiniteWidth(Fixtures.parse(sb.toString())).both(points(), null);
        finiteSymmetricCauchySchwarz(k);
        assertEquals(k.ntk().get(1, 1), k.ntk().get(1, 3), 0.0);
    }

    private static void finiteSymmetricCauchySchwarz(Kernels k) {
        for (DMatrixRMaj m : new DMatrixRMaj[] {k.nngp(), k.ntk()}) {
            for (int i = 0; i < m.numRows; i++) {
                for (int j = 0; j < m.numCols; j++) {
                    assertTrue(Double.isFinite(m.get(i, j)));
                    assertEquals(m.get(i, j), m.get(j, i), 0.0);
                    assertTrue(Math.abs(m.get(i, j)) <= Math.sqrt(m.get(i, i) * m.get(j, j)) * (1 + 1e-12) + 1e-300);
                }
            }
        }
    }

    @Test
    void overflowIsAUserErrorNamingTheVariable() {
        String prog = String.join("\n", "input x : 1", "MatIn W : n x 1 sigma 30", "MatMul g := W x",
                "Nonlin h := exp(g)", "MatIn V : 1 x n", "MatMul f := V h", "Output f", "");
        InfiniteWidth iw = new InfiniteWidth(Fixtures.parse(prog));
        UserError e = assertThrows(UserError.class, () -> iw.nngp(new DMatrixRMaj(new double[][] {{0.1}, {2}}), null));
        assertTrue(e.getMessage().contains("not finite") && e.getMessage().contains("h"), e.getMessage());
        // a Gaussian integral that diverges: E[exp(g^2)] needs Var(g) < 1/2
        String bump = String.join("\n", "input x : 1", "MatIn W : n x 1", "MatMul g := W x",
                "Nonlin h := exp(g * g)", "MatIn V : 1 x n", "MatMul f := V h", "Output f", "");
        InfiniteWidth iw2 = new InfiniteWidth(Fixtures.parse(bump));
        double ok = iw2.nngp(new DMatrixRMaj(new double[][] {{0.3}}), null).get(0, 0);
        assertEquals(1 / Math.sqrt(1 - 4 * 0.09), ok, 1e-14); // E[exp(2 u^2)], u ~ N(0, 0.09)
        UserError e2 = assertThrows(UserError.class, () -> iw2.nngp(new DMatrixRMaj(new double[][] {{1}}), null));
        assertTrue(e2.getMessage().contains("not finite") && e2.getMessage().contains("h"), e2.getMessage());
    }

    @Test
    void badInputsAreUserErrors() {
        InfiniteWidth iw = new InfiniteWidth(Fixtures.parse(reluNet(1, true)));
        UserError e = assertThrows(UserError.class, () -> iw.ntk(new DMatrixRMaj(2, 4), null));
        assertTrue(e.getMessage().contains("length 4") && e.getMessage().contains("length 3"), e.getMessage());
        DMatrixRMaj bad = new DMatrixRMaj(2, 3);
        bad.set(1, 2, Double.NaN);
        assertThrows(UserError.class, () -> iw.nngp(points(), bad));
        // empty sets are fine
        assertEquals(0, iw.both(new DMatrixRMaj(0, 3), points()).ntk().numRows);
    }
}
