package examples.mnist;

import examples.common.Plots;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Bar charts of the MNIST example's test accuracies, one panel per architecture, with the paper's. */
public final class MnistPlot {
    /** The width of the last network line seen (the lines after it refer to it). */
    private static String width = "";

    private MnistPlot() {}

    /** Paper values (Cappelletti, Tables 1 and 2): network and NTK-infinity test accuracy. */
    static double[] paper(String arch) {
        return arch.equals("mlp") ? new double[] {0.844, 0.73} : new double[] {0.894, 0.802};
    }

    public static void save(List<Mnist.Line> lines, String data, Path png) {
        List<CategoryChart> charts = new ArrayList<>();
        for (String arch : lines.stream().map(Mnist.Line::arch).distinct().toList()) {
            width = "";
            List<Mnist.Line> mine = lines.stream().filter(l -> l.arch().equals(arch)).toList();
            List<String> cats = new ArrayList<>();
            List<Double> ours = new ArrayList<>(), theirs = new ArrayList<>(), err = new ArrayList<>(), zero = new ArrayList<>();
            for (Mnist.Line l : mine) {
                cats.add(shortName(l.method()));
                ours.add(l.testAcc());
                err.add(l.testSd());
                theirs.add(0.0);
                zero.add(0.0);
            }
            double[] p = paper(arch);
            cats.add("paper net");
            cats.add("paper NTK inf");
            for (double v : p) {
                ours.add(0.0);
                err.add(0.0);
                theirs.add(v);
                zero.add(0.0);
            }
            CategoryChart c = new CategoryChartBuilder().width(1000).height(470)
                    .title(arch.toUpperCase() + ": test accuracy, " + data)
                    .yAxisTitle("test accuracy").build();
            c.getStyler().setChartBackgroundColor(Color.WHITE);
            c.getStyler().setPlotBackgroundColor(Color.WHITE);
            c.getStyler().setOverlapped(true);
            c.getStyler().setYAxisMin(0.5);
            c.getStyler().setYAxisMax(1.05);
            c.getStyler().setXAxisLabelRotation(45);
            c.getStyler().setAxisTickLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            c.getStyler().setLabelsVisible(true);
            c.getStyler().setDecimalPattern("0.000");
            c.getStyler().setLabelsFontColorAutomaticEnabled(false);
            c.getStyler().setLabelsFontColor(Color.BLACK);
            c.getStyler().setSeriesColors(new Color[] {Plots.PALETTE[0], Plots.PALETTE[1]});
            c.addSeries("this run (tp)", cats, ours, err);
            c.addSeries("paper", cats, theirs, zero);
            charts.add(c);
        }
        Plots.savePng(charts, charts.size(), 1, png);
    }

    private static String shortName(String method) {
        String m = method.strip();
        if (m.startsWith("NTK, t = inf")) return "NTK inf";
        if (m.startsWith("NTK, t = ")) return "NTK " + m.substring("NTK, t = ".length()).split(" ")[0] + " st";
        if (m.startsWith("NNGP")) return "NNGP inf";
        if (m.startsWith("network, width ")) {
            width = m.substring("network, width ".length()).split(" ")[0];
            return "net " + width;
        }
        if (m.startsWith("its NTK linearization")) return "lin " + width;
        if (m.startsWith("mean output of the ")) {
            String[] w = m.substring("mean output of the ".length()).split(" ");
            return "mean of " + w[0] + " " + w[1].replace("width-", "");
        }
        return m;
    }
}
