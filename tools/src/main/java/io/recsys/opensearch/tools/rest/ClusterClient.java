package io.recsys.opensearch.tools.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.opensearch.common.http.JsonHttpClient;

import java.net.ConnectException;
import java.time.Duration;

/**
 * The cluster's REST API, through the shared {@link JsonHttpClient}: the tool uses the same public endpoints as any client of the
 * plugin (bulk, search with the {@code recommend} query, events, identity links), so what it measures is what a shop
 * gets. Thread-safe: the evaluation replays queries from several threads.
 */
public final class ClusterClient {

    /** A reply: HTTP status and body. */
    public record Reply(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() {
            return Json.read(body);
        }
    }

    private final JsonHttpClient http;

    /** @param timeout per request: a bulk of events may take a while on a busy node */
    public ClusterClient(String baseUrl, Duration timeout) {
        this.http = new JsonHttpClient(baseUrl, timeout);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public Reply send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    /** Sends one request; an unreachable cluster is a {@link ClusterException}, an HTTP error status is not. */
    public Reply send(String method, String path, String body, String contentType) {
        try {
            JsonHttpClient.Reply reply = http.send(method, path, body, contentType);
            return new Reply(reply.status(), reply.body());
        } catch (JsonHttpClient.Failure e) {
            if (e.getCause() instanceof ConnectException) {
                throw new ClusterException("cannot connect to " + http.baseUrl() + " (" + method + " " + path + "): is the cluster running? "
                    + "Give its address with --url", e);
            }
            throw new ClusterException(e.getMessage(), e);
        }
    }

    /** Sends and requires a 2xx reply; otherwise fails with the cluster's own error body. */
    public Reply expectOk(String method, String path, String body) {
        Reply reply = send(method, path, body);
        if (reply.ok() == false) {
            throw new ClusterException(method + " " + path + " answered " + reply.status() + ": " + abbreviate(reply.body()));
        }
        return reply;
    }

    public boolean exists(String index) {
        return send("HEAD", "/" + index, null).status() == 200;
    }

    /** Waits until the cluster is at least yellow, so indices can be written. */
    public void waitForYellow(Duration wait) {
        Reply reply = expectOk("GET", "/_cluster/health?wait_for_status=yellow&timeout=" + wait.toSeconds() + "s", null);
        if ("red".equals(reply.json().path("status").asText())) {
            throw new ClusterException("the cluster is red after " + wait.toSeconds() + " s: " + reply.body());
        }
    }

    public static String abbreviate(String text) {
        return JsonHttpClient.abbreviate(text, 1500);
    }
}
