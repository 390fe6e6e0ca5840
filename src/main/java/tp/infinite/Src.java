package tp.infinite;

/**
 * Where an op reads one scalar per element (a pair of data points x, x'): a constant, a slot of
 * the current pass, a diagonal slot read at the row point x ({@code ROW}) or column point x'
 * ({@code COL}) during the cross pass, or an entry (column {@code index}) of the row point's or
 * column point's input row ({@code IN_ROW}, {@code IN_COL}; the diagonal pass reads its one
 * point as {@code IN_ROW}).
 */
record Src(int kind, int index, double value) {
    static final int CONST = 0, SLOT = 1, ROW = 2, COL = 3, IN_ROW = 5, IN_COL = 6;
    static final Src ZERO = constant(0);
    static final Src ONE = constant(1);

    static Src constant(double v) {
        return new Src(CONST, -1, v);
    }

    static Src slot(int k) {
        return new Src(SLOT, k, 0);
    }

    boolean isConst() {
        return kind == CONST;
    }

    boolean isZero() {
        return kind == CONST && value == 0;
    }

    String key() {
        return kind == CONST ? "c" + value : "s" + kind + ":" + index;
    }
}
