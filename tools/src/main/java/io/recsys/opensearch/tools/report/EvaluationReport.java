package io.recsys.opensearch.tools.report;

import io.recsys.opensearch.tools.eval.Contender;
import io.recsys.opensearch.tools.eval.Metric;
import io.recsys.opensearch.tools.eval.Replay;
import io.recsys.opensearch.tools.eval.Split;
import io.recsys.opensearch.tools.eval.Variant;
import io.recsys.opensearch.tools.eval.reference.ReferenceEvaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation report: Markdown and HTML with the same content, and PNG charts beside them (metric by K, metrics by
 * variant), the targets of every protocol, then one section per protocol: the plugin's variants beside the reference
 * recommenders, and users without training events in a table of their own.
 */
public final class EvaluationReport {

    /**
     * One protocol's run.
     *
     * @param result     the plugin's variants on the split's cases
     * @param references the reference recommenders on the same cases, and on the cold ones
     * @param cold       the plugin's variants on the cases of users without training events, or null when there are none
     */
    public record Run(Split split, Replay.Result result, List<String> setup, ReferenceEvaluation.Result references, Replay.Result cold) {

        /** The plugin's variants, then the references. */
        public Map<Contender, Map<Integer, Map<Metric, Double>>> rows() {
            Map<Contender, Map<Integer, Map<Metric, Double>>> rows = new LinkedHashMap<>(result.metrics());
            rows.putAll(references.metrics());
            return rows;
        }

        /** Users without training events: the plugin's variants, then the references that answered them. */
        public Map<Contender, Map<Integer, Map<Metric, Double>>> coldRows() {
            Map<Contender, Map<Integer, Map<Metric, Double>>> rows = new LinkedHashMap<>();
            if (cold != null) {
                rows.putAll(cold.metrics());
                rows.putAll(references.cold());
            }
            return rows;
        }
    }

    /**
     * The targets of one protocol on NDCG@K: the default query (no knobs: every source, re-ranked) against the best
     * reference, and against the fused order (the same query with {@code rerank.window} 0).
     */
    public record TargetCheck(String protocol, double full, String bestReference, double best, double fused) {
        public double overBestReference() {
            return ratio(full, best);
        }

        public double overFused() {
            return ratio(full, fused);
        }
    }

    static final int TARGET_K = 10;

    private EvaluationReport() {}

    public static TargetCheck check(Run run, int k) {
        Map<Variant, Map<Integer, Map<Metric, Double>>> plugin = run.result().metrics();
        double full = plugin.containsKey(Variant.FULL) ? plugin.get(Variant.FULL).get(k).get(Metric.NDCG) : Double.NaN;
        double fused = plugin.containsKey(Variant.FULL_NO_RERANK) ? plugin.get(Variant.FULL_NO_RERANK).get(k).get(Metric.NDCG) : Double.NaN;
        Contender best = null;
        double bestNdcg = Double.NaN;
        for (var reference : run.references().metrics().entrySet()) {
            double ndcg = reference.getValue().get(k).get(Metric.NDCG);
            if (best == null || ndcg > bestNdcg) {
                best = reference.getKey();
                bestNdcg = ndcg;
            }
        }
        return new TargetCheck(run.split().protocol(), full, best == null ? "none" : best.name(), bestNdcg, fused);
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
        if (runs.isEmpty() == false) {
            doc.heading(2, "Targets (NDCG@" + k + ")");
            doc.paragraph("The default query (no knobs: every source at its budget, re-ranked by the recommender's model) against the best reference "
                + "recommender of each protocol, and against its own fused order (`rerank.window` 0). A ratio of 1.00 or more means the default query is "
                + "at least as good.");
            List<List<String>> rows = new ArrayList<>();
            for (Run run : runs) {
                TargetCheck check = check(run, k);
                rows.add(List.of(check.protocol(), f(check.full()), check.bestReference() + " " + f(check.best()), ratio(check.overBestReference()),
                    f(check.fused()), ratio(check.overFused())));
            }
            doc.table(List.of("protocol", "default query", "best reference", "default ÷ best reference", "fused order", "default ÷ fused order"), rows);
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
            facts.addAll(run.references().notes());
            facts.add(String.format(Locale.ROOT, "references computed in %.0f s (client-side, no cluster)", run.references().seconds()));
            Replay.Result result = run.result();
            facts.add(String.format(Locale.ROOT, "%,d queries in %.0f s; source time-outs during the replay: %,d", result.queries(), result.seconds(),
                result.sourceTimeouts()));
            doc.bullets(facts);
            doc.heading(3, "At K = " + k);
            doc.table(header(), rows(run.rows(), k));
            String byK = base + "-" + n + "-ndcg-by-k.png";
            String byVariant = base + "-" + n + "-by-variant.png";
            Charts.metricByK(dir.resolve(byK), "NDCG@K, " + run.split().protocol(), Metric.NDCG, run.rows());
            Charts.byVariant(dir.resolve(byVariant), "Metrics @" + k + " by variant, " + run.split().protocol(), k,
                List.of(Metric.HR, Metric.RECALL, Metric.NDCG, Metric.MRR), run.rows());
            doc.image(byK, "NDCG by K").image(byVariant, "metrics by variant");
            doc.heading(3, "Every K");
            for (int cut : ks) {
                if (cut != k) {
                    doc.paragraph("**K = " + cut + "**");
                    doc.table(header(), rows(run.rows(), cut));
                }
            }
            if (run.cold() != null) {
                doc.heading(3, "Users without training events");
                doc.paragraph(String.format(Locale.ROOT, "%,d queries of users the training part never saw (%,d plugin queries in %.0f s): the plugin answers "
                    + "them with its fallback; the references that need no history answer them too.", run.cold().cases(), run.cold().queries(),
                    run.cold().seconds()));
                for (int cut : ks) {
                    doc.paragraph("**K = " + cut + "**");
                    doc.table(header(), rows(run.coldRows(), cut));
                }
            }
            doc.heading(3, "Variants and references");
            doc.bullets(run.rows().keySet().stream().map(v -> "**" + v.name() + "**: " + v.description()).toList());
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

    static List<List<String>> rows(Map<? extends Contender, Map<Integer, Map<Metric, Double>>> metrics, int k) {
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

    static double ratio(double value, double reference) {
        return reference == 0 ? Double.POSITIVE_INFINITY : value / reference;
    }

    public static String f(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** A ratio as "1.23×"; "n/a" when it is not a number. */
    public static String ratio(double value) {
        return Double.isNaN(value) ? "n/a" : Double.isInfinite(value) ? "∞" : String.format(Locale.ROOT, "%.2f×", value);
    }
}
