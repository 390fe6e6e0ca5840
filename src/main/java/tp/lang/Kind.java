package tp.lang;

/** The types of LANGUAGE.md section 1. */
public enum Kind {
    /** a finite data vector, one per data point */
    DATA("data"),
    /** a random matrix (MatIn, T) */
    MATRIX("A-var"),
    /** a vector whose coordinates become Gaussian at infinite width */
    G("G-var"),
    /** a coordinatewise function of G-vars */
    H("H-var"),
    /** a readout vector of fixed size */
    FINITE("finite"),
    /** a moment (Netsor+): one scalar per data point, e.g. the mean of a G-var over its coordinates */
    SCALAR("moment");

    public final String word;

    Kind(String word) {
        this.word = word;
    }

    /** G- and H-vars: the ones that live in a width-symbol dimension. */
    public boolean isWide() {
        return this == G || this == H;
    }
}
