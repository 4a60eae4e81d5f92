package io.recsys.opensearch.tools.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;
import io.recsys.opensearch.tools.rest.Json;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A recommender's {@code fusion.weights}, read and written through its public endpoint. The endpoint's PUT replaces the
 * whole configuration, so a write sends back what GET returned with the changed weights, less what GET adds for reading
 * (the catalog's vector dimension, the names of the recommender's own indices).
 */
public final class RecommenderFusion {

    private final ClusterClient client;

    public RecommenderFusion(ClusterClient client) {
        this.client = client;
    }

    private static String path(String recommender) {
        return "/_plugins/_recsys/recommenders/" + recommender;
    }

    /** The recommender's weights by source name, defaults filled in. */
    public Map<String, Float> weights(String recommender) {
        JsonNode weights = configuration(recommender).path("fusion").path("weights");
        Map<String, Float> bySource = new LinkedHashMap<>();
        weights.properties().forEach(e -> bySource.put(e.getKey(), e.getValue().floatValue()));
        return bySource;
    }

    /**
     * Sets the named weights of the recommender; its other weights and the rest of its configuration stay as they are.
     *
     * @return the recommender's weights now, by source name
     */
    public Map<String, Float> write(String recommender, Map<String, Float> changed) {
        ObjectNode configuration = configuration(recommender);
        ((ObjectNode) configuration.path("catalog")).remove("dimension");
        JsonNode indices = configuration.path("indices");
        if (indices instanceof ObjectNode byKind) {
            for (Iterator<Map.Entry<String, JsonNode>> kinds = byKind.properties().iterator(); kinds.hasNext();) {
                Map.Entry<String, JsonNode> kind = kinds.next();
                ((ObjectNode) kind.getValue()).remove("index");
                if (kind.getValue().isEmpty()) {
                    kinds.remove();
                }
            }
        }
        Map<String, Float> weights = new LinkedHashMap<>();
        configuration.path("fusion").path("weights").properties().forEach(e -> weights.put(e.getKey(), e.getValue().floatValue()));
        weights.putAll(changed);
        configuration.putObject("fusion").set("weights", Json.MAPPER.valueToTree(weights));
        ClusterClient.Reply reply = client.send("PUT", path(recommender), Json.write(configuration));
        if (reply.ok() == false) {
            throw new ClusterException("the plugin refused the fusion weights of [" + recommender + "]: PUT " + path(recommender) + " answered "
                + reply.status() + ": " + ClusterClient.abbreviate(reply.body()));
        }
        return weights;
    }

    private ObjectNode configuration(String recommender) {
        ClusterClient.Reply reply = client.send("GET", path(recommender), null);
        if (reply.ok() == false) {
            throw new ClusterException("cannot read the recommender [" + recommender + "]: GET " + path(recommender) + " answered " + reply.status()
                + ": " + ClusterClient.abbreviate(reply.body()));
        }
        JsonNode configuration = reply.json().path(recommender);
        if (configuration instanceof ObjectNode object) {
            return object;
        }
        throw new ClusterException("GET " + path(recommender) + " did not return the recommender [" + recommender + "]");
    }
}
