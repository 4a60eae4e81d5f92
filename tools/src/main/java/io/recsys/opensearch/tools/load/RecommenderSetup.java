package io.recsys.opensearch.tools.load;

import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;
import io.recsys.opensearch.tools.rest.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates (PUT is idempotent) a recommender on a catalog made by {@link CatalogIndex}; with {@code replace}, deletes it
 * first, which also deletes its profiles, identities, events and feature log (never the catalog).
 */
public final class RecommenderSetup {

    private final ClusterClient client;

    public RecommenderSetup(ClusterClient client) {
        this.client = client;
    }

    public static String path(String recommender) {
        return "/_plugins/_recsys/recommenders/" + recommender;
    }

    /**
     * @param model a model id or alias, or null for the plugin's default
     */
    public void put(String recommender, String catalogIndex, String model, boolean replace) {
        put(recommender, catalogIndex, model, replace, Map.of());
    }

    /**
     * @param model         a model id or alias, or null for the plugin's default
     * @param fusionWeights the recommender's {@code fusion.weights} by source name; empty for the plugin's defaults
     */
    public void put(String recommender, String catalogIndex, String model, boolean replace, Map<String, Float> fusionWeights) {
        if (replace && client.send("GET", path(recommender), null).status() == 200) {
            client.expectOk("DELETE", path(recommender), null);
        }
        Map<String, Object> catalog = new LinkedHashMap<>();
        catalog.put("index", catalogIndex);
        catalog.put("id_field", "_id");
        catalog.put("vector_field", CatalogIndex.VECTOR_FIELD);
        catalog.put("category_field", "category");
        catalog.put("text_fields", List.of("title"));
        catalog.put("price_field", "price");
        catalog.put("stock_field", "in_stock");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("catalog", catalog);
        if (model != null) {
            body.put("model", model);
        }
        if (fusionWeights.isEmpty() == false) {
            body.put("fusion", Map.of("weights", fusionWeights));
        }
        ClusterClient.Reply reply = client.send("PUT", path(recommender), Json.write(body));
        if (reply.ok() == false) {
            throw new ClusterException("the plugin refused the recommender [" + recommender + "]: PUT " + path(recommender) + " answered "
                + reply.status() + ": " + ClusterClient.abbreviate(reply.body()));
        }
    }

    /** The catalog index of an existing recommender. */
    public String catalogOf(String recommender) {
        ClusterClient.Reply reply = client.send("GET", path(recommender), null);
        if (reply.status() == 404) {
            throw new ClusterException("no recommender [" + recommender + "] on " + client.baseUrl() + ": create it with recsys-tool load");
        }
        if (reply.ok() == false) {
            throw new ClusterException("GET " + path(recommender) + " answered " + reply.status() + ": " + reply.body());
        }
        var json = reply.json();
        var index = json.findValue("catalog");
        if (index == null || index.path("index").isMissingNode()) {
            throw new ClusterException("GET " + path(recommender) + " has no catalog.index: " + ClusterClient.abbreviate(reply.body()));
        }
        return index.path("index").asText();
    }
}
