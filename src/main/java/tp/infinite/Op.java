package tp.infinite;

/**
 * One step of a pass: fills its output slots over a tile from its input sources. Ops hold no
 * per-call state (the workspace carries per-thread scratch), so two threads run the same op on
 * different tiles.
 */
abstract class Op {
    final int[] outs;
    final Src[] ins;
    /** The program variable this value belongs to, for error messages. */
    final String what;

    Op(int[] outs, Src[] ins, String what) {
        this.outs = outs;
        this.ins = ins;
        this.what = what;
    }

    abstract void run(Tile t, Workspace ws);

    /** Estimated cost per element of a tile, for {@link PlanCost} (a rough model, calibrated on this machine). */
    double nanosPerElement() {
        return 20;
    }

    /** The slots this op writes. */
    int[] outputs() {
        return outs;
    }
}
