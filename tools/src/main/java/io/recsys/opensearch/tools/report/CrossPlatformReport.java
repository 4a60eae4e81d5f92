package io.recsys.opensearch.tools.report;

import io.recsys.opensearch.tools.eval.Metric;
import io.recsys.opensearch.tools.xplat.CrossPlatformCheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cross-platform check's report: Markdown, HTML, one PNG. */
public final class CrossPlatformReport {

    private CrossPlatformReport() {}

    public static void write(Path report, List<String> header, String command, int k, CrossPlatformCheck.Result result, List<String> findings) {
        Path dir = report.toAbsolutePath().getParent();
        String base = report.getFileName().toString().replaceFirst("\\.md$", "");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double single = result.ndcg(CrossPlatformCheck.SINGLE, k);
        double linked = result.ndcg(CrossPlatformCheck.LINKED, k);
        double unlinked = result.ndcg(CrossPlatformCheck.UNLINKED, k);
        double popular = result.ndcg(CrossPlatformCheck.POPULAR, k);
        Document doc = new Document().heading(1, "opensearch-recsys cross-platform check");
        doc.paragraph("Reproduce with:").code(command);
        doc.bullets(header);
        doc.heading(2, "Targets (NDCG@" + k + ")");
        doc.table(List.of("target", "value", "met"), List.of(
            List.of("linked identities recover ≥ 90% of the single-identity NDCG", EvaluationReport.f(linked) + " / " + EvaluationReport.f(single) + " = "
                + ratio(linked, single), linked >= 0.9 * single ? "yes" : "**no**"),
            List.of("unlinked ones fall to the popularity level (no more than 110% of it)", EvaluationReport.f(unlinked) + " vs popularity "
                + EvaluationReport.f(popular) + " = " + ratio(unlinked, popular), unlinked <= 1.1 * popular ? (unlinked < 0.9 * popular ? "yes, and below it" : "yes") : "**no**")));
        if (findings.isEmpty() == false) {
            doc.heading(2, "Findings").bullets(findings);
        }
        doc.heading(2, "How it is measured");
        doc.paragraph("Temporal split (" + result.protocol() + "); the training events are loaded under **device** identities (the user's anonymous id "
            + "on the event's pseudo-platform), with no link. The users checked have every training event on one platform A; B is another of their "
            + "platforms, whose device has no training event. Before any link: single identity = query as the A device with `context.platform` A; "
            + "unlinked = query as the B device from B (with the query's default re-ranking, and with `rerank.window` 0); popularity = the popular "
            + "source alone. Then each checked user's A and B devices are linked "
            + "to the user id (`identities/_link`), and linked = query as the B device from B again. Every query is the `recommend` query with "
            + "default budgets and `exclude.purchased: true`; relevant = the user's new items after the cut.");
        doc.bullets(result.notes());
        doc.heading(2, "Results");
        List<String> header2 = new ArrayList<>(List.of("mode"));
        for (Metric metric : Metric.values()) {
            header2.add(metric.label() + "@" + k);
        }
        header2.add("NDCG vs single");
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Map<Metric, Double>>> mode : result.modes().entrySet()) {
            List<String> row = new ArrayList<>(List.of(mode.getKey()));
            for (Metric metric : Metric.values()) {
                row.add(EvaluationReport.f(mode.getValue().get(k).get(metric)));
            }
            row.add(ratio(mode.getValue().get(k).get(Metric.NDCG), single));
            rows.add(row);
        }
        doc.table(header2, rows);
        String png = base + "-ndcg.png";
        Charts.bars(dir.resolve(png), "NDCG@" + k + " by identity mode (" + result.users() + " users)", "NDCG@" + k,
            List.of("single identity", "linked", "unlinked", "unlinked, no re-rank", "popularity"),
            List.of(single, linked, unlinked, result.ndcg(CrossPlatformCheck.UNLINKED_NO_RERANK, k), popular));
        doc.image(png, "NDCG by identity mode");
        try {
            Files.writeString(report, doc.markdown());
            Files.writeString(dir.resolve(base + ".html"), doc.html("opensearch-recsys cross-platform check"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + report, e);
        }
    }

    static String ratio(double value, double reference) {
        return reference == 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.0f%%", 100 * value / reference);
    }
}
