package tp.infinite;

/**
 * The angle of a covariance for the arc-cosine loop, in pure Java (several times faster than
 * {@link Math#atan2}, which is a native call, and than a port of fdlibm's atan2, whose range
 * branches mispredict on data-dependent angles).
 */
final class Atan {
    /** fdlibm's (s_atan.c) kernel polynomial for atan on [0, 7/16], within an ulp there. */
    static final double AT0 = 3.33333333333329318027e-01, AT1 = -1.99999999998764832476e-01,
            AT2 = 1.42857142725034663711e-01, AT3 = -1.11111104054623557880e-01, AT4 = 9.09088713343650656196e-02,
            AT5 = -7.69187620504482999495e-02, AT6 = 6.66107313738753120669e-02, AT7 = -5.83357013379057348645e-02,
            AT8 = 4.97687799461593236017e-02, AT9 = -3.65315727442169155270e-02, AT10 = 1.62858201153657823623e-02;
    /** pi as the nearest double, and the rest of pi. */
    static final double PI = 3.1415926535897931160E+00, PI_LO = 1.2246467991473531772E-16;

    private Atan() {}

    /**
     * atan2(r, -q12) for r = sqrt(q11 q22 - q12^2) &gt;= 0 and s = sqrt(q11 q22) &gt; 0 (pi minus the
     * angle of a covariance; |q12| above s by rounding counts as s), with no branch on the
     * argument's range. With c = |q12|, the angle b = atan2(r, c) in [0, pi/2] has
     * tan(b/4) = r / ((s + c) + sqrt(2 s (s + c))) in [0, tan(pi/8)] (half-angle formula twice,
     * using r^2 + c^2 = s^2; no cancellation), where the kernel polynomial holds to an ulp: the
     * result is within 4 ulps of atan2 (ArcCosOpTest). {@link ArcCosOp#angles} inlines these lines.
     */
    static double angle(double r, double q12, double s) {
        double c = Math.min(Math.abs(q12), s);
        double w = s + c;
        double x = r / (w + Math.sqrt(2 * s * w));
        double b = 4 * atanSmall(x);
        return q12 > 0 ? PI - (b - PI_LO) : b;
    }

    /** atan(x) for 0 &lt;= x &lt; 7/16. */
    static double atanSmall(double x) {
        double z = x * x;
        double w = z * z;
        double s1 = z * (AT0 + w * (AT2 + w * (AT4 + w * (AT6 + w * (AT8 + w * AT10)))));
        double s2 = w * (AT1 + w * (AT3 + w * (AT5 + w * (AT7 + w * AT9))));
        return x - x * (s1 + s2);
    }
}
