package io.recsys.opensearch.tools.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.Json;
import io.recsys.opensearch.tools.train.RecommenderFusion;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train} against a real node, on a slice of the real Online Retail data: simulated pages, feature log, model, registry. */
class TrainTest {

    @Test
    void trainsFromTheFeatureLogRegistersTheModelAndTheClusterRerankWithIt() throws Exception {
        Path defaults = Path.of("target", "test-default-model").toAbsolutePath();
        Tool.Run run = Tool.run("train", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--simulate", "--recommender", "t-train",
            "--log-at", "2011-08-09,2011-09-09,2011-10-09", "--page-size", "20", "--model-id", "t-model", "--alias", "t-stable", "--epochs", "10", "--write-default", defaults.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().matches("(?s).*feature log: [0-9,]+ hits of [0-9,]+ requests, [0-9,]+ positive.*"), run.out());
        assertTrue(run.out().matches("(?s).*validation \\([0-9,]+ held-out requests with a positive\\): model AUC 0\\.[0-9]+ NDCG@10 0\\.[0-9]+.*"), run.out());

        ClusterClient cluster = new ClusterClient(TestNode.get().url(), Duration.ofSeconds(60));
        // the plugin logged what it computed: 20 hits per simulated page, the 27 features of contract v2
        JsonNode logged = cluster.expectOk("POST", "/recsys-t-train-feature-log/_search", Json.write(Map.of("size", 1))).json().path("hits");
        assertTrue(logged.path("total").path("value").asInt() >= 20, logged::toString);
        assertEquals(27, logged.path("hits").get(0).path("_source").path("features").size());
        // one page per purchasing user in each of the three periods asked for, each period's request ids its own
        for (String period : List.of("sim-0-", "sim-1-", "sim-2-")) {
            JsonNode pages = cluster.expectOk("POST", "/recsys-t-train-feature-log/_search", Json.write(Map.of("size", 0,
                "query", Map.of("prefix", Map.of("request_id", period))))).json();
            assertTrue(pages.path("hits").path("total").path("value").asInt() >= 20, () -> period + ": " + pages);
        }
        // the model is validated on the last period's pages, later than every page it learned from
        Matcher heldOut = Pattern.compile("held out: the ([0-9,]+) pages of the last simulated period \\(at 2011-10-09\\)").matcher(run.out());
        assertTrue(heldOut.find(), run.out());
        JsonNode lastPages = cluster.expectOk("POST", "/recsys-t-train-feature-log/_search", Json.write(Map.of("size", 0,
            "query", Map.of("prefix", Map.of("request_id", "sim-2-")), "aggs", Map.of("pages", Map.of("cardinality", Map.of("field", "request_id")))))).json();
        assertEquals(lastPages.path("aggregations").path("pages").path("value").asInt(), Integer.parseInt(heldOut.group(1).replace(",", "")), run.out());

        // each page was asked at its simulated moment (context.time): the categories a shopper bought in during the weeks
        // before it are recent then, where the node's clock, years after 2011, would put every recency at 0
        JsonNode lastPeriod = cluster.expectOk("POST", "/recsys-t-train-feature-log/_search", Json.write(Map.of("size", 1000,
            "query", Map.of("prefix", Map.of("request_id", "sim-2-"))))).json().path("hits").path("hits");
        double mostRecent = 0;
        for (JsonNode row : lastPeriod) {
            mostRecent = Math.max(mostRecent, row.path("_source").path("features").path("category_recency").asDouble());
        }
        assertTrue(mostRecent > 0.5, "category_recency of the last period's pages, at most " + mostRecent);

        // registered (the plugin validated it with ONNX Runtime), with the contract v2 features in order (the default
        // --features), and aliased
        JsonNode model = cluster.expectOk("GET", "/_plugins/_recsys/models/t-model", null).json();
        assertEquals(27, model.findPath("features").size(), model::toString);
        assertEquals("knn_score", model.findPath("features").get(0).asText());
        assertEquals("knn_reciprocal_rank", model.findPath("features").get(14).asText());
        assertTrue(model.findPath("description").asText().contains("Online Retail"), model::toString);
        // registered for the regimes its feature log held, and it says which
        JsonNode regimes = cluster.expectOk("POST", "/recsys-t-train-feature-log/_search", Json.write(Map.of("size", 0,
            "aggs", Map.of("regimes", Map.of("terms", Map.of("field", "regime")))))).json().path("aggregations").path("regimes").path("buckets");
        List<String> loggedRegimes = new java.util.ArrayList<>();
        regimes.forEach(bucket -> loggedRegimes.add(bucket.path("key").asText()));
        assertFalse(loggedRegimes.isEmpty(), "every logged hit has its regime: " + regimes);
        List<String> declared = new java.util.ArrayList<>();
        model.findPath("regimes").forEach(regime -> declared.add(regime.asText()));
        assertEquals(new java.util.TreeSet<>(loggedRegimes), new java.util.TreeSet<>(declared), model::toString);
        assertTrue(run.out().contains("regimes in the log: " + new java.util.TreeSet<>(loggedRegimes)), run.out());

        // the alias moves only for a model that beats the logged fused order on the held-out requests
        Matcher validation = Pattern.compile("model AUC [0-9.]+ NDCG@10 (0\\.[0-9]+); logged fused order AUC [0-9.]+ NDCG@10 (0\\.[0-9]+)").matcher(run.out());
        assertTrue(validation.find(), run.out());
        // it must win beyond the held-out requests' noise: the tool prints the paired test and its verdict
        Matcher gate = Pattern.compile("model − fused order: ([+-][0-9.]+) NDCG@10 over [0-9,]+ held-out requests \\(paired t-test, one-sided p = ([0-9.e-]+)\\)")
            .matcher(run.out());
        assertTrue(gate.find(), run.out());
        assertEquals(Double.parseDouble(validation.group(1)) - Double.parseDouble(validation.group(2)), Double.parseDouble(gate.group(1)), 1e-3);
        boolean wins = Double.parseDouble(gate.group(1)) > 0 && Double.parseDouble(gate.group(2)) < 0.05;
        assertEquals(wins, run.out().contains("passed: above the fused order beyond the held-out requests' noise"), run.out());
        assertEquals(wins == false, run.out().contains("refused: not above the fused order beyond the held-out requests' noise"), run.out());
        String body = Json.write(Map.of("size", 3, "explain", true, "query", Map.of("recommend", Map.of("recommender", "t-train",
            "user", Map.of("id", firstUser(cluster)), "rerank", Map.of("model", "t-stable")))));
        if (wins) {
            assertTrue(run.out().contains("alias [t-stable] → [t-model]"), run.out());
            assertTrue(Files.size(defaults.resolve("fusion-default.onnx")) > 500);
        } else {
            assertTrue(run.out().contains("alias [t-stable] not moved: the model (NDCG@10 "), run.out());
            assertTrue(run.out().contains("not written as the shipped default"), run.out());
            assertEquals(404, cluster.send("POST", "/t-train-catalog/_search", body).status(), "no alias: the query names a model that does not exist");
            // --force-alias moves it (and writes the default) all the same, and says so
            run = Tool.run("train", "--url", TestNode.get().url(), "--recommender", "t-train", "--model-id", "t-model", "--alias", "t-stable",
                "--epochs", "10", "--force-alias", "--write-default", defaults.toString());
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.out().contains("(--force-alias: it does not beat the fused order)") || run.out().contains("alias [t-stable] → [t-model]"), run.out());
        }

        // a recommender re-ranks with it through the alias
        JsonNode hits = cluster.expectOk("POST", "/t-train-catalog/_search", body).json().path("hits").path("hits");
        assertTrue(hits.get(0).path("_explanation").path("description").asText().contains("re-ranked by model [t-model]"), hits::toString);

        // the files the plugin ships as its default
        assertTrue(Files.size(defaults.resolve("fusion-default.onnx")) > 500);
        JsonNode meta = Json.read(Files.readString(defaults.resolve("fusion-default.json")));
        assertEquals(27, meta.path("features").size());
        assertTrue(meta.path("validation").path("auc").asDouble() > 0);

        // the same log trains a contract v1 model: 14 inputs, registered with the features it reads, and it re-ranks
        Tool.Run v1 = Tool.run("train", "--url", TestNode.get().url(), "--recommender", "t-train", "--features", "v1", "--model-id", "t-model-v1",
            "--epochs", "5");
        assertEquals(0, v1.exitCode(), v1::toString);
        assertTrue(v1.out().contains("platform_match]"), "the features trained on are printed, v1's last: " + v1.out());
        assertFalse(v1.out().contains("item_trend"), v1.out());
        JsonNode v1Model = cluster.expectOk("GET", "/_plugins/_recsys/models/t-model-v1", null).json();
        assertEquals(14, v1Model.findPath("features").size(), v1Model::toString);
        assertEquals("platform_match", v1Model.findPath("features").get(13).asText());
        String v1Body = Json.write(Map.of("size", 3, "explain", true, "query", Map.of("recommend", Map.of("recommender", "t-train",
            "user", Map.of("id", firstUser(cluster)), "rerank", Map.of("model", "t-model-v1")))));
        JsonNode v1Hits = cluster.expectOk("POST", "/t-train-catalog/_search", v1Body).json().path("hits").path("hits");
        assertTrue(v1Hits.get(0).path("_explanation").path("description").asText().contains("re-ranked by model [t-model-v1]"), v1Hits::toString);

        // bad --fusion-weights-to, refused before any training: a v1 log has no reciprocal ranks; the recommender must exist
        Tool.Run v1Weights = Tool.run("train", "--url", TestNode.get().url(), "--recommender", "t-train", "--features", "v1", "--no-register",
            "--fusion-weights-to", "t-train");
        assertEquals(1, v1Weights.exitCode(), v1Weights::toString);
        assertTrue(v1Weights.err().contains("--fusion-weights-to needs each source's reciprocal rank"), v1Weights.err());
        assertFalse(v1Weights.out().contains("validation ("), "refused before training: " + v1Weights.out());
        Tool.Run noSuchRecommender = Tool.run("train", "--url", TestNode.get().url(), "--recommender", "t-train", "--no-register",
            "--fusion-weights-to", "t-no-such-recommender");
        assertEquals(1, noSuchRecommender.exitCode(), noSuchRecommender::toString);
        assertTrue(noSuchRecommender.err().contains("cannot read the recommender [t-no-such-recommender]"), noSuchRecommender.err());
        assertTrue(noSuchRecommender.err().contains("404"), noSuchRecommender.err());

        // the same log fits the recommender's co-occurrence weight, and writes it only when it beats the logged weights later
        String loggedWeights = cluster.expectOk("GET", "/_plugins/_recsys/recommenders/t-train", null).json().path("t-train").path("fusion").path("weights")
            .properties().stream().map(e -> e.getKey() + "=" + (e.getValue().asDouble() == Math.rint(e.getValue().asDouble())
                ? Integer.toString(e.getValue().asInt()) : Double.toString(e.getValue().asDouble()))).collect(java.util.stream.Collectors.joining(","));
        Tool.Run weights = Tool.run("train", "--url", TestNode.get().url(), "--recommender", "t-train", "--no-register", "--epochs", "2",
            "--fusion-weights-to", "t-train");
        assertEquals(0, weights.exitCode(), weights::toString);
        Matcher fitted = Pattern.compile("fusion weights fitted to the pages the model learns from: (knn=\\S+) \\(the pages were logged with "
            + Pattern.quote(loggedWeights) + ";").matcher(weights.out());
        assertTrue(fitted.find(), weights.out());
        Matcher set = Pattern.compile("fusion.weights of \\[t-train\\] set to (\\S+)").matcher(weights.out());
        JsonNode configuration = cluster.expectOk("GET", "/_plugins/_recsys/recommenders/t-train", null).json().path("t-train");
        JsonNode now = configuration.path("fusion").path("weights");
        if (set.find()) {
            assertEquals(fitted.group(1), set.group(1));
            assertTrue(weights.out().contains("fitted weights − logged weights: +") && weights.out().contains("passed: above the logged weights"), weights.out());
            for (String pair : set.group(1).split(",")) {
                String[] sourceAndWeight = pair.split("=");
                assertEquals(Double.parseDouble(sourceAndWeight[1]), now.path(sourceAndWeight[0]).asDouble(), 1e-6, configuration::toString);
            }
        } else {
            assertTrue(weights.out().contains("fusion.weights of [t-train] not changed") || weights.out().contains("[t-train] keeps its weights"),
                weights.out());
            assertTrue(loggedWeights.contains("cooccurrence=" + now.path("cooccurrence").asInt() + ","), configuration::toString);
        }
        // the rest of the configuration is as it was: the write replaced the weights only
        assertEquals("t-train-catalog", configuration.path("catalog").path("index").asText(), configuration::toString);
        assertEquals(200, configuration.path("events").path("max_recent_items").asInt(), configuration::toString);
        assertTrue(configuration.path("model").isNull(), configuration::toString);

        // what --fusion-weights-to does when the fit wins, whatever this slice's verdict: one weight changes, nothing else
        Map<String, Float> written = new RecommenderFusion(cluster).write("t-train", Map.of("cooccurrence", 16f));
        JsonNode rewritten = cluster.expectOk("GET", "/_plugins/_recsys/recommenders/t-train", null).json().path("t-train");
        assertEquals(16.0, rewritten.path("fusion").path("weights").path("cooccurrence").asDouble(), rewritten::toString);
        assertEquals(16f, written.get("cooccurrence"));
        for (String source : List.of("knn", "neighbors", "text", "popular", "trending")) {
            assertEquals(now.path(source).asDouble(), rewritten.path("fusion").path("weights").path(source).asDouble(), 1e-6, source);
        }
        assertEquals(configuration.path("catalog"), rewritten.path("catalog"), "the catalog, its dimension included");
        assertEquals(configuration.path("events"), rewritten.path("events"));
        assertEquals(configuration.path("indices"), rewritten.path("indices"), "the recommender's own indices, the same ones");
    }

    @Test
    void anEmptyFeatureLogSaysWhatToDo() {
        assertEquals(0, Tool.run("load", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--recommender", "t-nolog",
            "--only", "catalog", "--replace").exitCode());
        Tool.Run run = Tool.run("train", "--url", TestNode.get().url(), "--recommender", "t-nolog");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("the feature log of [t-nolog] is empty"), run.err());
    }

    private static String firstUser(ClusterClient cluster) {
        return cluster.expectOk("POST", "/recsys-t-train-feature-log/_search", Json.write(Map.of("size", 1))).json()
            .path("hits").path("hits").get(0).path("_source").path("user_id").asText();
    }
}
