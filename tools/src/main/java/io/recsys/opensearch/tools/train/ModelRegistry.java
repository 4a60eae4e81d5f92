package io.recsys.opensearch.tools.train;

import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;
import io.recsys.opensearch.tools.rest.Json;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plugin's model registry: register a model, point an alias at it. */
public final class ModelRegistry {

    private final ClusterClient client;

    public ModelRegistry(ClusterClient client) {
        this.client = client;
    }

    /**
     * PUT /_plugins/_recsys/models/{id}; the plugin validates it with ONNX Runtime (400 with the reason if not).
     *
     * @param regimes the shoppers it re-ranks (those its training log held); empty for every regime
     */
    public void put(String modelId, List<String> features, byte[] onnx, String description, List<String> regimes) {
        String path = "/_plugins/_recsys/models/" + modelId;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("features", features);
        body.put("model_base64", Base64.getEncoder().encodeToString(onnx));
        body.put("description", description);
        if (regimes.isEmpty() == false) {
            body.put("regimes", regimes);
        }
        ClusterClient.Reply reply = client.send("PUT", path, Json.write(body));
        if (reply.ok() == false) {
            throw new ClusterException("the plugin refused the model [" + modelId + "]: PUT " + path + " answered " + reply.status() + ": "
                + ClusterClient.abbreviate(reply.body()));
        }
    }

    /** Points {@code alias} at {@code modelId} atomically. */
    public void alias(String alias, String modelId) {
        client.expectOk("POST", "/_plugins/_recsys/models/_aliases",
            Json.write(Map.of("actions", List.of(Map.of("add", Map.of("alias", alias, "model_id", modelId))))));
    }
}
