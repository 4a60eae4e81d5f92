package io.recsys.opensearch.tools.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The cluster's REST API, through the JDK's HTTP client: the tool uses the same public endpoints as any client of the
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

    /** Base URL, e.g. http://127.0.0.1:9200, without a trailing slash. */
    private final String baseUrl;
    /** Per request: a bulk of events may take a while on a busy node. */
    private final Duration timeout;
    private final HttpClient client;

    public ClusterClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Reply send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    /** Sends one request; an unreachable cluster is a {@link ClusterException}, an HTTP error status is not. */
    public Reply send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new ClusterException("cannot connect to " + baseUrl + " (" + method + " " + path + "): is the cluster running? "
                + "Give its address with --url", e);
        } catch (IOException e) {
            throw new ClusterException(method + " " + path + " on " + baseUrl + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(method + " " + path + " was interrupted", e);
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
        return text.length() <= 1500 ? text : text.substring(0, 1500) + "…";
    }
}
