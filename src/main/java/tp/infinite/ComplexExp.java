package tp.infinite;

import java.util.ArrayList;
import java.util.List;
import tp.compile.Lin;
import tp.infinite.gauss.ExpTrigKernels;
import tp.lang.Builtin;

/**
 * E[prod of exp, sin, cos of affine forms] in closed form from the characteristic function:
 * every sin and cos splits into two complex exponentials, and
 * E[exp((a + i b).z)] = exp(a.mu + (a^T C a - b^T C b)/2) * exp(i (b.mu + a^T C b)).
 * 2^(number of sin/cos) branches, each expanded once at plan time.
 */
final class ComplexExp implements ElemFn {
    private final int d;
    private final double[] mu;
    /** Per branch: coefficient (re, im) and exponent vectors a (real part), b (imaginary part). */
    private final double[][] coef, ar, ai;

    private ComplexExp(int d, double[] mu, double[][] coef, double[][] ar, double[][] ai) {
        this.d = d;
        this.mu = mu;
        this.coef = coef;
        this.ar = ar;
        this.ai = ai;
    }

    static boolean applies(List<Factor> fs) {
        for (Factor f : fs) {
            Builtin b = f.fn();
            if (!f.isUnary() || f.pl() != null || (b != Builtin.EXP && b != Builtin.SIN && b != Builtin.COS)) return false;
        }
        return fs.size() <= 8;
    }

    static ComplexExp of(List<Factor> fs, Gaussians g, tp.compile.Structure st) {
        int[] ci = new int[fs.size()];
        for (int i = 0; i < fs.size(); i++) ci[i] = g.index(fs.get(i).lin().centered(), fs.get(i).side());
        int d = g.size();
        List<double[]> coef = new ArrayList<>(), ar = new ArrayList<>(), ai = new ArrayList<>();
        coef.add(new double[] {1, 0});
        ar.add(new double[d]);
        ai.add(new double[d]);
        for (int i = 0; i < fs.size(); i++) {
            Factor f = fs.get(i);
            double c = f.lin().constant();
            int k = ci[i];
            int n = coef.size();
            for (int br = 0; br < n; br++) {
                double[] cf = coef.get(br);
                if (f.fn() == Builtin.EXP) {
                    double e = Math.exp(c);
                    cf[0] *= e;
                    cf[1] *= e;
                    ar.get(br)[k] += 1;
                    continue;
                }
                // cos(z + c) = (e^{ic} e^{iz} + e^{-ic} e^{-iz}) / 2; sin = (e^{ic} e^{iz} - e^{-ic} e^{-iz}) / (2i)
                double[] plus = mul(cf, Math.cos(c) / 2, Math.sin(c) / 2);
                double[] minus = mul(cf, Math.cos(c) / 2, -Math.sin(c) / 2);
                if (f.fn() == Builtin.SIN) {
                    plus = mul(plus, 0, -1);
                    minus = mul(minus, 0, 1);
                }
                double[] arMinus = ar.get(br).clone(), aiMinus = ai.get(br).clone();
                aiMinus[k] -= 1;
                ai.get(br)[k] += 1;
                coef.set(br, plus);
                coef.add(minus);
                ar.add(arMinus);
                ai.add(aiMinus);
            }
        }
        return new ComplexExp(d, g.means(st), coef.toArray(new double[0][]), ar.toArray(new double[0][]),
                ai.toArray(new double[0][]));
    }

    private static double[] mul(double[] z, double re, double im) {
        return new double[] {z[0] * re - z[1] * im, z[0] * im + z[1] * re};
    }

    @Override
    public double eval(double[] in, Workspace ws) {
        double[][] cov = new double[d][d];
        Gaussians.unpack(in, 0, cov);
        double sum = 0;
        for (int br = 0; br < coef.length; br++) {
            double[] polar = ExpTrigKernels.complexExpPolar(ar[br], ai[br], mu, cov);
            double mod = polar[0], arg = polar[1];
            sum += mod * (coef[br][0] * Math.cos(arg) - coef[br][1] * Math.sin(arg));
        }
        return sum;
    }
}
