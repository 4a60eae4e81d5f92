package io.recsys.opensearch.tools.report;

import io.recsys.opensearch.tools.eval.Metric;
import io.recsys.opensearch.tools.eval.Contender;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The report's PNG charts (XChart, drawn headless). */
public final class Charts {

    private static final int WIDTH = 800, HEIGHT = 480;

    private Charts() {}

    /** One line per variant: the metric at each K. */
    public static void metricByK(Path png, String title, Metric metric, Map<? extends Contender, Map<Integer, Map<Metric, Double>>> results) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("K").yAxisTitle(metric.label() + "@K").build();
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setXAxisDecimalPattern("0").setYAxisDecimalPattern("0.000");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setChartBackgroundColor(java.awt.Color.WHITE);
        results.forEach((variant, byK) -> {
            List<Integer> ks = new ArrayList<>(byK.keySet());
            List<Double> values = ks.stream().map(k -> byK.get(k).get(metric)).toList();
            chart.addSeries(variant.name(), ks, values).setMarker(SeriesMarkers.CIRCLE);
        });
        save(chart, png);
    }

    /** Grouped bars: for each variant, the given metrics at one K. */
    public static void byVariant(Path png, String title, int k, List<Metric> metrics, Map<? extends Contender, Map<Integer, Map<Metric, Double>>> results) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("variant").yAxisTitle("@" + k).build();
        chart.getStyler().setLabelsVisible(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setChartBackgroundColor(java.awt.Color.WHITE).setDecimalPattern("0.000");
        List<String> names = results.keySet().stream().map(Contender::name).toList();
        for (Metric metric : metrics) {
            List<Double> values = results.values().stream().map(byK -> byK.get(k).get(metric)).toList();
            chart.addSeries(metric.label() + "@" + k, names, values);
        }
        save(chart, png);
    }

    /** Bars of one metric for labelled groups (the cross-platform check). */
    public static void bars(Path png, String title, String yTitle, List<String> labels, List<Double> values) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLegendVisible(false).setChartBackgroundColor(java.awt.Color.WHITE).setDecimalPattern("0.000");
        chart.addSeries(yTitle, labels, values);
        save(chart, png);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path png) {
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
