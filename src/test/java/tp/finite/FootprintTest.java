package tp.finite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tp.UserError;
import tp.lang.Program;

/**
 * Issue 13 item 8: a width whose arrays cannot exist is a user error saying what fits, found
 * before anything is allocated (it was "IllegalArgumentException: Matrix size exceeds the size
 * of an integer", exit 1).
 */
class FootprintTest {
    private static final Program MLP = Fixtures.program("mlp_relu_2");

    @Test
    void anNByNMatrixBeyondTheArrayLimitIsRefusedWithTheLargestWidthThatFits() {
        // W6 is n x n: n^2 <= 2^31 - 9 up to n = 46340 (46341^2 = 2147488281 > 2147483639)
        long hugeHeap = Long.MAX_VALUE;
        assertNull(Footprint.problem(MLP, 46340, 6, 0, false, hugeHeap));
        String why = Footprint.problem(MLP, 46341, 6, 0, false, hugeHeap);
        assertTrue(why != null && why.contains("W6 (46341 x 46341)") && why.contains("Java array"), why);
        assertEquals(46340, Footprint.largestWidth(MLP, 100000, 6, 0, false, hugeHeap));
    }

    /**
     * With a 1 GB heap the n x n matrix dominates: 8 n^2 bytes plus lower-order terms must stay
     * under 0.9 GB, so the largest width is within 1% below sqrt(0.9e9 / 8) = 10606.6 (the
     * activations, O(n N), take the rest); training holds the gradient too: sqrt(0.9e9 / 16) = 7500.
     */
    @Test
    void theHeapBoundsTheWidth() {
        long heap = 1_000_000_000L;
        int w = Footprint.largestWidth(MLP, 100000, 6, 0, false, heap);
        assertTrue(w <= 10606 && w > 0.99 * 10606, "width " + w);
        int t = Footprint.largestWidth(MLP, 100000, 6, 0, true, heap);
        assertTrue(t <= 7500 && t > 0.99 * 7500, "width " + t);
        assertTrue(Footprint.problem(MLP, w + 1, 6, 0, false, heap).contains("heap holds 1.0 GB"));
    }

    @Test
    void aKernelBeyondTheArrayLimitFitsNoWidth() {
        String why = Footprint.problem(MLP, 10, 50000, 50000, false, Long.MAX_VALUE);
        assertTrue(why != null && why.contains("50000 x 50000 kernel"), why);
        assertEquals(0, Footprint.largestWidth(MLP, 10, 50000, 50000, false, Long.MAX_VALUE));
    }

    @Test
    void theCommandsSayItBeforeSamplingAndExitWith2() {
        String prog = Fixtures.resource("mlp_relu_2.tp").toString(), x = Fixtures.resource("vec_x1.csv").toString();
        long t0 = System.nanoTime();
        CliTest.Run r = CliTest.tp("empirical", prog, "--x1", x, "--kind", "ntk", "--width", "100000");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith("tp: error: width 100000 is too large: W6 (100000 x 100000)"), r.err());
        assertTrue(r.err().contains("the largest width that fits is "), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
        assertEquals("", r.out());
        CliTest.Run c = CliTest.tp("check", prog, "--x1", x, "--widths", "64,100000");
        assertEquals(2, c.status(), c.err());
        assertTrue(c.err().contains("width 100000 is too large"), c.err());
        assertTrue((System.nanoTime() - t0) < 60e9);
        UserError e = assertThrows(UserError.class, () -> FiniteNetwork.sample(MLP, 100000, 0));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }
}
