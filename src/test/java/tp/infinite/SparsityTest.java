package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tp.api.TensorProgram;

/**
 * The blocks the planner finds structurally, counted by hand for the two readouts of the 8x8
 * CNN in programs/ (two 3x3 VALID convolutions: 36 positions after the first, 16 after the
 * second). Flatten (one readout matrix per position): only same-position pairs survive, forward
 * and backward. Global average pooling (one readout matrix for the mean): every pair of the 16
 * last positions, and the pairs (q, q') of first-layer positions that one filter tap links to
 * two last positions, q = p + a and q' = p' + a: per axis |q - q'| &lt;= 3 (30 of the 36 pairs of
 * the 6 positions: all but |q - q'| = 4, 5), so 30^2 = 900 in 2-D, not 36^2. A planner that
 * enumerated pairs and discovered the zeros afterwards would give the same kernels; these
 * counts say it never plans them.
 */
class SparsityTest {
    @Test
    void flattenReadoutKeepsOnlySamePositionPairs() {
        PlanCost c = TensorProgram.load(Path.of("programs/cnn2d_flatten.tp")).cost(true, true);
        // K(g_q, g_q) for 36 positions and K(k_p, k_p) for 16, at one point and across points
        assertArrayEquals(new int[] {36 + 16, 36 + 16}, c.covariances());
        // per point: E[h_q h_q] (layer 2's variances); across: E[h_q h_q'] and the readouts' E[r_p r_p']
        assertArrayEquals(new int[] {36, 36 + 16}, c.moments());
        // gradient classes g_q (members: the 9 taps at q and c1) and k_p; nodes h_q and r_p
        assertEquals(36 + 16, c.classPairs());
        assertEquals(36 + 16, c.nodePairs());
    }

    @Test
    void averagePoolingKeepsEveryPairOfPositions() {
        PlanCost c = TensorProgram.load(Path.of("programs/cnn2d_gap.tp")).cost(true, true);
        assertArrayEquals(new int[] {36 + 16, 900 + 16 * 16}, c.covariances());
        // across points: E[h_q h_q'] for the linked pairs and the pooled readout's moment (one block)
        assertArrayEquals(new int[] {36, 900 + 1}, c.moments());
        assertEquals(900 + 16 * 16, c.classPairs());
        // nodes: h_q (read by the second convolution) and the pooled vector (read by the readout)
        assertEquals(900 + 1, c.nodePairs());
    }

    @Test
    void nngpAloneNeedsNoBackwardBlocks() {
        PlanCost c = TensorProgram.load(Path.of("programs/cnn2d_gap.tp")).cost(true, false);
        assertEquals(0, c.classPairs());
        assertEquals(0, c.nodePairs());
    }
}
