package io.recsys.opensearch.tools.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training data as the plugin logged it: every hit of the recommender's feature log (features actually scored,
 * position, request id) joined with the recommender's events that carry the same request id. A hit is positive when
 * the user clicked, carted or bought that item under that request id; impressions and views are not positives.
 *
 * @param featureNames the features, in the order of the logged vectors (the model's input columns)
 * @param rows         the examples
 * @param requests     distinct request ids
 * @param positives    positive examples
 */
public record FeatureLogData(List<String> featureNames, List<LoggedRow> rows, int requests, int positives) {

    static final Set<String> POSITIVE_TYPES = Set.of("click", "cart", "purchase");

    public static FeatureLogData read(ClusterClient client, String recommender) {
        String prefix = "recsys-" + recommender + "-";
        // what was logged or ingested in the last second is not searchable before a refresh
        client.send("POST", "/" + prefix + "events," + prefix + "feature-log/_refresh?ignore_unavailable=true", null);
        Set<String> positives = new HashSet<>();
        Scroll.each(client, prefix + "events", Map.of("bool", Map.of(
            "filter", List.of(Map.of("exists", Map.of("field", "request_id")), Map.of("terms", Map.of("type", List.copyOf(POSITIVE_TYPES)))))),
            event -> positives.add(joinKey(event.path("user_id").asText(), event.path("request_id").asText(), event.path("item").asText())));
        List<String> names = new ArrayList<>();
        List<LoggedRow> rows = new ArrayList<>();
        Set<String> requests = new HashSet<>();
        int[] positiveCount = new int[1];
        Scroll.each(client, prefix + "feature-log", Map.of("match_all", Map.of()), doc -> {
            JsonNode features = doc.path("features");
            if (names.isEmpty()) {
                features.fieldNames().forEachRemaining(names::add);
            }
            float[] vector = new float[names.size()];
            Iterator<Map.Entry<String, JsonNode>> fields = features.fields();
            for (int i = 0; i < names.size(); i++) {
                JsonNode value = features.path(names.get(i));
                if (value.isMissingNode()) {
                    throw new ClusterException("a feature-log document lacks the feature [" + names.get(i) + "]: the log mixes feature sets; " + doc);
                }
                vector[i] = (float) value.asDouble();
            }
            // A request id is the client's and may repeat across users: the page view is (user, request_id).
            String request = doc.path("user_id").asText() + '\u0000' + doc.path("request_id").asText();
            String item = doc.path("item").asText();
            int label = positives.contains(request + '\u0000' + item) ? 1 : 0;
            positiveCount[0] += label;
            requests.add(request);
            rows.add(new LoggedRow(request, item, doc.path("position").asInt(), (float) doc.path("fused_score").asDouble(), vector, label));
        });
        return new FeatureLogData(List.copyOf(names), rows, requests.size(), positiveCount[0]);
    }

    /** The join of a logged row and the events that label it: the same user, request id and item. */
    static String joinKey(String user, String requestId, String item) {
        return user + '\u0000' + requestId + '\u0000' + item;
    }
}
