package tp.infinite.gauss;

import java.util.function.DoubleUnaryOperator;

/**
 * Test-only Gauss-Legendre rule (Newton on the Legendre recurrence), written independently of
 * the production quadratures to serve as their reference.
 */
final class Legendre {
    final double[] x;
    final double[] w;

    Legendre(int n) {
        x = new double[n];
        w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1, p1 = z;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    // one more pass for the derivative at the converged node
                    p0 = 1;
                    p1 = z;
                    for (int k = 2; k <= n; k++) {
                        double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                        p0 = p1;
                        p1 = p2;
                    }
                    dp = n * (z * p1 - p0) / (z * z - 1);
                    break;
                }
            }
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
        }
    }

    double integrate(DoubleUnaryOperator f, double a, double b) {
        double c = 0.5 * (a + b), h = 0.5 * (b - a), s = 0;
        for (int i = 0; i < x.length; i++) {
            s += w[i] * f.applyAsDouble(c + h * x[i]);
        }
        return s * h;
    }

    /** Sum of the rule over consecutive pieces between sorted breakpoints. */
    double integrate(DoubleUnaryOperator f, double... breaks) {
        double s = 0;
        for (int i = 0; i + 1 < breaks.length; i++) {
            if (breaks[i + 1] > breaks[i]) {
                s += integrate(f, breaks[i], breaks[i + 1]);
            }
        }
        return s;
    }
}
