package io.recsys.opensearch.tools.report;

import io.recsys.opensearch.tools.eval.Metric;
import io.recsys.opensearch.tools.eval.Replay;
import io.recsys.opensearch.tools.eval.Split;
import io.recsys.opensearch.tools.eval.Variant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation report: Markdown and HTML with the same content, and PNG charts beside them (metric by K, metrics by
 * variant), one section per protocol, and the issue's targets checked on the first protocol run.
 */
public final class EvaluationReport {

    /** One protocol's run. */
    public record Run(Split split, Replay.Result result, List<String> setup) {}

    /** The targets: full pipeline vs best single source (≥ +10%) and vs popularity (≥ +50%), on NDCG@10. */
    public record TargetCheck(double full, String bestSingleName, double bestSingle, double popular) {
        public double overBestSingle() {
            return relative(full, bestSingle);
        }

        public double overPopular() {
            return relative(full, popular);
        }

        public boolean singleMet() {
            return overBestSingle() >= 0.10;
        }

        public boolean popularMet() {
            return overPopular() >= 0.50;
        }
    }

    static final int TARGET_K = 10;

    private EvaluationReport() {}

    public static TargetCheck check(Map<Variant, Map<Integer, Map<Metric, Double>>> metrics, int k) {
        double full = metrics.get(Variant.FULL).get(k).get(Metric.NDCG);
        Variant best = null;
        for (Variant single : Variant.SINGLE_SOURCES) {
            if (metrics.containsKey(single) && (best == null || metrics.get(single).get(k).get(Metric.NDCG) > metrics.get(best).get(k).get(Metric.NDCG))) {
                best = single;
            }
        }
        double popular = metrics.containsKey(Variant.POPULAR) ? metrics.get(Variant.POPULAR).get(k).get(Metric.NDCG) : Double.NaN;
        return new TargetCheck(full, best == null ? "none" : best.name(), best == null ? Double.NaN : metrics.get(best).get(k).get(Metric.NDCG), popular);
    }

    /**
     * Writes {@code <report>.md}, {@code <report>.html} and {@code <report>-<n>-*.png} beside them.
     *
     * @param header lines about the run: command, date, data, settings
     */
    public static void write(Path report, String title, List<String> header, String command, int[] ks, List<Run> runs, List<String> findings) {
        Path dir = report.toAbsolutePath().getParent();
        String base = report.getFileName().toString().replaceFirst("\\.md$", "");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Document doc = new Document().heading(1, title);
        doc.paragraph("Reproduce with:").code(command);
        doc.bullets(header);
        int k = Arrays.stream(ks).anyMatch(x -> x == TARGET_K) ? TARGET_K : ks[ks.length - 1];
        if (runs.isEmpty() == false && runs.get(0).result().metrics().containsKey(Variant.FULL)) {
            TargetCheck check = check(runs.get(0).result().metrics(), k);
            doc.heading(2, "Targets (" + runs.get(0).split().protocol() + ", NDCG@" + k + ")");
            doc.table(List.of("target", "full pipeline", "reference", "improvement", "met"), List.of(
                List.of("beats the best single source by ≥ 10%", f(check.full()), check.bestSingleName() + " " + f(check.bestSingle()),
                    pct(check.overBestSingle()), check.singleMet() ? "yes" : "**no**"),
                List.of("beats popularity by ≥ 50%", f(check.full()), "popular " + f(check.popular()), pct(check.overPopular()),
                    check.popularMet() ? "yes" : "**no**")));
        }
        if (findings.isEmpty() == false) {
            doc.heading(2, "Findings");
            doc.bullets(findings);
        }
        int n = 0;
        for (Run run : runs) {
            n++;
            doc.heading(2, "Protocol: " + run.split().protocol());
            doc.paragraph(run.split().description());
            List<String> facts = new ArrayList<>(run.split().notes());
            facts.addAll(run.setup());
            Replay.Result result = run.result();
            facts.add(String.format(Locale.ROOT, "%,d queries in %.0f s; source time-outs during the replay: %,d", result.queries(), result.seconds(),
                result.sourceTimeouts()));
            doc.bullets(facts);
            doc.heading(3, "At K = " + k);
            doc.table(header(), rows(result.metrics(), k));
            String byK = base + "-" + n + "-ndcg-by-k.png";
            String byVariant = base + "-" + n + "-by-variant.png";
            Charts.metricByK(dir.resolve(byK), "NDCG@K, " + run.split().protocol(), Metric.NDCG, result.metrics());
            Charts.byVariant(dir.resolve(byVariant), "Metrics @" + k + " by variant, " + run.split().protocol(), k,
                List.of(Metric.HR, Metric.RECALL, Metric.NDCG, Metric.MRR), result.metrics());
            doc.image(byK, "NDCG by K").image(byVariant, "metrics by variant");
            doc.heading(3, "Every K");
            for (int cut : ks) {
                if (cut != k) {
                    doc.paragraph("**K = " + cut + "**");
                    doc.table(header(), rows(result.metrics(), cut));
                }
            }
            doc.heading(3, "Variants");
            doc.bullets(result.metrics().keySet().stream().map(v -> "**" + v.name() + "**: " + v.description()).toList());
        }
        try {
            Files.writeString(report, doc.markdown());
            Files.writeString(dir.resolve(base + ".html"), doc.html(title));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + report, e);
        }
    }

    static List<String> header() {
        List<String> header = new ArrayList<>();
        header.add("variant");
        for (Metric metric : Metric.values()) {
            header.add(metric.label());
        }
        return header;
    }

    static List<List<String>> rows(Map<Variant, Map<Integer, Map<Metric, Double>>> metrics, int k) {
        List<List<String>> rows = new ArrayList<>();
        metrics.forEach((variant, byK) -> {
            List<String> row = new ArrayList<>();
            row.add(variant.name());
            for (Metric metric : Metric.values()) {
                row.add(f(byK.get(k).get(metric)));
            }
            rows.add(row);
        });
        return rows;
    }

    static double relative(double value, double reference) {
        return reference == 0 ? Double.POSITIVE_INFINITY : value / reference - 1;
    }

    public static String f(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }

    public static String pct(double value) {
        return Double.isInfinite(value) ? "∞" : String.format(Locale.ROOT, "%+.1f%%", value * 100);
    }
}
