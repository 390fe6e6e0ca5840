package tp.lang;

/**
 * A checked dimension: either a finite literal, or {@code ratio} times the unit width of
 * common dimension class {@code cdc}. At width n the class unit is n, so the dimension is
 * {@code max(1, round(ratio * n))}.
 */
public record DimRef(int cdc, long literal, double ratio) {
    public static DimRef finite(long size) {
        return new DimRef(-1, size, 0);
    }

    public boolean isFinite() {
        return cdc < 0;
    }

    /** The concrete size at width {@code n}. */
    public int at(int n) {
        if (isFinite()) return (int) literal;
        long size = Math.max(1, Math.round(ratio * n));
        if (size > Integer.MAX_VALUE) { // a larger ratio times a large width must not wrap around
            throw new tp.UserError(null, "at width " + n + " a dimension of " + Constants.format(ratio)
                    + " times the width is " + size + ", more than " + Integer.MAX_VALUE);
        }
        return (int) size;
    }

    /** As shown to users: "784", "n", "2*n". */
    public String show(Program p) {
        if (isFinite()) return Long.toString(literal);
        String unit = p.cdcs().get(cdc).unit();
        return ratio == 1 ? unit : Constants.format(ratio) + "*" + unit;
    }
}
