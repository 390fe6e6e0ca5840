package tp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import tp.finite.Convergence;
import tp.io.AtomicFile;
import tp.io.MatrixWriter;

/**
 * The {@code tp check --plot} picture: error against width on log-log axes, with an n^-1/2 guide.
 * Written atomically, like every output file; {@code CheckCommand} checks the path before the
 * computation.
 */
final class CheckPlot {
    private CheckPlot() {}

    static void write(String title, Convergence.Result r, Path file) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(560).title(title)
                .xAxisTitle("width n").yAxisTitle("relative Frobenius error").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        int m = r.points().size();
        double[] w = new double[m], nngp = new double[m], ntk = new double[m], guide = new double[m];
        List<Double> sw = new ArrayList<>(), s1 = new ArrayList<>(), s2 = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            Convergence.Point p = r.points().get(i);
            w[i] = p.width();
            nngp[i] = p.nngpMean();
            ntk[i] = p.ntkMean();
            for (int s = 0; s < p.nngpErrors().length; s++) {
                sw.add((double) p.width());
                s1.add(positive(p.nngpErrors()[s]));
                s2.add(positive(p.ntkErrors()[s]));
            }
        }
        // n^-1/2 through the geometric mean of all the mean errors
        double logMid = 0, logW = 0;
        for (int i = 0; i < m; i++) {
            logMid += (Math.log(nngp[i]) + Math.log(ntk[i])) / (2 * m);
            logW += Math.log(w[i]) / m;
        }
        for (int i = 0; i < m; i++) guide[i] = Math.exp(logMid - 0.5 * (Math.log(w[i]) - logW));
        chart.addSeries(String.format("NNGP mean (slope %.2f)", r.nngpSlope()), w, positive(nngp));
        chart.addSeries(String.format("NTK mean (slope %.2f)", r.ntkSlope()), w, positive(ntk));
        chart.addSeries("NNGP, each seed", sw, s1).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.addSeries("NTK, each seed", sw, s2).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.addSeries("n^-1/2", w, guide);
        try {
            AtomicFile.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw MatrixWriter.cannotWrite(file, e);
        }
    }

    /** Log axes cannot show 0 (an exact match): clamp to a tiny positive value. */
    private static double positive(double v) {
        return Math.max(v, 1e-300);
    }

    private static double[] positive(double[] v) {
        double[] o = v.clone();
        for (int i = 0; i < o.length; i++) o[i] = positive(o[i]);
        return o;
    }
}
