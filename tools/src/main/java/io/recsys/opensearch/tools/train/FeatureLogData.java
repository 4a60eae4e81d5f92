package io.recsys.opensearch.tools.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The training data as the plugin logged it: every hit of the recommender's feature log (features actually scored,
 * position, request id) joined with the recommender's events that carry the same request id. A hit is positive when
 * the user clicked, carted or bought that item under that request id; impressions and views are not positives.
 *
 * @param featureNames the features read from each logged hit, in the model's column order
 * @param rows         the examples
 * @param requests     distinct request ids
 * @param positives    positive examples
 * @param regimes      the shoppers' regimes the logged requests were in ({@code returning}, {@code in_session}), sorted;
 *                     empty when a hit was logged before the plugin recorded them (then nothing is known)
 */
public record FeatureLogData(List<String> featureNames, List<LoggedRow> rows, int requests, int positives, List<String> regimes) {

    static final Set<String> POSITIVE_TYPES = Set.of("click", "cart", "purchase");

    /**
     * @param features the features to train on, by name ({@link FeatureSet}): every logged hit must hold them; logs
     *                 written before contract v2 hold the 14 of v1 only
     */
    public static FeatureLogData read(ClusterClient client, String recommender, List<String> features) {
        String prefix = "recsys-" + recommender + "-";
        // what was logged or ingested in the last second is not searchable before a refresh
        client.send("POST", "/" + prefix + "events," + prefix + "feature-log/_refresh?ignore_unavailable=true", null);
        Set<String> positives = new HashSet<>();
        Scroll.each(client, prefix + "events", Map.of("bool", Map.of(
            "filter", List.of(Map.of("exists", Map.of("field", "request_id")), Map.of("terms", Map.of("type", List.copyOf(POSITIVE_TYPES)))))),
            event -> positives.add(joinKey(event.path("user_id").asText(), event.path("request_id").asText(), event.path("item").asText())));
        List<LoggedRow> rows = new ArrayList<>();
        Set<String> requests = new HashSet<>();
        int[] positiveCount = new int[1];
        Set<String> regimes = new TreeSet<>();
        boolean[] unknownRegime = new boolean[1];
        Scroll.each(client, prefix + "feature-log", Map.of("match_all", Map.of()), doc -> {
            float[] vector = vector(doc, features);
            // A request id is the client's and may repeat across users: the page view is (user, request_id).
            String request = requestKey(doc.path("user_id").asText(), doc.path("request_id").asText());
            String item = doc.path("item").asText();
            int label = positives.contains(joinKey(request, item)) ? 1 : 0;
            positiveCount[0] += label;
            requests.add(request);
            JsonNode regime = doc.path("regime");
            if (regime.isTextual()) {
                regimes.add(regime.asText());
            } else {
                unknownRegime[0] = true;
            }
            rows.add(new LoggedRow(request, item, doc.path("position").asInt(), (float) doc.path("fused_score").asDouble(), vector, label,
                loggedAt(doc.path("ts"))));
        });
        return new FeatureLogData(List.copyOf(features), rows, requests.size(), positiveCount[0],
            unknownRegime[0] ? List.of() : List.copyOf(regimes));
    }

    /** The named features of one logged hit, in the order given; a feature it lacks is an error that says why. */
    static float[] vector(JsonNode doc, List<String> names) {
        JsonNode features = doc.path("features");
        float[] vector = new float[names.size()];
        for (int i = 0; i < names.size(); i++) {
            JsonNode value = features.path(names.get(i));
            if (value.isMissingNode() || value.isNumber() == false) {
                throw new ClusterException("the feature-log document [" + doc.path("request_id").asText() + ":" + doc.path("item").asText()
                    + "] has no feature [" + names.get(i) + "]" + (FeatureSet.V1.contains(names.get(i)) ? ""
                    : " (the log was written before the plugin computed it, contract v2: train on these hits with --features v1, or log new pages)"));
            }
            vector[i] = (float) value.asDouble();
        }
        return vector;
    }

    /** The feature log's {@code ts} (ISO-8601, as the plugin writes it; epoch millis accepted) in epoch millis, 0 when absent. */
    static long loggedAt(JsonNode ts) {
        if (ts.isNumber()) {
            return ts.asLong();
        }
        return ts.isTextual() ? java.time.Instant.parse(ts.asText()).toEpochMilli() : 0L;
    }

    /** A page view's key in {@link LoggedRow#requestId()}: the user and the client's request id. */
    public static String requestKey(String user, String requestId) {
        return user + '\u0000' + requestId;
    }

    /** The join of a logged row and the events that label it: the same user, request id and item. */
    static String joinKey(String user, String requestId, String item) {
        return joinKey(requestKey(user, requestId), item);
    }

    private static String joinKey(String requestKey, String item) {
        return requestKey + '\u0000' + item;
    }
}
