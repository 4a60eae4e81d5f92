package io.recsys.opensearch.bench.suite;

import io.recsys.opensearch.bench.Rest;
import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.profile.CatalogItem;
import io.recsys.opensearch.profile.ProfileDocument;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.profile.RecentItem;
import io.recsys.opensearch.rerank.Fusion;
import io.recsys.opensearch.recommender.FusionWeights;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.rerank.FeatureExtractor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an application would do without the plugin's query, with stock APIs over HTTP — the same work as {@code recommend}
 * with its defaults, step by step from the client:
 * <ol>
 *   <li>{@code GET} the user's profile document (real time);</li>
 *   <li>one {@code _msearch}: {@code knn} with the long-term vector (k) and the session vector (k/2) on the catalog,
 *       {@code significant_terms} with {@code "llr": {}} over the other profiles' {@code history} for the 25 most recent
 *       items (a {@code sampler} of 5,000 profiles), the popular items of the events index, and the text query when
 *       there is one. The plugin's online co-occurrence gives each of the 25 newest anchors a list of its own (a
 *       {@code filters} bucket each, in one search); this pipeline keeps the single aggregation, the simpler one a client
 *       would write (the suite's plugin side reads precomputed indicators for the frequent items anyway);</li>
 *   <li>one {@code _msearch}: the candidates' catalog fields (vector, category, price, title) and their interaction counts;</li>
 *   <li>in the client: the contract's features (the plugin's own {@link FeatureExtractor}, so both compute the same
 *       values), reciprocal-rank fusion, and the same ONNX model on the top 300 in ONNX Runtime.</li>
 * </ol>
 */
final class ClientSidePipeline {

    /** Same budgets as the recommend query's defaults. */
    static final int COOCCURRENCE_SIZE = 200;
    static final int POPULAR_FETCH = 200;
    static final int TEXT_WINDOW = 500;
    static final int RERANK_WINDOW = 300;
    static final int MAX_ANCHORS = 25;
    static final int SAMPLE_SIZE = 5_000;

    private final Rest rest;
    private final ClientModel model;
    private final RecommenderIndices indices = RecommenderIndices.of(QueryBodies.RECOMMENDER);
    private final int k;
    private final int size;

    ClientSidePipeline(Rest rest, ClientModel model, int k, int size) {
        this.rest = rest;
        this.model = model;
        this.k = k;
        this.size = size;
    }

    /** The top {@code size} item ids for the user. */
    @SuppressWarnings("unchecked")
    List<String> recommend(QueryUser user, boolean text) throws Exception {
        Map<String, Object> doc = rest.call("GET", "/" + indices.profiles() + "/_doc/" + user.id(), null);
        ProfileState profile = ProfileDocument.fromSource(user.id(), (Map<String, Object>) doc.get("_source"));
        float[] longTerm = profile.longTerm().mean();
        float[] session = profile.session().mean();
        List<String> anchors = anchors(profile);

        StringBuilder sources = new StringBuilder(8_192);
        List<Source> order = new ArrayList<>();
        if (longTerm != null) {
            knn(sources, longTerm, k, user, text);
            order.add(Source.KNN);
            if (session != null) {
                knn(sources, session, Math.max(1, k / 2), user, text);
                order.add(Source.KNN);
            }
        }
        if (anchors.isEmpty() == false) {
            sources.append("{\"index\":\"").append(indices.profiles()).append("\"}\n")
                .append("{\"size\":0,\"query\":{\"bool\":{\"filter\":{\"terms\":{\"history\":").append(json(anchors))
                .append("}},\"must_not\":[{\"ids\":{\"values\":[\"").append(user.id()).append("\"]}},{\"exists\":{\"field\":\"merged_into\"}}]}},")
                .append("\"aggs\":{\"sample\":{\"sampler\":{\"shard_size\":").append(SAMPLE_SIZE).append("},\"aggs\":{\"also\":{\"significant_terms\":")
                .append("{\"field\":\"history\",\"size\":").append(COOCCURRENCE_SIZE).append(",\"min_doc_count\":1,\"llr\":{},\"exclude\":")
                .append(json(anchors)).append("}}}}}}\n");
            order.add(Source.COOCCURRENCE);
        }
        sources.append("{\"index\":\"").append(indices.events()).append("\"}\n")
            .append("{\"size\":0,\"query\":{\"bool\":{\"must_not\":{\"term\":{\"type\":\"impression\"}}}},\"aggs\":{\"popular\":{\"terms\":{\"field\":\"item\",\"size\":")
            .append(POPULAR_FETCH).append("}}}}\n");
        order.add(Source.POPULAR);
        if (text) {
            sources.append("{\"index\":\"").append(QueryBodies.CATALOG).append("\"}\n").append("{\"size\":").append(TEXT_WINDOW)
                .append(",\"_source\":false,\"query\":").append(QueryBodies.match(user.word())).append("}\n");
            order.add(Source.TEXT);
        }
        List<Map<String, Object>> responses = (List<Map<String, Object>>) rest.ndjson("/_msearch", sources.toString()).get("responses");

        Recalled recalled = new Recalled();
        Map<String, Integer> knnRank = new LinkedHashMap<>();
        Map<String, Float> knnScore = new HashMap<>();
        for (int r = 0; r < order.size(); r++) {
            Map<String, Object> response = responses.get(r);
            if (response.containsKey("error")) {
                throw new IllegalStateException("msearch item " + r + " failed: " + response.get("error"));
            }
            switch (order.get(r)) {
                case KNN -> {
                    List<Map<String, Object>> hits = hits(response);
                    for (int i = 0; i < hits.size(); i++) {
                        String id = (String) hits.get(i).get("_id");
                        float score = ((Number) hits.get(i).get("_score")).floatValue();
                        if (knnRank.containsKey(id) == false || knnRank.get(id) > i) {
                            knnRank.put(id, i);
                        }
                        knnScore.merge(id, score, Math::max);
                    }
                }
                case COOCCURRENCE -> {
                    Map<String, Object> sample = (Map<String, Object>) ((Map<String, Object>) response.get("aggregations")).get("sample");
                    List<Map<String, Object>> buckets = (List<Map<String, Object>>) ((Map<String, Object>) sample.get("also")).get("buckets");
                    for (int i = 0; i < buckets.size(); i++) {
                        recalled.add(Source.COOCCURRENCE, (String) buckets.get(i).get("key"), i + 1, ((Number) buckets.get(i).get("score")).floatValue());
                    }
                }
                case POPULAR -> {
                    Map<String, Object> popular = (Map<String, Object>) ((Map<String, Object>) response.get("aggregations")).get("popular");
                    List<Map<String, Object>> buckets = (List<Map<String, Object>>) popular.get("buckets");
                    for (int i = 0; i < buckets.size(); i++) {
                        recalled.add(Source.POPULAR, (String) buckets.get(i).get("key"), i + 1, 0f);
                    }
                }
                case TEXT -> {
                    List<Map<String, Object>> hits = hits(response);
                    for (int i = 0; i < hits.size(); i++) {
                        recalled.add(Source.TEXT, (String) hits.get(i).get("_id"), i + 1, ((Number) hits.get(i).get("_score")).floatValue());
                    }
                }
            }
        }
        List<String> knnIds = new ArrayList<>(knnRank.keySet());
        knnIds.sort(Comparator.<String>comparingInt(knnRank::get).thenComparing(id -> -knnScore.get(id)));
        for (int i = 0; i < Math.min(k, knnIds.size()); i++) {
            recalled.add(Source.KNN, knnIds.get(i), i + 1, knnScore.get(knnIds.get(i)));
        }
        return rank(user, profile, recalled, text);
    }

    /** Step 3 and 4: the candidates' catalog fields and counts, features, fusion, the model. */
    @SuppressWarnings("unchecked")
    private List<String> rank(QueryUser user, ProfileState profile, Recalled recalled, boolean text) throws Exception {
        List<String> ids = new ArrayList<>(recalled.ranks.keySet());
        String idsJson = json(ids);
        StringBuilder details = new StringBuilder(ids.size() * 24 + 512);
        details.append("{\"index\":\"").append(QueryBodies.CATALOG).append("\"}\n").append("{\"size\":").append(ids.size())
            .append(",\"track_total_hits\":false,\"_source\":[\"embedding\",\"category\",\"price\",\"title\"],\"query\":{\"bool\":{\"filter\":[{\"ids\":{\"values\":")
            .append(idsJson).append("}}");
        if (text) {
            details.append(',').append(QueryBodies.match(user.word()));
        }
        details.append("]}}}\n");
        details.append("{\"index\":\"").append(indices.events()).append("\"}\n")
            .append("{\"size\":0,\"query\":{\"bool\":{\"filter\":{\"terms\":{\"item\":").append(idsJson)
            .append("}},\"must_not\":{\"term\":{\"type\":\"impression\"}}}},\"aggs\":{\"counts\":{\"terms\":{\"field\":\"item\",\"size\":")
            .append(Math.max(1, ids.size())).append("}}}}\n");
        List<Map<String, Object>> responses = (List<Map<String, Object>>) rest.ndjson("/_msearch", details.toString()).get("responses");
        Map<String, CatalogItem> items = new HashMap<>();
        for (Map<String, Object> hit : hits(responses.get(0))) {
            String id = (String) hit.get("_id");
            Map<String, Object> source = (Map<String, Object>) hit.get("_source");
            items.put(id, new CatalogItem(id, vector(source.get("embedding")), (String) source.get("category"), ((Number) source.get("price")).doubleValue()));
        }
        Map<String, Long> counts = new HashMap<>();
        Map<String, Object> countsAgg = (Map<String, Object>) ((Map<String, Object>) responses.get(1).get("aggregations")).get("counts");
        for (Map<String, Object> bucket : (List<Map<String, Object>>) countsAgg.get("buckets")) {
            counts.put((String) bucket.get("key"), ((Number) bucket.get("doc_count")).longValue());
        }

        FeatureExtractor extractor = new FeatureExtractor(profile, null);
        float maxCooccurrence = recalled.max(Source.COOCCURRENCE);
        float maxText = recalled.max(Source.TEXT);
        List<Scored> fused = new ArrayList<>();
        for (String id : ids) {
            CatalogItem item = items.get(id);
            if (item == null) {
                continue; // not matching the text query
            }
            int[] ranks = recalled.ranks.get(id);
            float[] features = extractor.compute(item, ranks, maxCooccurrence > 0 ? recalled.score(Source.COOCCURRENCE, id) / maxCooccurrence : 0f,
                maxText > 0 ? recalled.score(Source.TEXT, id) / maxText : 0f, counts.getOrDefault(id, 0L));
            fused.add(new Scored(id, Fusion.score(ranks, FusionWeights.DEFAULTS), features));
        }
        fused.sort(Comparator.comparingDouble((Scored s) -> -s.fused).thenComparing(Scored::id));
        int window = Math.min(RERANK_WINDOW, fused.size());
        List<float[]> rows = new ArrayList<>(window);
        for (int i = 0; i < window; i++) {
            rows.add(java.util.Arrays.copyOf(fused.get(i).features, Feature.V1_SIZE)); // the suite's model reads contract v1
        }
        float[] scores = window == 0 ? new float[0] : model.score(rows);
        Integer[] order = new Integer[window];
        for (int i = 0; i < window; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a])); // stable: ties keep the fused order
        List<String> top = new ArrayList<>(size);
        for (int i = 0; i < Math.min(size, fused.size()); i++) {
            top.add(i < window ? fused.get(order[i]).id : fused.get(i).id);
        }
        return top;
    }

    private void knn(StringBuilder msearch, float[] vector, int k, QueryUser user, boolean text) {
        msearch.append("{\"index\":\"").append(QueryBodies.CATALOG).append("\"}\n").append("{\"size\":").append(k)
            .append(",\"_source\":false,\"track_total_hits\":false,\"query\":{\"knn\":{\"embedding\":{\"vector\":");
        SyntheticCatalog.appendVector(msearch, vector);
        msearch.append(",\"k\":").append(k);
        if (text) {
            msearch.append(",\"filter\":").append(QueryBodies.match(user.word()));
        }
        msearch.append("}}}}\n");
    }

    /** As the plugin anchors co-occurrence: distinct recent items, newest first, then purchases. */
    static List<String> anchors(ProfileState profile) {
        Set<String> anchors = new LinkedHashSet<>();
        for (RecentItem item : profile.recent()) {
            if (anchors.size() >= MAX_ANCHORS) {
                break;
            }
            anchors.add(item.item());
        }
        List<String> purchased = new ArrayList<>(profile.purchased());
        for (int i = purchased.size() - 1; i >= 0 && anchors.size() < MAX_ANCHORS; i--) {
            anchors.add(purchased.get(i));
        }
        return List.copyOf(anchors);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> hits(Map<String, Object> response) {
        return (List<Map<String, Object>>) ((Map<String, Object>) response.get("hits")).get("hits");
    }

    private static float[] vector(Object value) {
        List<?> list = (List<?>) value;
        float[] vector = new float[list.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = ((Number) list.get(i)).floatValue();
        }
        return vector;
    }

    static String json(List<String> values) {
        StringBuilder json = new StringBuilder(values.size() * 12 + 2).append('[');
        for (int i = 0; i < values.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(values.get(i)).append('"');
        }
        return json.append(']').toString();
    }

    /** A candidate in the client: fused score and features. */
    private record Scored(String id, float fused, float[] features) {}

    /** The sources' ranks and scores per candidate, in the order candidates were first recalled. */
    private static final class Recalled {
        /** 1-based rank per source, 0 when absent. */
        final Map<String, int[]> ranks = new LinkedHashMap<>();
        /** Raw score per source (co-occurrence LLR, text BM25). */
        final Map<Source, Map<String, Float>> scores = new HashMap<>();

        void add(Source source, String id, int rank, float score) {
            ranks.computeIfAbsent(id, x -> new int[Source.values().length])[source.ordinal()] = rank;
            scores.computeIfAbsent(source, s -> new HashMap<>()).put(id, score);
        }

        float score(Source source, String id) {
            return scores.getOrDefault(source, Map.of()).getOrDefault(id, 0f);
        }

        float max(Source source) {
            return (float) scores.getOrDefault(source, Map.of()).values().stream().mapToDouble(Float::doubleValue).max().orElse(1);
        }
    }
}
