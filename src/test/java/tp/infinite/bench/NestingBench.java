package tp.infinite.bench;

import org.ejml.data.DMatrixRMaj;
import tp.infinite.InfiniteWidth;
import tp.infinite.Kernels;
import tp.infinite.PlanSize;
import tp.lang.Frontend;
import tp.lang.Program;

/**
 * Compile time and plan size of nested nonlinearities against depth (issue 13 item 9): one
 * Nonlin {@code h := f(f(...f(g)))} ("nest") and a chain of Nonlin statements
 * {@code h1 := f(g); h2 := f(h1); ...} ("chain", which the compiler inlines), for tanh and
 * relu, NNGP and NTK. Prints, per depth, the time to compile the NTK plan and compute both
 * kernels on 2 points, and the plan's op counts. Run after {@code mvn test-compile}:
 * {@code java -cp target/tp.jar:target/test-classes tp.infinite.bench.NestingBench [maxDepth]}.
 */
public final class NestingBench {
    private NestingBench() {}

    /** The program with depth d nesting of {@code fn}, as one expression or as a chain of statements. */
    public static String program(String fn, int depth, boolean chain) {
        StringBuilder sb = new StringBuilder("input x : 2\nMatIn W : n x 2 sigma 1\nMatMul g := W x\n");
        String last;
        if (chain) {
            sb.append("Nonlin h1 := ").append(fn).append("(g)\n");
            for (int i = 2; i <= depth; i++) sb.append("Nonlin h").append(i).append(" := ").append(fn).append("(h").append(i - 1).append(")\n");
            last = "h" + depth;
        } else {
            String e = "g";
            for (int i = 0; i < depth; i++) e = fn + "(" + e + ")";
            sb.append("Nonlin h := ").append(e).append('\n');
            last = "h";
        }
        sb.append("MatIn V : 1 x n sigma 1\nMatMul f := V ").append(last).append("\nOutput f\n");
        return sb.toString();
    }

    public static void main(String[] args) {
        int max = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{0.3, 0.4}, {-0.5, 1.0}});
        System.out.printf("%-5s %-6s %6s %10s %10s %10s%n", "fn", "form", "depth", "seconds", "diag ops", "cross ops");
        for (String fn : new String[] {"tanh", "relu"}) {
            for (boolean chain : new boolean[] {false, true}) {
                for (int d = 1; d <= max; d *= 2) {
                    if (fn.equals("tanh") && d > 256) break; // tanh kernels cost quadrature per point
                    Program p = Frontend.parse("nest.tp", program(fn, d, chain));
                    long t0 = System.nanoTime();
                    int[] ops = PlanSize.ops(p, true, true);
                    Kernels k = new InfiniteWidth(p).both(x, null);
                    double s = (System.nanoTime() - t0) * 1e-9;
                    System.out.printf("%-5s %-6s %6d %10.3f %10d %10d   (ntk[0][1] = %.6g)%n", fn, chain ? "chain" : "nest", d, s,
                            ops[0], ops[1], k.ntk().get(0, 1));
                }
            }
        }
    }
}
