package tp.infinite.gauss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Zero-mean closed forms of {@link ArcCosine} against an independent reference: polar
 * coordinates of the whitened Gaussian, where each homogeneous part of A(u) B(v) is r^k times
 * a function of the angle, integrated by Gauss-Legendre between the kink angles (smooth
 * trigonometric polynomials there, so the reference is exact to rounding).
 */
class ArcCosineTest {
    static final Legendre GL = new Legendre(40);

    static final List<PiecewiseLinear> FUNCS = List.of(
            PiecewiseLinear.RELU, PiecewiseLinear.ID, PiecewiseLinear.ABS, PiecewiseLinear.STEP,
            PiecewiseLinear.SIGN, PiecewiseLinear.leakyRelu(0.1), PiecewiseLinear.ONE,
            new PiecewiseLinear(0.7, -1.3, 0.4, -0.25, 0.6),
            PiecewiseLinear.RELU.reflect().plus(PiecewiseLinear.STEP.times(-2)));

    /** {q11, q12, q22}: generic, independent, near +-1 correlation, exactly +-1, tiny and huge scales. */
    static final double[][] COVS = {
        {1, 0.3, 2}, {2.5, -1.1, 0.8}, {1, 0, 1}, {0.7, 0.69999, 0.7}, {0.7, -0.69999, 0.7},
        {1.3, Math.sqrt(1.3) * 0.999999999, 1}, {1, -0.99999999, 1.0000001}, {3, 3, 3}, {3, -3, 3},
        {2, 2, 2}, {1e-6, 3e-7, 4e-4}, {1e6, -1.2e4, 3e2}, {0.5, 1.2 * Math.sqrt(0.5), 1.44}};

    /** E[A(u) B(v)] by polar integration, (u, v) = r (U(t), V(t)). */
    static double polarReference(PiecewiseLinear a, PiecewiseLinear b, double q11, double q12, double q22) {
        MathContext mc = new MathContext(40);
        BigDecimal det = new BigDecimal(q11).multiply(new BigDecimal(q22))
                .subtract(new BigDecimal(q12).multiply(new BigDecimal(q12)));
        double s1 = Math.sqrt(q11);
        double l21 = q12 / s1;
        double l22 = det.signum() <= 0 ? 0 : det.sqrt(mc).doubleValue() / s1;
        DoubleUnaryOperator uOf = t -> s1 * Math.cos(t);
        DoubleUnaryOperator vOf = t -> l21 * Math.cos(t) + l22 * Math.sin(t);
        double tv = Math.atan2(-l21, l22);
        double tv2 = tv > 0 ? tv - Math.PI : tv + Math.PI;
        double[] br = {-Math.PI, -Math.PI / 2, Math.PI / 2, Math.PI, tv, tv2};
        java.util.Arrays.sort(br);
        // parts: degree 1 (slopes), degree 0 (jumps), constant; E[r^0]=1, E[r]=sqrt(pi/2), E[r^2]=2
        double[] rMoment = {1, Math.sqrt(Math.PI / 2), 2};
        double total = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int di = i, dj = j;
                DoubleUnaryOperator f = t -> part(a, di, uOf.applyAsDouble(t)) * part(b, dj, vOf.applyAsDouble(t));
                total += rMoment[degree(i) + degree(j)] * GL.integrate(f, br) / (2 * Math.PI);
            }
        }
        return total;
    }

    private static int degree(int part) {
        return part == 0 ? 1 : 0;
    }

    /** part 0: slope part (degree 1), part 1: jump part, part 2: constant, at direction x. */
    static double part(PiecewiseLinear f, int part, double x) {
        switch (part) {
            case 0: return x > 0 ? f.aPos() * x : x < 0 ? f.aNeg() * x : 0;
            case 1: return x > 0 ? f.cPos() : x < 0 ? f.cNeg() : 0;
            default: return f.c0();
        }
    }

    @Test
    void closedFormsMatchPolarIntegration() {
        for (double[] q : COVS) {
            for (PiecewiseLinear a : FUNCS) {
                for (PiecewiseLinear b : FUNCS) {
                    double ref = polarReference(a, b, q[0], q[1], q[2]);
                    double got = ArcCosine.expect(a, b, q[0], q[1], q[2]);
                    // absolute floor: the size of the terms that were summed
                    double l1 = polarReference(abs(a), abs(b), q[0], q[1], q[2]);
                    assertEquals(ref, got, 1e-12 * Math.abs(ref) + 1e-14 * l1,
                            () -> a + " " + b + " " + java.util.Arrays.toString(q));
                }
            }
        }
    }

    /** |f| majorant in the family: |slopes|, |jumps|, |constant| added. */
    static PiecewiseLinear abs(PiecewiseLinear f) {
        return new PiecewiseLinear(Math.abs(f.aPos()), -Math.abs(f.aNeg()), Math.abs(f.cPos()),
                Math.abs(f.cNeg()), Math.abs(f.c0()));
    }

    @Test
    void knownKernels() {
        // Cho-Saul: E[relu relu] = s1 s2 (sin t + (pi - t) cos t) / (2 pi); E[step step] = (pi - t)/(2 pi)
        double q11 = 2, q22 = 0.5, q12 = 0.4;
        double t = Math.acos(q12 / Math.sqrt(q11 * q22));
        assertEquals((Math.sin(t) + (Math.PI - t) * Math.cos(t)) / (2 * Math.PI),
                ArcCosine.expect(PiecewiseLinear.RELU, PiecewiseLinear.RELU, q11, q12, q22), 1e-15);
        assertEquals((Math.PI - t) / (2 * Math.PI),
                ArcCosine.expect(PiecewiseLinear.STEP, PiecewiseLinear.STEP, q11, q12, q22), 1e-15);
        // id id = q12; abs abs = E|u||v| = (2/pi) s1 s2 (sqrt(1-rho^2) + rho asin rho)
        assertEquals(q12, ArcCosine.expect(PiecewiseLinear.ID, PiecewiseLinear.ID, q11, q12, q22), 1e-15);
        double rho = 0.4;
        assertEquals(2 / Math.PI * (Math.sqrt(1 - rho * rho) + rho * Math.asin(rho)),
                ArcCosine.expect(PiecewiseLinear.ABS, PiecewiseLinear.ABS, q11, q12, q22), 1e-15);
        // sign sign = (2/pi) asin rho
        assertEquals(2 / Math.PI * Math.asin(rho),
                ArcCosine.expect(PiecewiseLinear.SIGN, PiecewiseLinear.SIGN, q11, q12, q22), 1e-15);
    }

    @Test
    void degenerateCasesHaveTheirExactLimits() {
        PiecewiseLinear r = PiecewiseLinear.RELU, s = PiecewiseLinear.STEP, g = PiecewiseLinear.SIGN;
        PiecewiseLinear ab = PiecewiseLinear.ABS;
        // u == 0: relu(0) = step(0) = 0; only constants survive
        assertEquals(0.0, ArcCosine.expect(r, r, 0, 0, 3));
        assertEquals(0.0, ArcCosine.expect(s, s, 0, 0, 3));
        assertEquals(0.0, ArcCosine.expect(s, r, 3, 0, 0));
        assertEquals(0.0, ArcCosine.expect(r, s, 0, 0, 0));
        PiecewiseLinear rPlus1 = r.plus(PiecewiseLinear.ONE.times(2));
        assertEquals(2 * Math.sqrt(3) / Math.sqrt(2 * Math.PI), ArcCosine.expect(rPlus1, r, 0, 0, 3), 1e-15);
        assertEquals(2 * 0.5, ArcCosine.expect(rPlus1, s, -1e-18, 0, 3), 1e-15); // tiny negative q11 = 0
        // perfect correlation u = v: E[relu^2] = q/2, E[step^2] = 1/2, E[relu step] = s/sqrt(2pi)
        assertEquals(1.5, ArcCosine.expect(r, r, 3, 3, 3), 1e-15);
        assertEquals(0.5, ArcCosine.expect(s, s, 3, 3, 3), 1e-15);
        assertEquals(Math.sqrt(3 / (2 * Math.PI)), ArcCosine.expect(r, s, 3, 3, 3), 1e-15);
        assertEquals(1.0, ArcCosine.expect(g, g, 3, 3, 3), 1e-15);
        // v = 2u: q = (1, 2, 4); relu(u) relu(2u) = 2 relu(u)^2 -> 1
        assertEquals(1.0, ArcCosine.expect(r, r, 1, 2, 4), 1e-15);
        // anticorrelation v = -u: relu(u) relu(-u) = 0, step step = 0, sign sign = -1, abs abs = q
        assertEquals(0.0, ArcCosine.expect(r, r, 3, -3, 3), 1e-16);
        assertEquals(0.0, ArcCosine.expect(s, s, 3, -3, 3), 1e-16);
        assertEquals(0.0, ArcCosine.expect(r, s, 3, -3, 3), 1e-16);
        assertEquals(-1.0, ArcCosine.expect(g, g, 3, -3, 3), 1e-15);
        assertEquals(3.0, ArcCosine.expect(ab, ab, 3, -3, 3), 1e-15);
        // |q12| slightly above sqrt(q11 q22) (rounding in the caller) is perfect correlation
        assertEquals(1.5, ArcCosine.expect(r, r, 3, 3 * (1 + 1e-15), 3), 1e-14);
        // everything zero
        assertEquals(0.0, ArcCosine.expect(r, r, 0, 0, 0));
    }

    @Test
    void nearAnticorrelationKeepsRelativePrecision() {
        // relu(u) relu(v), v ~ -u: E = s1 s2 (sin p - p cos p) / (2 pi), p = angle(u, -v) ~ p^3/(6 pi)
        for (double p : new double[] {1e-2, 1e-4, 1e-6}) {
            double q12 = -Math.cos(p);
            double exactP = Math.atan2(Math.sqrt((1 - q12) * (1 + q12)), -q12); // the angle of the rounded q12
            double ref = (Math.pow(exactP, 3) / 3 - Math.pow(exactP, 5) / 30 + Math.pow(exactP, 7) / 840
                    - Math.pow(exactP, 9) / 45360) / (2 * Math.PI);
            assertEquals(ref, ArcCosine.expect(PiecewiseLinear.RELU, PiecewiseLinear.RELU, 1, q12, 1), 1e-12 * ref);
            // step step = p / (2 pi)
            assertEquals(exactP / (2 * Math.PI),
                    ArcCosine.expect(PiecewiseLinear.STEP, PiecewiseLinear.STEP, 1, q12, 1), 1e-13 * exactP);
        }
    }

    /** Price's theorem: d/dq12 E[A(u) B(v)] = E[A'(u) B'(v)] for continuous A, B. */
    @Test
    void priceTheoremByFiniteDifferences() {
        List<PiecewiseLinear> continuous = List.of(PiecewiseLinear.RELU, PiecewiseLinear.ABS,
                PiecewiseLinear.leakyRelu(0.2), new PiecewiseLinear(0.7, -1.3, 0, 0, 0.6), PiecewiseLinear.ID);
        double[][] covs = {{1, 0.3, 2}, {2.5, -1.1, 0.8}, {1, 0, 1}, {0.7, 0.6, 0.7}};
        for (double[] q : covs) {
            for (PiecewiseLinear a : continuous) {
                for (PiecewiseLinear b : continuous) {
                    double fd = derivative(x -> ArcCosine.expect(a, b, q[0], x, q[2]), q[1], 1e-3);
                    double exact = ArcCosine.expect(a.derivative(), b.derivative(), q[0], q[1], q[2]);
                    assertEquals(fd, exact, 1e-12, () -> a + " " + b);
                }
            }
            // step step: derivative is the density at (0, 0), 1 / (2 pi sqrt(det))
            double fd = derivative(x -> ArcCosine.expect(PiecewiseLinear.STEP, PiecewiseLinear.STEP, q[0], x, q[2]),
                    q[1], 1e-3);
            assertEquals(1 / (2 * Math.PI * Math.sqrt(q[0] * q[2] - q[1] * q[1])), fd, 1e-11);
        }
    }

    /** Sixth-order central difference (error h^6 f' / 140). */
    static double derivative(DoubleUnaryOperator f, double x, double h) {
        return (45 * (f.applyAsDouble(x + h) - f.applyAsDouble(x - h))
                - 9 * (f.applyAsDouble(x + 2 * h) - f.applyAsDouble(x - 2 * h))
                + (f.applyAsDouble(x + 3 * h) - f.applyAsDouble(x - 3 * h))) / (60 * h);
    }

    @Test
    void reluMeanTail() {
        // 40-digit values of t Phi(t) + phi(t) (mpmath)
        double[][] ref = {{-1, 0.083315470587686298383}, {-2.5, 0.0020041371791281994447},
            {-3, 0.00038215431704772359565}, {-6, 1.5635697959709664279e-10},
            {-10, 7.4745602545893280366e-25}, {-30, 1.6319567340914011894e-199}, {3, 3.0003821543170477236}};
        for (double[] r : ref) {
            assertEquals(r[1], Normal.reluMean(r[0]), 2e-15 * r[1], () -> "t=" + r[0]);
        }
    }

    @Test
    void derivativeOfTheFamily() {
        assertEquals(PiecewiseLinear.STEP, PiecewiseLinear.RELU.derivative());
        assertEquals(PiecewiseLinear.SIGN, PiecewiseLinear.ABS.derivative());
        assertEquals(PiecewiseLinear.ONE, PiecewiseLinear.ID.derivative());
        assertEquals(1.0, PiecewiseLinear.ID.times(3).plus(PiecewiseLinear.ONE).derivative().apply(0) / 3);
    }
}
