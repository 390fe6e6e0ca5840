package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import tp.UserError;
import tp.api.TensorProgram;

/** A compiled plan refuses non-finite inputs, wherever they sit (the four-way check and its tail). */
class CompiledPlanInputsTest {
    private static final String MLP = """
            program mlp
            input x : 3
            MatIn W1 : n x 3
            MatMul h1 := W1 x
            Nonlin a1 := relu(h1)
            MatIn W2 : 1 x n
            MatMul y := W2 a1
            Output y
            """;

    @Test
    void nonFiniteInputsAreNamedByRow() {
        CompiledPlan plan = TensorProgram.parse(MLP).compiled(true, false);
        // 5 rows x 3 = 15 values: positions 0..11 go through the four-way sums, 12..14 through the tail
        for (int at : new int[] {0, 5, 11, 12, 14}) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                DMatrixRMaj x = new DMatrixRMaj(5, 3);
                for (int i = 0; i < 15; i++) x.data[i] = 0.1 * (i + 1);
                x.data[at] = bad;
                UserError e = assertThrows(UserError.class, () -> plan.run(x, null));
                assertEquals("error: --x1 row " + at / 3 + " has a non-finite value " + bad, e.getMessage());
            }
        }
        DMatrixRMaj ok = new DMatrixRMaj(5, 3);
        for (int i = 0; i < 15; i++) ok.data[i] = 0.1 * (i + 1);
        assertEquals(5, plan.run(ok, null)[0].numRows);
    }
}
