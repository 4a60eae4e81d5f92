package io.recsys.opensearch.tools.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate} and {@code cross-platform} against a real node, on a slice of the real Online Retail data. */
class EvaluateTest {

    private static final Path REPORTS = Path.of("target", "test-reports").toAbsolutePath();

    @Test
    void temporalEvaluationWritesAReportWithEveryVariantAndCharts() throws Exception {
        Path report = REPORTS.resolve("temporal.md");
        Tool.Run run = Tool.run("evaluate", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--protocol", "temporal",
            "--k", "5,10", "--report", report.toString());
        assertEquals(0, run.exitCode(), run::toString);
        String md = Files.readString(report);
        assertTrue(md.contains("scripts/recsys-tool.sh evaluate --url"), "the report says how to reproduce it");
        assertTrue(md.contains("## Targets (NDCG@10)"), md);
        assertTrue(md.contains("| temporal (cut 2011-11-09) |"), "the targets table has a row for the protocol:\n" + md);
        for (String variant : new String[] { "| full |", "| full, no re-rank |", "| knn |", "| cooccurrence |", "| neighbors |", "| popular |",
            "| ref popular |", "| ref item-kNN |", "| ref user-kNN |", "| ref EASE |" }) {
            assertTrue(md.contains(variant), variant + " is missing from the report:\n" + md);
        }
        assertTrue(md.contains("| F1 |"), "F1 is a column:\n" + md);
        assertTrue(md.contains("### Users without training events"), "the slice has customers who first buy after the cut:\n" + md);
        // every metric is a share in [0, 1]
        Matcher row = Pattern.compile("\\| (full|knn|cooccurrence|neighbors|popular|ref [a-zA-Z -]+) \\|((?: [0-9.]+ \\|)+)").matcher(md);
        int rows = 0;
        while (row.find()) {
            rows++;
            for (String value : row.group(2).split("\\|")) {
                if (value.isBlank() == false) {
                    double v = Double.parseDouble(value.strip());
                    assertTrue(v >= 0 && v <= 1, row.group());
                }
            }
        }
        assertTrue(rows >= 10, md);
        assertTrue(Files.size(REPORTS.resolve("temporal-1-ndcg-by-k.png")) > 5_000);
        assertTrue(Files.size(REPORTS.resolve("temporal-1-by-variant.png")) > 5_000);
        assertTrue(Files.readString(REPORTS.resolve("temporal.html")).contains("<img src=\"temporal-1-ndcg-by-k.png\""));
        // popularity recommends the same few items to everyone: its coverage is far below the personal sources'
        assertTrue(run.out().matches("(?s).*popular .*coverage 0\\.0.*"), run.out());
    }

    @Test
    void theOtherProtocolsRunInOneReport() throws Exception {
        Path report = REPORTS.resolve("protocols.md");
        Tool.Run run = Tool.run("evaluate", "--url", TestNode.get().url(), "--data", TestData.slice().toString(),
            "--protocol", "random,leave-last-out,session", "--max-sessions", "30", "--max-users", "40", "--k", "10", "--report", report.toString());
        assertEquals(0, run.exitCode(), run::toString);
        String md = Files.readString(report);
        assertTrue(md.contains("## Protocol: random per user (ratio 0.20, seed 7)"), md);
        assertTrue(md.contains("## Protocol: leave-last-out"), md);
        assertTrue(md.contains("## Protocol: session next-item (cut 2011-11-09)"), md);
        assertTrue(md.contains("| ref session-kNN |") && md.contains("| ref item-kNN last item |"), "the session protocol's own references:\n" + md);
        assertTrue(Files.exists(REPORTS.resolve("protocols-3-ndcg-by-k.png")));
    }

    @Test
    void crossPlatformComparesLinkedAndUnlinkedIdentities() throws Exception {
        Path report = REPORTS.resolve("cross-platform.md");
        Tool.Run run = Tool.run("cross-platform", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--report", report.toString());
        assertEquals(0, run.exitCode(), run::toString);
        double single = ndcg(run.out(), "single identity");
        double linked = ndcg(run.out(), "linked");
        double unlinked = ndcg(run.out(), "unlinked (device B");
        double unlinkedNoRerank = ndcg(run.out(), "unlinked, rerank.window 0");
        double popular = ndcg(run.out(), "popularity");
        // an unknown device gets the fallback, which is the popular source: exactly the popularity level when no model re-orders it
        assertEquals(popular, unlinkedNoRerank, 1e-9, run.out());
        // linking changed what the other device is served (whether it is better is measured on the full data, in docs/)
        assertTrue(linked != unlinked, run.out());
        assertTrue(single > 0 || linked > 0, run.out());
        // and the device B of a checked user now resolves to the user's merged profile
        ClusterClient cluster = new ClusterClient(TestNode.get().url(), Duration.ofSeconds(60));
        String user = cluster.expectOk("POST", "/recsys-eval-cross-platform-identities/_search",
                Json.write(Map.of("size", 1, "query", Map.of("exists", Map.of("field", "linked_at"))))).json()
            .path("hits").path("hits").get(0).path("_source").path("user_id").asText();
        JsonNode profile = cluster.expectOk("GET", "/_plugins/_recsys/recommenders/eval-cross-platform/profiles/" + user, null).json();
        assertTrue(profile.path("identities").size() >= 2, profile::toString);
        assertTrue(profile.path("event_count").asLong() > 0, profile::toString);
        String md = Files.readString(report);
        assertTrue(md.contains("linked identities recover ≥ 90% of the single-identity NDCG"), md);
        assertTrue(Files.size(REPORTS.resolve("cross-platform-ndcg.png")) > 5_000);
    }

    @Test
    void anUnknownProtocolIsRefusedWithTheChoices() {
        Tool.Run run = Tool.run("evaluate", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--protocol", "weekly");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("unknown protocol [weekly]: temporal, random, leave-last-out or session"), run.err());
    }

    private static double ndcg(String out, String mode) {
        Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(mode) + ".*NDCG@10 ([0-9.]+)").matcher(out);
        assertTrue(m.find(), mode + " not in\n" + out);
        return Double.parseDouble(m.group(1));
    }
}
