package tp.infinite;

/**
 * atan2 for the arc-cosine loop, a pure-Java port of fdlibm's s_atan.c/e_atan2.c (within an
 * ulp or two of {@link Math#atan2}, several times faster since it avoids the native call). Only
 * the quadrants the loop needs: {@code y >= 0}.
 */
final class Atan {
    private static final double[] ATANHI = {
        4.63647609000806093515e-01, 7.85398163397448278999e-01, 9.82793723247329054082e-01, 1.57079632679489655800e+00};
    private static final double[] ATANLO = {
        2.26987774529616870924e-17, 3.06161699786838301793e-17, 1.39033110312309984516e-17, 6.12323399573676603587e-17};
    private static final double AT0 = 3.33333333333329318027e-01, AT1 = -1.99999999998764832476e-01,
            AT2 = 1.42857142725034663711e-01, AT3 = -1.11111104054623557880e-01, AT4 = 9.09088713343650656196e-02,
            AT5 = -7.69187620504482999495e-02, AT6 = 6.66107313738753120669e-02, AT7 = -5.83357013379057348645e-02,
            AT8 = 4.97687799461593236017e-02, AT9 = -3.65315727442169155270e-02, AT10 = 1.62858201153657823623e-02;
    private static final double PI = 3.1415926535897931160E+00, PI_LO = 1.2246467991473531772E-16;
    private static final double PI_O_2 = 1.5707963267948965580E+00;

    private Atan() {}

    /** atan2(y, x) for y &gt;= 0 (finite arguments), in [0, pi]. */
    static double atan2(double y, double x) {
        if (y == 0) return x >= 0 && !(1 / x < 0) ? 0 : PI; // atan2(0, -0) = pi as in Math.atan2
        if (x == 0) return PI_O_2;
        double ax = Math.abs(x);
        double t = y / ax;
        double z;
        if (t > 0x1p60) z = PI_O_2 + 0.5 * PI_LO;
        else if (ax > y && t < 0x1p-60) z = t;
        else z = atanPositive(t);
        return x > 0 ? z : PI - (z - PI_LO);
    }

    /** atan(x) for finite x &gt; 0. */
    static double atanPositive(double x) {
        int id;
        if (x < 0.4375) {
            if (x < 0x1p-27) return x;
            id = -1;
        } else if (x < 1.1875) {
            if (x < 0.6875) {
                id = 0;
                x = (2.0 * x - 1.0) / (2.0 + x);
            } else {
                id = 1;
                x = (x - 1.0) / (x + 1.0);
            }
        } else if (x < 2.4375) {
            id = 2;
            x = (x - 1.5) / (1.0 + 1.5 * x);
        } else {
            id = 3;
            x = -1.0 / x;
        }
        double z = x * x;
        double w = z * z;
        double s1 = z * (AT0 + w * (AT2 + w * (AT4 + w * (AT6 + w * (AT8 + w * AT10)))));
        double s2 = w * (AT1 + w * (AT3 + w * (AT5 + w * (AT7 + w * AT9))));
        if (id < 0) return x - x * (s1 + s2);
        return ATANHI[id] - ((x * (s1 + s2) - ATANLO[id]) - x);
    }
}
