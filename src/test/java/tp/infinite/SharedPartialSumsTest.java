package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Shared partial sums on a 5x5 "convolution" over an 8x8 grid of slots: the row chunks that at
 * least three window positions share become partial sums (and only those), and every output
 * still equals its sum of 25 terms plus bias computed directly here.
 */
class SharedPartialSumsTest {
    @Test
    void sharedRowsOfAWindowAreSummedOnce() {
        int side = 8, k = 5, positions = side - k + 1;
        List<Op> ops = new ArrayList<>();
        int[] outSlot = new int[positions * positions];
        int next = side * side;
        for (int i = 0; i < positions; i++) {
            for (int j = 0; j < positions; j++) {
                double[] coefs = new double[k * k + 1];
                Src[] ins = new Src[2 * (k * k + 1)];
                int t = 0;
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++, t++) {
                        coefs[t] = 0.5;
                        ins[2 * t] = Src.slot((i + a) * side + j + b);
                        ins[2 * t + 1] = Src.ONE;
                    }
                }
                coefs[t] = 0.1; // a bias term: constant, never part of a chunk
                ins[2 * t] = Src.ONE;
                ins[2 * t + 1] = Src.ONE;
                outSlot[i * positions + j] = next;
                ops.add(new SumProdOp(next++, coefs, ins, "g"));
            }
        }
        int[] slots = {next};
        List<Op> out = SharedPartialSums.apply(ops, name -> slots[0]++);
        // grid row r, at a column offset, is in the windows of positions i with i <= r <= i + 4:
        // 1, 2, 3, 4, 4, 3, 2, 1 of them for r = 0..7; rows used 3 or 4 times (r = 2..5) pay off
        assertEquals(false, SharedPartialSums.worthIt(5, 2));
        assertEquals(true, SharedPartialSums.worthIt(5, 3));
        assertEquals(ops.size() + 4 * positions, out.size());
        int terms = 0;
        for (Op op : out) terms += ((SumProdOp) op).coefs.length;
        // partials: 16 of 5 terms; sums at i = 0 and 3: 3 partials + 2 rows of 5 + bias, at i = 1, 2: 4 + 5 + 1
        assertEquals(16 * 5 + positions * (14 + 10 + 10 + 14), terms);

        Tile t = new Tile();
        t.cross = true;
        t.rows = 2;
        t.cols = 3;
        t.slots = new double[slots[0]][t.rows * t.cols];
        Random r = new Random(2);
        for (int s = 0; s < side * side; s++) for (int e = 0; e < t.rows * t.cols; e++) t.slots[s][e] = r.nextGaussian();
        for (Op op : out) op.run(t, new Workspace());
        for (int i = 0; i < positions; i++) {
            for (int j = 0; j < positions; j++) {
                for (int e = 0; e < t.rows * t.cols; e++) {
                    double direct = 0.1;
                    for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) direct += 0.5 * t.slots[(i + a) * side + j + b][e];
                    assertEquals(direct, t.slots[outSlot[i * positions + j]][e], 1e-15 * 10, "position " + i + "," + j);
                }
            }
        }
    }
}
