package tp.infinite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Smooth nonlinearities without a closed form (issue 14): tp's NNGP and NTK, self (x1, x1) and
 * cross (x1, x2) on the shared reference inputs, against {@link HermiteMlp}, the textbook
 * recursion with a 3000-point Gauss-Hermite rule of the test's own (converged: a 4500-point
 * rule agrees to about 3e-15 at the widest variance these networks reach, where a 2000-point
 * one is still 2.5e-13 off for tanh x sigmoid; see {@link #referenceConverged}). The error is the largest entry's error over the largest entry,
 * the measure of issue 14, which asks for 1e-10.
 */
class SmoothReferenceTest {
    private static final double TOL = 1e-10;
    private static HermiteMlp ref;

    @BeforeAll
    static void rule() {
        ref = new HermiteMlp(3000);
    }

    static HermiteMlp.Smooth phi(String name) {
        return switch (name) {
            case "tanh" -> (x, o) -> {
                double t = Math.tanh(x);
                o[0] = t;
                o[1] = 1 - t * t;
            };
            case "sigmoid" -> (x, o) -> {
                double s = 1 / (1 + Math.exp(-x));
                o[0] = s;
                o[1] = s * (1 - s);
            };
            case "softplus" -> (x, o) -> {
                o[0] = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
                o[1] = 1 / (1 + Math.exp(-x));
            };
            case "tanhsig" -> (x, o) -> {
                // (tanh s)' = (1 - tanh^2) s + tanh s (1 - s)
                double t = Math.tanh(x), s = 1 / (1 + Math.exp(-x));
                o[0] = t * s;
                o[1] = (1 - t * t) * s + t * s * (1 - s);
            };
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "mlp_tanh_3, tanh, 3, 1.2, 0.1",
        "mlp_sigmoid_2, sigmoid, 2, 2.0, 0.5",
        "mlp_softplus_2, softplus, 2, 1.5, 0.2",
        "mlp_tanhsig_2, tanhsig, 2, 1.5, 0.3",
    })
    void matchesHighDegreeRecursion(String name, String fn, int layers, double sw, double sb) {
        String dir = "reference/";
        DMatrixRMaj x1 = Fixtures.matrix(dir + "vec_x1.csv"), x2 = Fixtures.matrix(dir + "vec_x2.csv");
        InfiniteWidth iw = new InfiniteWidth(Fixtures.program(dir + name + ".tp"));
        Kernels self = iw.both(x1, null);
        double selfEstimate = iw.lastNumericalTolerance();
        Kernels cross = iw.both(x1, x2);
        double crossEstimate = iw.lastNumericalTolerance();
        DMatrixRMaj[] r11 = ref.kernels(phi(fn), layers, sw, sb, x1, x1);
        DMatrixRMaj[] r12 = ref.kernels(phi(fn), layers, sw, sb, x1, x2);
        double[] err = {
            relToLargest(self.nngp(), r11[0]), relToLargest(self.ntk(), r11[1]),
            relToLargest(cross.nngp(), r12[0]), relToLargest(cross.ntk(), r12[1]),
        };
        String what = String.format("%s: NNGP 11 %.2g, NTK 11 %.2g, NNGP 12 %.2g, NTK 12 %.2g (estimates %.2g, %.2g)",
                name, err[0], err[1], err[2], err[3], selfEstimate, crossEstimate);
        System.out.println(what);
        for (double e : err) assertTrue(e <= TOL, what);
        // a numerical method produced these, and it says so with an estimate within the goal
        assertTrue(selfEstimate > 0 && selfEstimate <= TOL && crossEstimate > 0 && crossEstimate <= TOL, what);
    }

    /**
     * One hidden layer: the NNGP is sw^2 E[phi(u) phi(v)] + sb^2, and its largest entry is at least
     * sw^2 sqrt(E[phi(u)^2] E[phi(v)^2]) for every pair (a diagonal entry), so an honest
     * estimate of each expectation's error relative to that scale bounds the kernel's error
     * relative to its largest entry. x2's row 0 is 2 x x1's row 1: correlation 0.9989 at
     * different variances, where a series that stopped at the shorter side's coefficient count
     * once claimed 1e-13 and was 2.6e-12 off (softplus).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"tanh, 1.2, 0.1", "sigmoid, 2.0, 0.5", "softplus, 1.5, 0.2", "tanhsig, 1.5, 0.3"})
    void estimateBoundsTheErrorOfOneLayer(String fn, double sw, double sb) {
        String body = fn.equals("tanhsig") ? "tanh(g) * sigmoid(g)" : fn + "(g)";
        String text = "input x : 4\nMatIn W : n x 4 sigma " + sw + "\nMatMul z := W x\nVecIn b : n sigma " + sb
                + "\nLinComb g := z + b\nNonlin h := " + body + "\nMatIn V : 1 x n sigma " + sw
                + "\nMatMul o := V h\nVecIn c : 1 sigma " + sb + "\nLinComb f := o + c\nOutput f\n";
        DMatrixRMaj x1 = Fixtures.matrix("reference/vec_x1.csv"), x2 = Fixtures.matrix("reference/vec_x2.csv");
        InfiniteWidth iw = new InfiniteWidth(Fixtures.parse(text));
        DMatrixRMaj k = iw.nngp(x1, x2);
        double estimate = iw.lastNumericalTolerance();
        double err = relToLargest(k, ref.kernels(phi(fn), 1, sw, sb, x1, x2)[0]);
        // the reference's own error (about 3e-15) is the slack
        assertTrue(err <= estimate + 1e-14, fn + ": error " + err + " above the estimate " + estimate);
    }

    /** The reference rule itself: exact moments, and a 4500-point rule agrees at the widest variances. */
    @Test
    void referenceConverged() {
        double m2 = 0, m8 = 0;
        for (int i = 0; i < ref.nodes.length; i++) {
            double x2 = ref.nodes[i] * ref.nodes[i];
            m2 += ref.weights[i] * x2;
            m8 += ref.weights[i] * x2 * x2 * x2 * x2;
        }
        assertTrue(Math.abs(m2 - 1) < 1e-13 && Math.abs(m8 / 105 - 1) < 1e-13, m2 + " " + m8);
        HermiteMlp high = new HermiteMlp(4500);
        // each network's widest variance (x2's row 0 is 2 x x1's row 1; softplus grows it in layer 2)
        String[] fns = {"tanh", "sigmoid", "softplus", "tanhsig"};
        double[] widest = {12, 31, 22, 17.5};
        for (int f = 0; f < fns.length; f++) {
            double[] a = new double[2], b = new double[2];
            ref.expect(phi(fns[f]), widest[f], widest[f] - 1, widest[f] + 1, a);
            high.expect(phi(fns[f]), widest[f], widest[f] - 1, widest[f] + 1, b);
            assertTrue(Math.abs(a[0] - b[0]) <= 1e-14 * Math.abs(a[0]) && Math.abs(a[1] - b[1]) <= 1e-14 * Math.abs(a[1]),
                    fns[f] + " " + a[0] + " " + b[0] + " " + a[1] + " " + b[1]);
        }
    }

    /** max |a - b| / max |b|. */
    static double relToLargest(DMatrixRMaj a, DMatrixRMaj b) {
        double err = 0, big = 0;
        for (int i = 0; i < b.numRows * b.numCols; i++) {
            err = Math.max(err, Math.abs(a.data[i] - b.data[i]));
            big = Math.max(big, Math.abs(b.data[i]));
        }
        return err / big;
    }
}
