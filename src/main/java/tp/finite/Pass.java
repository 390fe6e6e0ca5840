package tp.finite;

import org.ejml.data.DMatrixRMaj;

/**
 * One run of a program on a batch of N data points: the forward value of every vector variable
 * (a dim x N matrix, column i for data point i) and, after a backward pass, the adjoint of every
 * variable the output depends on (same shape; column i is the gradient of the seeded output of
 * data point i). Matrix variables have neither. Adjoints may be shared between variables (a
 * {@code LinComb} with coefficient 1 passes its own on); {@code owned} marks the ones a variable
 * may update in place.
 *
 * <p>A moment (Netsor+) has a 1 x N value and adjoint (one number per data point). Slots past the
 * program's variables hold the averages inside moments ({@link MomentPlan}).
 */
final class Pass {
    final int batch;
    final DMatrixRMaj[] value;
    final DMatrixRMaj[] adjoint;
    final boolean[] owned;
    /** The value data of every variable by id (null where there is none), for compiled expressions. */
    final double[][] env;
    /** Per variable: why its adjoint is not finite (where the NaN or infinity first appeared), else null. */
    final tp.UserError[] bad;

    Pass(int vars, int batch) {
        this.batch = batch;
        this.value = new DMatrixRMaj[vars];
        this.adjoint = new DMatrixRMaj[vars];
        this.owned = new boolean[vars];
        this.env = new double[vars][];
        this.bad = new tp.UserError[vars];
    }

    /** The adjoint of {@code id} for a kernel or gradient to read (null: none); throws if it is not finite. */
    DMatrixRMaj usedAdjoint(int id) {
        if (bad[id] != null) throw bad[id];
        return adjoint[id];
    }

    /** Sets the forward value of slot {@code id}. */
    void set(int id, DMatrixRMaj m) {
        value[id] = m;
        env[id] = m.data;
    }

    /** The adjoint of {@code v}, made (zero, the shape of its value) or copied first so it can be updated in place. */
    DMatrixRMaj adjointFor(tp.lang.Var v) {
        int id = v.id();
        if (adjoint[id] == null) {
            adjoint[id] = new DMatrixRMaj(value[id].numRows, value[id].numCols);
            owned[id] = true;
            return adjoint[id];
        }
        return own(id);
    }

    /** adjoint[id] += coef * m; shares m itself when nothing is there yet, coef is 1 and sharing is allowed. */
    void accumulate(int id, DMatrixRMaj m, double coef, boolean mayShare) {
        DMatrixRMaj a = adjoint[id];
        if (a == null) {
            if (coef == 1 && mayShare) {
                adjoint[id] = m;
                owned[id] = false;
            } else {
                DMatrixRMaj c = new DMatrixRMaj(m.numRows, m.numCols);
                double[] s = m.data, d = c.data;
                for (int i = 0; i < d.length; i++) d[i] = coef * s[i];
                adjoint[id] = c;
                owned[id] = true;
            }
            return;
        }
        double[] d = own(id).data, s = m.data;
        for (int i = 0; i < d.length; i++) d[i] += coef * s[i];
    }

    /** The adjoint of {@code id}, copied first if it is shared, so it can be updated in place. */
    DMatrixRMaj own(int id) {
        if (!owned[id]) {
            adjoint[id] = adjoint[id].copy();
            owned[id] = true;
        }
        return adjoint[id];
    }
}
