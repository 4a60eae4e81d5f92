package io.recsys.opensearch.bench;

import io.recsys.opensearch.common.http.JsonHttpClient;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;

import java.time.Duration;
import java.util.Map;

/** JSON over HTTP to the node, through the shared {@link JsonHttpClient}: what a user's application does. */
public final class Rest {

    /** One client, connections kept alive; a load step may run long. */
    private final JsonHttpClient http;

    public Rest(int port) {
        this.http = new JsonHttpClient("http://127.0.0.1:" + port, Duration.ofHours(2));
    }

    /** Sends the request; a status of 400 or more is an error carrying the reply. */
    public Map<String, Object> call(String method, String path, String body) {
        return XContentHelper.convertToMap(JsonXContent.jsonXContent, raw(method, path, body, "application/json"), false);
    }

    /** For bulk bodies. */
    public Map<String, Object> ndjson(String path, String body) {
        return XContentHelper.convertToMap(JsonXContent.jsonXContent, raw("POST", path, body, "application/x-ndjson"), false);
    }

    private String raw(String method, String path, String body, String contentType) {
        try {
            JsonHttpClient.Reply reply = http.send(method, path, body, contentType);
            if (reply.status() >= 400) {
                throw new IllegalStateException(method + " " + path + " → " + reply.status() + ": " + reply.body());
            }
            return reply.body();
        } catch (JsonHttpClient.Failure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Whether the node answers. */
    public boolean up() {
        try {
            raw("GET", "/", null, "application/json");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
