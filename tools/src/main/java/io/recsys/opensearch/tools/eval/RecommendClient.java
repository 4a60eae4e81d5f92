package io.recsys.opensearch.tools.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;
import io.recsys.opensearch.tools.rest.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the real {@code recommend} query on the catalog index, the request a storefront sends, and reads the hits' ids.
 */
public final class RecommendClient {

    private final ClusterClient client;
    private final String catalogIndex;
    private final String recommender;

    public RecommendClient(ClusterClient client, String catalogIndex, String recommender) {
        this.client = client;
        this.catalogIndex = catalogIndex;
        this.recommender = recommender;
    }

    /**
     * @param user {@code {"id": …}} or {@code {"platform": …, "id": …}}
     * @return item ids, best first, at most {@code size}
     */
    public List<String> recommend(Variant variant, Map<String, String> user, int size, boolean excludePurchased, String platform) {
        return recommend(variant, user, size, excludePurchased, platform, null);
    }

    /** The same, asked at {@code time} of the replayed history (epoch millis; null: the node's clock). */
    public List<String> recommend(Variant variant, Map<String, String> user, int size, boolean excludePurchased, String platform, Long time) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", size);
        body.put("_source", false);
        body.put("query", Map.of("recommend", variant.recommend(recommender, user, excludePurchased, platform, time)));
        ClusterClient.Reply reply = client.send("POST", "/" + catalogIndex + "/_search", Json.write(body));
        if (reply.ok() == false) {
            throw new ClusterException("the recommend query (" + variant.name() + ", user " + user + ") answered " + reply.status() + ": "
                + ClusterClient.abbreviate(reply.body()));
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode hit : reply.json().path("hits").path("hits")) {
            ids.add(hit.path("_id").asText());
        }
        return ids;
    }

    /** Node statistics of the plugin: queries and source time-outs, summed over the nodes. */
    public long[] queriesAndTimeouts() {
        JsonNode nodes = client.expectOk("GET", "/_plugins/_recsys/_stats", null).json().path("nodes");
        long queries = 0, timeouts = 0;
        for (JsonNode node : nodes) {
            queries += node.path("queries").path("total").asLong();
            timeouts += node.path("queries").path("source_timeouts").asLong();
        }
        return new long[] { queries, timeouts };
    }
}
