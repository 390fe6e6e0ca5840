package tp.infinite;

import java.util.ArrayList;
import java.util.List;
import tp.compile.Lin;

/**
 * The Gaussian vector of one expectation: its coordinates (an affine form's random part at a
 * side), their constant means, and the sources of their covariance entries in a pass. Ops get
 * the upper triangle of the covariance as inputs, row by row.
 */
final class Gaussians {
    record Coord(Lin lin, int side) {
        String key() {
            return lin.key() + "@" + side;
        }
    }

    final List<Coord> coords = new ArrayList<>();

    /** Index of the coordinate (adding it if new); lin must be centered. */
    int index(Lin lin, int side) {
        Coord c = new Coord(lin, side);
        for (int i = 0; i < coords.size(); i++) if (coords.get(i).key().equals(c.key())) return i;
        coords.add(c);
        return coords.size() - 1;
    }

    int size() {
        return coords.size();
    }

    double[] means(tp.compile.Structure st) {
        double[] m = new double[coords.size()];
        for (int i = 0; i < m.length; i++) m[i] = st.mean(coords.get(i).lin());
        return m;
    }

    /** Sources of the covariance's upper triangle (i &lt;= j), row by row. */
    Src[] covSources(Planner rec, int mode) {
        int d = coords.size();
        Src[] s = new Src[d * (d + 1) / 2];
        int k = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                Coord a = coords.get(i), b = coords.get(j);
                s[k++] = entry(rec, a.lin(), a.side(), b.lin(), b.side(), mode);
            }
        }
        return s;
    }

    /** Cov(l1 at side s1, l2 at side s2) in a pass. */
    static Src entry(Planner rec, Lin l1, int s1, Lin l2, int s2, int mode) {
        if (mode == PlanBuilder.DIAG || s1 == s2) return PlanBuilder.side(rec.covLin(l1, l2, PlanBuilder.DIAG), s1, mode);
        return s1 == 0 ? rec.covLin(l1, l2, mode) : rec.covLin(l2, l1, mode);
    }

    /** Unpacks the upper-triangle inputs starting at {@code off} into a full symmetric matrix. */
    static void unpack(double[] in, int off, double[][] cov) {
        int d = cov.length, k = off;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] = in[k];
                cov[j][i] = in[k++];
            }
        }
    }
}
