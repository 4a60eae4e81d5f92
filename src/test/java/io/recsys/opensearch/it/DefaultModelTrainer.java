package io.recsys.opensearch.it;

import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.model.DefaultModel;
import io.recsys.opensearch.model.OnnxGraphs;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A small, self-contained version of the training path the plugin is built for (the shipped
 * {@code config/fusion-default.onnx} comes from the tooling's {@code recsys-tool train} on the full Online Retail
 * data; this one needs nothing but the plugin and its test resources): a model trained from the plugin's own feature
 * log, joined with later purchases by request id. On a real node: the Online Retail
 * December 2010 baskets (test resources) become a catalog (16-d item vectors by random indexing over the baskets,
 * category = first three characters of the stock code) and purchase events; for every customer with two or more
 * invoices, the last invoice is held out, a {@code recommend} query with {@code ext.recsys_log} logs the top 50 fused
 * candidates, and the held-out purchases are then ingested carrying the same {@code request_id}. The join
 * (feature log x purchase events on user_id, request_id and item) gives labelled rows; a logistic regression on the 14
 * contract features (standardized, full-batch gradient descent, fixed iterations, no randomness) becomes a Gemm graph.
 * <p>
 * Not part of the normal suite (its name is not a test name). Run:
 * {@code mvn -B -o -q test -Dtest=DefaultModelTrainer -Drecsys.train.default=print} (trains, prints the weights and hit
 * rates); add {@code -Drecsys.train.out=DIR} to also write {@code DIR/fusion-default.onnx} and {@code .json}, files in
 * the shipped default's format (copy them to {@code config/} to ship them instead).
 */
public class DefaultModelTrainer extends RecsysSingleNodeTestCase {

    /** The shipped default model reads contract v1: retraining it must not change what it declares. */
    private static final Feature[] FEATURES = Feature.contract("v1").orElseThrow().toArray(new Feature[0]);

    static final int DIMENSION = 16;
    static final int LOGGED_PER_REQUEST = 50;
    static final int ITERATIONS = 3000;
    static final double LEARNING_RATE = 0.5;
    static final double L2 = 1e-4;

    /** One invoice. */
    record Basket(String invoice, String customer, List<String> items) {}

    public void testTrainDefaultModel() throws Exception {
        String mode = System.getProperty("recsys.train.default");
        assumeTrue("run with -Drecsys.train.default=print", mode != null && mode.isEmpty() == false);
        Path basedir = Path.of(System.getProperty("project.basedir", "."));
        List<Basket> baskets = read(basedir.resolve("src/test/resources/online-retail/baskets-2010-12.tsv"));

        Map<String, List<Basket>> byCustomer = new LinkedHashMap<>();
        baskets.forEach(b -> byCustomer.computeIfAbsent(b.customer(), c -> new ArrayList<>()).add(b));
        Map<String, Basket> heldOut = new LinkedHashMap<>();
        byCustomer.forEach((customer, list) -> {
            if (list.size() >= 2) {
                heldOut.put(customer, list.get(list.size() - 1));
            }
        });
        List<Basket> training = baskets.stream().filter(b -> heldOut.get(b.customer()) != b).toList();

        // catalog: every item, with a random-indexing vector over the training baskets
        Map<String, float[]> vectors = vectors(baskets, training);
        Map<String, String> categories = new HashMap<>();
        vectors.keySet().forEach(item -> categories.put(item, item.substring(0, Math.min(3, item.length()))));
        TestCatalog.create(client(), "retail", DIMENSION, 1, 0);
        RecsysClient.indexItems(client(), "retail", vectors, categories);
        RecsysClient.putRecommender(client(), "retail", "{\"catalog\": {\"index\": \"retail\"}}");

        // training purchases, in invoice order, one minute apart
        Instant start = Instant.parse("2010-12-01T08:00:00Z");
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < training.size(); i++) {
            for (String item : training.get(i).items()) {
                events.append(String.format(Locale.ROOT, "{\"user_id\": \"%s\", \"item\": \"%s\", \"type\": \"purchase\", \"ts\": \"%s\"}%n",
                    training.get(i).customer(), item, start.plusSeconds(60L * i)));
            }
        }
        ingest(events.toString());
        client().admin().indices().prepareRefresh().get();

        // one logged recommend request per held-out customer, in fused order (no model)
        int logged = 0;
        for (String customer : heldOut.keySet()) {
            logged += search("{\"size\": " + LOGGED_PER_REQUEST + ", \"query\": {\"recommend\": {\"recommender\": \"retail\", \"user\": {\"id\": \"" + customer
                + "\"}, \"rerank\": {\"window\": 0}}}, \"ext\": {\"recsys_log\": {\"request_id\": \"train-" + customer + "\"}}}").getHits().getHits().length;
        }
        // the later purchases, carrying the request id of the page view they followed
        StringBuilder later = new StringBuilder();
        int offset = training.size();
        for (Map.Entry<String, Basket> entry : heldOut.entrySet()) {
            for (String item : entry.getValue().items()) {
                later.append(String.format(Locale.ROOT, "{\"user_id\": \"%s\", \"item\": \"%s\", \"type\": \"purchase\", \"ts\": \"%s\", \"request_id\": \"train-%s\"}%n",
                    entry.getKey(), item, start.plusSeconds(60L * offset), entry.getKey()));
            }
            offset++;
        }
        ingest(later.toString());
        String featureLog = RecommenderIndices.of("retail").featureLog();
        int expected = logged;
        assertBusy(() -> {
            client().admin().indices().prepareRefresh().get();
            assertEquals(expected, client().prepareSearch(featureLog).setSize(0).setTrackTotalHits(true).get().getHits().getTotalHits().value());
        }, 60, java.util.concurrent.TimeUnit.SECONDS);

        // the join: feature log x purchase events, on (user_id, request_id, item): a request id may repeat across users
        Set<String> purchased = new HashSet<>();
        for (SearchHit hit : scroll(RecommenderIndices.of("retail").events(), QueryBuilders.boolQuery()
            .filter(QueryBuilders.existsQuery("request_id")).filter(QueryBuilders.termQuery("type", "purchase")))) {
            purchased.add(hit.getSourceAsMap().get("user_id") + "\u0000" + hit.getSourceAsMap().get("request_id") + "\u0000" + hit.getSourceAsMap().get("item"));
        }
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Map<String, List<Integer>> requests = new LinkedHashMap<>();
        Map<Integer, Integer> positions = new HashMap<>();
        for (SearchHit hit : scroll(featureLog, QueryBuilders.matchAllQuery())) {
            Map<String, Object> doc = hit.getSourceAsMap();
            @SuppressWarnings("unchecked")
            Map<String, Object> features = (Map<String, Object>) doc.get("features");
            float[] row = new float[FEATURES.length];
            for (Feature feature : FEATURES) {
                row[feature.ordinal()] = ((Number) features.get(feature.jsonName())).floatValue();
            }
            positions.put(rows.size(), ((Number) doc.get("position")).intValue());
            requests.computeIfAbsent(doc.get("user_id") + "\u0000" + doc.get("request_id"), r -> new ArrayList<>()).add(rows.size());
            rows.add(row);
            labels.add(purchased.contains(doc.get("user_id") + "\u0000" + doc.get("request_id") + "\u0000" + doc.get("item")) ? 1 : 0);
        }
        int positives = labels.stream().mapToInt(Integer::intValue).sum();

        double[][] model = train(rows, labels);
        double[] weights = model[0];
        double bias = model[1][0];
        float[] exported = new float[weights.length];
        for (int i = 0; i < weights.length; i++) {
            exported[i] = (float) weights[i];
        }
        double fusedHits = hitRate(requests, rows, labels, i -> -positions.get(i));
        double modelHits = hitRate(requests, rows, labels, i -> score(weights, bias, rows.get(i)));
        String summary = String.format(Locale.ROOT,
            "logistic regression on the 14 contract features, trained by DefaultModelTrainer from the plugin's feature log on the Online Retail "
                + "December 2010 baskets: %d logged requests x top %d fused candidates = %d rows, %d purchased later (joined on user_id, request_id and item); "
                + "hit rate@10 on those requests: fused order %.3f, this model %.3f (in-sample)",
            requests.size(), LOGGED_PER_REQUEST, rows.size(), positives, fusedHits, modelHits);
        logger.info(summary);
        StringBuilder table = new StringBuilder();
        for (Feature feature : FEATURES) {
            table.append(String.format(Locale.ROOT, "%n  %-20s %+.4f", feature.jsonName(), weights[feature.ordinal()]));
        }
        logger.info("weights (raw feature scale):{}\n  bias {}", table, bias);

        String out = System.getProperty("recsys.train.out");
        if (out != null && out.isEmpty() == false) {
            Path config = Path.of(out);
            Files.createDirectories(config);
            Files.write(config.resolve(DefaultModel.MODEL_FILE), OnnxGraphs.linear(exported, (float) bias));
            StringBuilder json = new StringBuilder("{\n  \"features\": [");
            for (Feature feature : FEATURES) {
                json.append(feature.ordinal() == 0 ? "" : ", ").append('"').append(feature.jsonName()).append('"');
            }
            json.append("],\n  \"description\": \"").append(summary).append("\",\n  \"weights\": {");
            for (Feature feature : FEATURES) {
                json.append(feature.ordinal() == 0 ? "" : ",").append(String.format(Locale.ROOT, "\n    \"%s\": %.6f", feature.jsonName(), weights[feature.ordinal()]));
            }
            json.append(String.format(Locale.ROOT, "\n  },\n  \"bias\": %.6f,\n  \"reproduce\": \"mvn -B -o -q test -Dtest=DefaultModelTrainer -Drecsys.train.default=print -Drecsys.train.out=DIR\"\n}\n", bias));
            Files.writeString(config.resolve(DefaultModel.META_FILE), json.toString(), StandardCharsets.UTF_8);
            logger.info("wrote {} and {}", config.resolve(DefaultModel.MODEL_FILE), config.resolve(DefaultModel.META_FILE));
        }
        client().execute(io.recsys.opensearch.transport.recommender.DeleteRecommenderAction.INSTANCE,
            new io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest("retail")).actionGet();
    }

    private void ingest(String ndjson) {
        String[] lines = ndjson.split("\n");
        for (int from = 0; from < lines.length; from += 5000) {
            String batch = String.join("\n", java.util.Arrays.copyOfRange(lines, from, Math.min(lines.length, from + 5000))) + "\n";
            var results = RecsysClient.ingest(client(), "retail", batch);
            assertTrue(results.stream().allMatch(r -> r.status() < 300));
        }
    }

    private SearchResponse search(String body) throws IOException {
        NamedXContentRegistry registry = getInstanceFromNode(NamedXContentRegistry.class);
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
            return client().search(new SearchRequest("retail").source(SearchSourceBuilder.fromXContent(parser))).actionGet();
        }
    }

    private List<SearchHit> scroll(String index, org.opensearch.index.query.QueryBuilder query) {
        List<SearchHit> hits = new ArrayList<>();
        SearchResponse response = client().prepareSearch(index).setQuery(query).setSize(1000).addSort("_doc", org.opensearch.search.sort.SortOrder.ASC)
            .setScroll(TimeValue.timeValueMinutes(1)).get();
        while (response.getHits().getHits().length > 0) {
            hits.addAll(List.of(response.getHits().getHits()));
            response = client().prepareSearchScroll(response.getScrollId()).setScroll(TimeValue.timeValueMinutes(1)).get();
        }
        client().prepareClearScroll().addScrollId(response.getScrollId()).get();
        return hits;
    }

    static List<Basket> read(Path file) throws IOException {
        List<Basket> baskets = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t");
            baskets.add(new Basket(parts[0], parts[1], List.of(parts[2].split(","))));
        }
        return baskets;
    }

    /** Random indexing: each item's vector is its own seeded random vector plus those of the items it was bought with. */
    static Map<String, float[]> vectors(List<Basket> all, List<Basket> training) {
        Map<String, float[]> index = new HashMap<>();
        for (Basket basket : all) {
            for (String item : basket.items()) {
                index.computeIfAbsent(item, i -> {
                    Random random = new Random(i.hashCode());
                    float[] v = new float[DIMENSION];
                    for (int d = 0; d < DIMENSION; d++) {
                        v[d] = (float) random.nextGaussian();
                    }
                    return v;
                });
            }
        }
        Map<String, float[]> vectors = new HashMap<>();
        index.forEach((item, v) -> vectors.put(item, v.clone()));
        for (Basket basket : training) {
            for (String item : basket.items()) {
                float[] target = vectors.get(item);
                for (String other : basket.items()) {
                    if (other.equals(item) == false) {
                        float[] source = index.get(other);
                        for (int d = 0; d < DIMENSION; d++) {
                            target[d] += source[d];
                        }
                    }
                }
            }
        }
        return vectors;
    }

    /** Full-batch gradient descent on standardized features; returns {weights on the raw scale, {bias}}. */
    static double[][] train(List<float[]> rows, List<Integer> labels) {
        int n = rows.size();
        int k = FEATURES.length;
        double[] mean = new double[k];
        double[] std = new double[k];
        for (float[] row : rows) {
            for (int j = 0; j < k; j++) {
                mean[j] += row[j] / (double) n;
            }
        }
        for (float[] row : rows) {
            for (int j = 0; j < k; j++) {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < k; j++) {
            std[j] = std[j] > 1e-12 ? Math.sqrt(std[j]) : 1;
        }
        double[] w = new double[k];
        double b = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            double[] gradient = new double[k];
            double gradientBias = 0;
            for (int i = 0; i < n; i++) {
                float[] row = rows.get(i);
                double z = b;
                for (int j = 0; j < k; j++) {
                    z += w[j] * (row[j] - mean[j]) / std[j];
                }
                double error = 1 / (1 + Math.exp(-z)) - labels.get(i);
                for (int j = 0; j < k; j++) {
                    gradient[j] += error * (row[j] - mean[j]) / std[j] / n;
                }
                gradientBias += error / n;
            }
            for (int j = 0; j < k; j++) {
                w[j] -= LEARNING_RATE * (gradient[j] + L2 * w[j]);
            }
            b -= LEARNING_RATE * gradientBias;
        }
        double[] raw = new double[k];
        double rawBias = b;
        for (int j = 0; j < k; j++) {
            raw[j] = w[j] / std[j];
            rawBias -= w[j] * mean[j] / std[j];
        }
        return new double[][] { raw, { rawBias } };
    }

    static double score(double[] weights, double bias, float[] row) {
        double z = bias;
        for (int j = 0; j < weights.length; j++) {
            z += weights[j] * row[j];
        }
        return z;
    }

    /** Share of requests with a later purchase among their first 10 rows when ordered by {@code key} (higher first). */
    static double hitRate(Map<String, List<Integer>> requests, List<float[]> rows, List<Integer> labels, java.util.function.IntToDoubleFunction key) {
        int withPositive = 0;
        int hits = 0;
        for (List<Integer> request : requests.values()) {
            if (request.stream().noneMatch(i -> labels.get(i) == 1)) {
                continue;
            }
            withPositive++;
            List<Integer> ordered = new ArrayList<>(request);
            ordered.sort((a, c) -> Double.compare(key.applyAsDouble(c), key.applyAsDouble(a)));
            if (ordered.subList(0, Math.min(10, ordered.size())).stream().anyMatch(i -> labels.get(i) == 1)) {
                hits++;
            }
        }
        return withPositive == 0 ? 0 : hits / (double) withPositive;
    }
}
