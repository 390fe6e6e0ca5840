package examples.common;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.Styler;

/** XChart (4.0.3) figures rendered without a display, saved as PNG. */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Line colours, one per series (colour-blind friendly, from Okabe and Ito). */
    public static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(86, 180, 233), new Color(213, 94, 0), new Color(0, 0, 0)
    };

    private Plots() {}

    public static XYChart xy(String title, String xLabel, String yLabel, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setSeriesColors(PALETTE);
        return c;
    }

    /** Saves charts in a grid (rows x cols) as one PNG, creating the folder if needed. */
    public static void savePng(List<? extends IChart> charts, int rows, int cols, Path png) {
        try {
            if (png.getParent() != null) Files.createDirectories(png.getParent());
            BitmapEncoder.saveBitmap(charts, rows, cols, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
