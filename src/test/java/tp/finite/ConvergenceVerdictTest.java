package tp.finite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 11: the check's verdict accounts for the Monte-Carlo noise of the fitted slope.
 * A correct program with few seeds must come out OK or INCONCLUSIVE, not MISMATCH; a wrong
 * kernel must still come out MISMATCH. Tested on the recorded errors of the run from the issue
 * and on simulated error tables drawn from known laws (so the expected rates come from the
 * simulation model, not from the code).
 */
class ConvergenceVerdictTest {
    private static final int[] WIDTHS = {1024, 2048, 4096, 8192};

    /**
     * {@code tp check programs/mlp_relu_2.tp --x1 examples/data/vec_x1.csv --widths
     * 1024,2048,4096,8192} (3 seeds), errors of seeds 0..2 as computed by this build: the NTK
     * slope is -0.22 and the verdict used to be MISMATCH for a correct program.
     */
    @Test
    void theIssuesRunIsInconclusiveNotAMismatch() {
        double[][] nngp = {{0.04062439075279178, 0.10805081104091134, 0.038893130015622356},
            {0.08237113626072509, 0.06437171683716825, 0.03760508342926152},
            {0.026901106409961698, 0.04012748961684414, 0.03898218049804336},
            {0.018508595520130476, 0.026489658343260704, 0.0259898879851492}};
        double[][] ntk = {{0.04594516636951131, 0.03962812105293558, 0.04228553497080485},
            {0.02440427295023876, 0.044555695495795036, 0.05711338044440252},
            {0.05896098888793034, 0.031602594738411094, 0.03248065131764026},
            {0.028880382537229722, 0.02001469302458803, 0.028958073073042236}};
        List<Convergence.Point> pts = new ArrayList<>();
        for (int i = 0; i < 4; i++) pts.add(new Convergence.Point(WIDTHS[i], nngp[i], ntk[i]));
        Convergence.Result r = Convergence.Result.of(pts);
        assertEquals(-0.218, r.ntkSlope(), 5e-4);
        assertEquals(Convergence.Status.OK, r.nngp().status());
        assertEquals(Convergence.Status.INCONCLUSIVE, r.ntk().status());
        Convergence.Fit f = r.ntk();
        // the interval reaches into the -0.5 +- 0.15 band: the data cannot tell this from n^-1/2
        assertTrue(f.slope() - f.halfWidth() <= -0.35 && f.halfWidth() > 0.1, "interval " + f.show());
        String v = r.verdict();
        assertTrue(v.startsWith("INCONCLUSIVE: NTK slope -0.218 +- "), v);
        assertTrue(v.contains("more seeds") && !v.contains("disagree"), v);
    }

    /** Relative errors of a correct program: c n^-1/2 times a scaled chi with k degrees of freedom (relative spread ~ 1/sqrt(2k)). */
    private static double correct(SplittableRandom rng, int width, int k) {
        double s = 0;
        for (int j = 0; j < k; j++) {
            double z = gauss(rng);
            s += z * z;
        }
        return 2.0 / Math.sqrt(width) * Math.sqrt(s / k);
    }

    private static double gauss(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static Convergence.Result simulate(SplittableRandom rng, int[] widths, int seeds, boolean wrongNtk) {
        List<Convergence.Point> pts = new ArrayList<>();
        for (int w : widths) {
            double[] a = new double[seeds], b = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                a[s] = correct(rng, w, 3);
                // a wrong NTK: a fixed offset of relative size 0.3 plus the same n^-1/2 fluctuations, mostly
                // orthogonal to it in the Frobenius norm
                double f = correct(rng, w, 3);
                b[s] = wrongNtk ? Math.sqrt(0.09 + f * f) : f;
            }
            pts.add(new Convergence.Point(w, a, b));
        }
        return Convergence.Result.of(pts);
    }

    /**
     * 2000 simulated checks of a correct program with 3 seeds (relative spread of one error ~ 0.4,
     * as in the issue's run): the old rule (slope outside -0.5 +- 0.15 means MISMATCH) fires in
     * about a quarter of them; the new verdict says MISMATCH in at most 1% (the 99% interval
     * plus the tolerance band), and OK or INCONCLUSIVE otherwise.
     */
    @Test
    void aCorrectProgramIsRarelyCalledAMismatch() {
        SplittableRandom rng = new SplittableRandom(13);
        int trials = 2000, mismatch = 0, oldRule = 0;
        for (int t = 0; t < trials; t++) {
            Convergence.Result r = simulate(rng, WIDTHS, 3, false);
            if (r.status() == Convergence.Status.MISMATCH) mismatch++;
            if (Math.abs(r.ntkSlope() + 0.5) > 0.15 || Math.abs(r.nngpSlope() + 0.5) > 0.15) oldRule++;
        }
        assertTrue(oldRule > 0.15 * trials, "the simulation reproduces the issue: old-rule mismatches " + oldRule);
        assertTrue(mismatch <= 0.01 * trials, "false mismatches " + mismatch + " of " + trials);
    }

    /** An NTK 30% off (as in ConvergenceTest.aWrongKernelIsCaught) over widths 64..1024 with 10 seeds is called a mismatch (almost) every time, and the hint says the kernels disagree. */
    @Test
    void aWrongKernelIsStillAMismatch() {
        SplittableRandom rng = new SplittableRandom(14);
        int trials = 500, mismatch = 0;
        String verdict = null;
        for (int t = 0; t < trials; t++) {
            Convergence.Result r = simulate(rng, new int[] {64, 128, 256, 512, 1024}, 10, true);
            if (r.ntk().status() == Convergence.Status.MISMATCH) {
                mismatch++;
                verdict = r.verdict();
            }
            assertEquals(Convergence.Status.MISMATCH == r.status(), r.verdict().startsWith("MISMATCH"));
        }
        assertTrue(mismatch >= 0.95 * trials, "caught " + mismatch + " of " + trials);
        assertTrue(verdict.contains("NTK slope") && verdict.contains("disagree"), verdict);
    }

    /** One seed: the scatter about the fit is the noise estimate (3+ widths); with two widths there is none. */
    @Test
    void oneSeedUsesTheResidualsOrSaysItCannotTell() {
        List<Convergence.Point> two = List.of(new Convergence.Point(64, new double[] {0.25}, new double[] {0.2}),
                new Convergence.Point(256, new double[] {0.125}, new double[] {0.2}));
        Convergence.Result r = Convergence.Result.of(two);
        assertEquals(Convergence.Status.OK, r.nngp().status());
        assertEquals(Convergence.Status.INCONCLUSIVE, r.ntk().status());
        assertTrue(r.verdict().contains("no estimate of the Monte-Carlo noise"), r.verdict());
        // three widths exactly on a line of slope 0: no scatter, so a mismatch
        List<Convergence.Point> flat = List.of(new Convergence.Point(64, new double[] {0.25}, new double[] {0.2}),
                new Convergence.Point(256, new double[] {0.125}, new double[] {0.2}),
                new Convergence.Point(1024, new double[] {0.0625}, new double[] {0.2}));
        assertEquals(Convergence.Status.MISMATCH, Convergence.Result.of(flat).status());
    }
}
