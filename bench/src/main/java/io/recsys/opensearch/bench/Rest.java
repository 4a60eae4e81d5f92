package io.recsys.opensearch.bench;

import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** JSON over HTTP to the node, with the JDK's client: what a user's application does. */
public final class Rest {

    /** The node's HTTP address. */
    private final String base;
    /** One connection, kept alive. */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    public Rest(int port) {
        this.base = "http://127.0.0.1:" + port;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofHours(2));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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
