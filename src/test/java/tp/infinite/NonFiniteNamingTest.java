package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import tp.UserError;
import tp.api.TensorProgram;

/**
 * A kernel that is not finite is reported at the variable where it starts, named as the user
 * wrote it (a family member, not its core name) with its line; never "the NNGP of f". Here
 * E[exp(g) exp(g')] = exp(2 * 1600) overflows for an input of 40 (g has variance 40^2).
 */
class NonFiniteNamingTest {
    private static final String PROGRAM = String.join("\n",
            "input x[0..1] : 1",
            "MatIn W : n x 1",
            "for i in 0..1 {",
            "  MatMul g[i] := W x[i]",
            "  Nonlin h[i] := exp(g[i])",
            "}",
            "MatIn V : 1 x n",
            "MatMul f := V h[1]",
            "Output f", "");

    @Test
    void theFirstNonFiniteValueIsNamedAsWritten() {
        TensorProgram tp = TensorProgram.parse("overflow.tp", PROGRAM);
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{0.5, 40}, {0.1, 0.2}});
        UserError e = assertThrows(UserError.class, () -> tp.nngp(x, null));
        String m = e.getMessage();
        assertTrue(m.contains("h[1] (line 5)"), m);
        assertTrue(!m.contains("h_1") && !m.contains("NNGP of"), m);
        assertTrue(m.contains("data point"), m);
    }
}
