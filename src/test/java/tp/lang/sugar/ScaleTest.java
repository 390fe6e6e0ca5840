package tp.lang.sugar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tp.lang.Frontend;
import tp.lang.Program;

/**
 * Programs of about 10^5 unrolled statements: parse, unroll and check them, sugared and as the
 * printed core text, and print the times (wall clock and this thread's CPU time; the machine
 * may be shared). Slow-tagged; also runnable as a main:
 * {@code java -cp target/classes:target/test-classes:... tp.lang.sugar.ScaleTest}.
 */
@Tag("slow")
class ScaleTest {
    /** A relu MLP of L hidden layers: 5 statements per layer. */
    static String deepMlp(int layers) {
        return """
                input x : 4
                MatIn W[1] : n x 4 sigma 1.5
                MatMul z[1] := W[1] x
                VecIn b[1] : n sigma 0.05
                LinComb g[1] := z[1] + b[1]
                Nonlin h[1] := relu(g[1])
                for l in 2..L {
                  MatIn W[l] : n x n sigma 1.5
                  MatMul z[l] := W[l] h[l-1]
                  VecIn b[l] : n sigma 0.05
                  LinComb g[l] := z[l] + b[l]
                  Nonlin h[l] := relu(g[l])
                }
                MatIn R : 1 x n
                MatMul f := R h[L]
                Output f
                """.replace("2..L", "2.." + layers).replace("h[L]", "h[" + layers + "]");
    }

    /** One 3x3 convolution over an S x S image, then global average pooling: 11 statements per pixel. */
    static String bigConv(int side) {
        return """
                let S = %d
                input x[0..S-1][0..S-1] : 1
                MatIn A[0..2][0..2] : n x 1 sigma 0.5
                VecIn c : n sigma 0.1
                for i in 0..S-3, j in 0..S-3 {
                  for a in 0..2, b in 0..2 { MatMul u[i][j][a][b] := A[a][b] x[i+a][j+b] }
                  LinComb g[i][j] := sum(a in 0..2, b in 0..2) u[i][j][a][b] + c
                  Nonlin h[i][j] := relu(g[i][j])
                }
                LinComb pool := sum(i in 0..S-3, j in 0..S-3) h[i][j] / ((S - 2) * (S - 2))
                MatIn R : 1 x n
                MatMul f := R pool
                Output f
                """.formatted(side);
    }

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /** Parses and checks; returns the program, prints the times. */
    static Program timed(String what, String text) {
        Program p = null;
        for (int rep = 0; rep < 3; rep++) { // the first round includes JIT warm-up
            long wall = System.nanoTime(), cpu = MX.getCurrentThreadCpuTime();
            Expansion e = Frontend.expand(what, text);
            long wallX = System.nanoTime(), cpuX = MX.getCurrentThreadCpuTime();
            p = Frontend.check(e);
            long wall2 = System.nanoTime(), cpu2 = MX.getCurrentThreadCpuTime();
            System.out.printf("%-28s %7d statements: parse+unroll %.2f s (cpu %.2f s), check %.2f s (cpu %.2f s), total %.2f s%n",
                    what, e.stmts().size(), (wallX - wall) / 1e9, (cpuX - cpu) / 1e9, (wall2 - wallX) / 1e9,
                    (cpu2 - cpuX) / 1e9, (wall2 - wall) / 1e9);
        }
        return p;
    }

    @Test
    void hundredThousandStatements() {
        main(new String[0]);
    }

    public static void main(String[] args) {
        String mlp = deepMlp(20_000);
        Program a = timed("deep MLP (sugared)", mlp);
        assertEquals(100_003, a.vars().size());
        Program b = timed("deep MLP (core text)", Frontend.expand("mlp.tp", mlp).coreText());
        SameProgram.assertSame(a, b, false);

        String conv = bigConv(100);
        Program c = timed("100x100 conv + GAP (sugared)", conv);
        assertEquals(10_000 + 9 + 1 + 98 * 98 * 11 + 3, c.vars().size());
        Program d = timed("100x100 conv + GAP (core)", Frontend.expand("conv.tp", conv).coreText());
        SameProgram.assertSame(c, d, false);
    }
}
