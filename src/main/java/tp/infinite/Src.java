package tp.infinite;

/**
 * Where an op reads one scalar per element (a pair of data points x, x'): a constant, a slot of
 * the current pass, a diagonal slot read at the row point x ({@code ROW}) or column point x'
 * ({@code COL}) during the cross pass, or an input Gram matrix.
 */
record Src(int kind, int index, double value) {
    static final int CONST = 0, SLOT = 1, ROW = 2, COL = 3, GRAM = 4;
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
