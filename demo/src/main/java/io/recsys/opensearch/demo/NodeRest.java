package io.recsys.opensearch.demo;

import io.recsys.opensearch.common.http.JsonHttpClient;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;

import java.time.Duration;
import java.util.Map;

/**
 * Talks to the node over its public REST API with the shared {@link JsonHttpClient}: the demo loads data exactly the way a user
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

    private final JsonHttpClient http;

    /** @param baseUrl the node, e.g. http://127.0.0.1:9200 */
    NodeRest(String baseUrl) {
        this.http = new JsonHttpClient(baseUrl, TIMEOUT);
    }

    Reply send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    Reply send(String method, String path, String body, String contentType) {
        return send(method, path, body, contentType, TIMEOUT);
    }

    /** Sends one request; a connection failure is a {@link DemoException}, an HTTP error status is not. */
    Reply send(String method, String path, String body, String contentType, Duration timeout) {
        try {
            JsonHttpClient.Reply reply = http.send(method, path, body, contentType, timeout);
            return new Reply(reply.status(), reply.body());
        } catch (JsonHttpClient.Failure e) {
            throw new DemoException(e.getMessage(), e);
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
        return JsonHttpClient.abbreviate(text, 2000);
    }
}
