package io.recsys.opensearch.common.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Requests to a node's REST API with the JDK's HTTP client, the way a shop's application talks to it: the demo's
 * loader, the tools and the benchmarks all send through this one. Bodies are strings (each caller parses replies with
 * the JSON library it already has); an HTTP error status is a {@link Reply}, not an exception, so callers decide what a
 * 404 means. Thread-safe: one client, connections kept alive.
 */
public final class JsonHttpClient {

    /** A reply: HTTP status and body. */
    public record Reply(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The request never got a reply: the node is unreachable, the connection broke, the wait timed out or was interrupted. */
    public static final class Failure extends RuntimeException {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Base URL, e.g. http://127.0.0.1:9200, without a trailing slash. */
    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * @param baseUrl the node's address, e.g. http://127.0.0.1:9200
     * @param timeout how long a request may wait for its reply unless it says otherwise
     */
    public JsonHttpClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A JSON request (or none, when {@code body} is null). */
    public Reply send(String method, String path, String body) {
        return send(method, path, body, "application/json", timeout);
    }

    public Reply send(String method, String path, String body, String contentType) {
        return send(method, path, body, contentType, timeout);
    }

    /** Sends one request and waits for its reply; no reply at all is a {@link Failure} whose cause says why. */
    public Reply send(String method, String path, String body, String contentType, Duration timeout) {
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
            throw new Failure(method + " " + path + " on " + baseUrl + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(method + " " + path + " was interrupted", e);
        }
    }

    /** A reply body short enough for an error message. */
    public static String abbreviate(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars) + "…";
    }
}
