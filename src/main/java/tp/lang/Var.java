package tp.lang;

/**
 * A checked program variable. {@code id} is its index in {@link Program#vars()} (definition
 * order, so every variable's arguments have smaller ids). Vectors have {@code dim}; matrices
 * have {@code dim} = rows and {@code cols}. Identity is object identity.
 */
public final class Var {
    private final int id;
    private final String name;
    private final Pos pos;
    private final Kind kind;
    private final Def def;
    private DimRef dim;
    private DimRef cols;

    Var(int id, String name, Pos pos, Kind kind, Def def) {
        this.id = id;
        this.name = name;
        this.pos = pos;
        this.kind = kind;
        this.def = def;
    }

    /**
     * A variable outside any program: an executor's name for an intermediate value, such as one
     * average inside a moment (so that the moment's expression can be differentiated with respect
     * to it). Its id must lie past the program's variables; it has no definition.
     */
    public static Var scratch(int id, String name, Kind kind) {
        return new Var(id, name, null, kind, null);
    }

    /**
     * A G-var the compiler adds to a checked program (Netsor+): {@code fn}, an affine form of
     * G-vars of {@code like}'s dimension with per-point (moment) coefficients, which is Gaussian at
     * every point in the limit. Not in {@link Program#vars()}; positioned at {@code like}.
     */
    public static Var synthetic(int id, String name, Fn fn, java.util.List<Var> args, Var like) {
        Var v = new Var(id, name, like.pos, Kind.G, new Def.Nonlin(fn, java.util.List.copyOf(args)));
        v.setDims(like.dim, null);
        return v;
    }

    /** Set once by the checker when the dimension classes are final. */
    void setDims(DimRef dim, DimRef cols) {
        this.dim = dim;
        this.cols = cols;
    }

    public int id() { return id; }
    public String name() { return name; }
    /** Where the defined name is written. */
    public Pos pos() { return pos; }
    public Kind kind() { return kind; }
    public Def def() { return def; }
    /** Vector dimension, or row dimension of a matrix. */
    public DimRef dim() { return dim; }
    /** Column dimension (fan-in) of a matrix; null for vectors. */
    public DimRef cols() { return cols; }

    /** MatIn or VecIn: a parameter of the network. */
    public boolean isParameter() {
        return def instanceof Def.MatIn || def instanceof Def.VecIn;
    }

    /** A parameter that takes part in the NTK and in training. */
    public boolean isTrainable() {
        return (def instanceof Def.MatIn m && !m.frozen()) || (def instanceof Def.VecIn v && !v.frozen());
    }

    /** A parameter in the standard parametrization (Netsor+): the parameter trained is W (or b) itself. */
    public boolean isStandard() {
        return (def instanceof Def.MatIn m && m.standard()) || (def instanceof Def.VecIn v && v.standard());
    }

    @Override
    public String toString() {
        return name;
    }
}
