package io.recsys.opensearch.bench.suite;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The report's chart: p50, p90 and p99 per scenario as grouped bars with their values printed, the QPS under each
 * scenario's name (XChart, headless). The latency axis is logarithmic: the client-side pipeline (~1 s) and the plugin's
 * queries (2–30 ms) share it, and on a linear axis every bar a reader compares would be a flat line at the bottom; on a
 * log axis equal ratios are equal distances, so "recommend is 1.5× k-NN" can be seen at a glance.
 */
final class SuiteChart {

    /** A log axis cannot draw 0 (a scenario without measured queries): such a bar is drawn at the axis' floor. */
    static final double FLOOR_MS = 0.01;

    private SuiteChart() {}

    static double drawable(double millis) {
        return Double.isFinite(millis) && millis > FLOOR_MS ? millis : FLOOR_MS;
    }

    static void write(Path png, String title, List<LoadRun.Result> results) {
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(560).title(title).yAxisTitle("latency, ms (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(FLOOR_MS);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setXAxisLabelRotation(12);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setChartBackgroundColor(Color.WHITE).setDecimalPattern("0.0");
        List<String> names = results.stream().map(r -> String.format(Locale.ROOT, "%s (%.0f QPS)", r.name(), r.qps())).toList();
        chart.addSeries("p50", names, results.stream().map(r -> drawable(r.p(50))).toList());
        chart.addSeries("p90", names, results.stream().map(r -> drawable(r.p(90))).toList());
        chart.addSeries("p99", names, results.stream().map(r -> drawable(r.p(99))).toList());
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
