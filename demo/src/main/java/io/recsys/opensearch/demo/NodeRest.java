package io.recsys.opensearch.demo;

import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Talks to the node over its public REST API with the JDK's HTTP client: the demo loads data exactly the way a user
 * or a client library would, so it also shows that path works.
 */
final class NodeRest {

    /** A reply: status and body. */
    record Reply(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Map<String, Object> json() {
            return XContentHelper.convertToMap(JsonXContent.jsonXContent, body, false);
        }
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** Base URL of the node, e.g. http://127.0.0.1:9200. */
    private final String baseUrl;
    private final HttpClient client;

    NodeRest(String baseUrl) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    Reply send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    Reply send(String method, String path, String body, String contentType) {
        return send(method, path, body, contentType, TIMEOUT);
    }

    /** Sends one request; a connection failure is a {@link DemoException}, an HTTP error status is not. */
    Reply send(String method, String path, String body, String contentType, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new DemoException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException(method + " " + path + " was interrupted", e);
        }
    }

    /** Sends and requires a 2xx reply; otherwise fails with the node's own error body. */
    Reply expectOk(String method, String path, String body) {
        Reply reply = send(method, path, body);
        if (reply.ok() == false) {
            throw new DemoException(method + " " + path + " answered " + reply.status() + ": " + reply.body());
        }
        return reply;
    }

    /** Waits until the cluster is at least yellow: the node answers and its indices can be written. */
    void waitForYellow(Duration timeout) {
        String path = "/_cluster/health?wait_for_status=yellow&timeout=" + timeout.toSeconds() + "s";
        Reply reply = expectOk("GET", path, null);
        Object status = reply.json().get("status");
        if ("red".equals(status)) {
            throw new DemoException("the cluster is still red after " + timeout.toSeconds() + " s: " + reply.body());
        }
    }

    /** A reply body short enough for an error message. */
    static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "…";
    }
}
