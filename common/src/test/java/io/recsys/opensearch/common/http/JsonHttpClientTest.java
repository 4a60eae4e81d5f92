package io.recsys.opensearch.common.http;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the JDK's own HTTP server on a free local port: what reaches the server, and what comes back. */
class JsonHttpClientTest {

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // echoes method, content type and body; /missing answers 404 with a JSON error
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean missing = exchange.getRequestURI().getPath().equals("/missing");
            String reply = missing ? "{\"error\":\"no such index\"}"
                : exchange.getRequestMethod() + "|" + exchange.getRequestHeaders().getFirst("Content-Type") + "|" + body;
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(missing ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private JsonHttpClient client() {
        return new JsonHttpClient("http://127.0.0.1:" + server.getAddress().getPort() + "/", Duration.ofSeconds(10));
    }

    @Test
    void aJsonRequestArrivesWithItsMethodTypeAndBody() {
        JsonHttpClient.Reply reply = client().send("PUT", "/products", "{\"café\":1}");
        assertTrue(reply.ok());
        assertEquals("PUT|application/json|{\"café\":1}", reply.body());
        assertEquals("POST|application/x-ndjson|{}\n", client().send("POST", "/_bulk", "{}\n", "application/x-ndjson").body());
    }

    @Test
    void anErrorStatusIsAReplyNotAnException() {
        JsonHttpClient.Reply reply = client().send("GET", "/missing", null);
        assertFalse(reply.ok());
        assertEquals(404, reply.status());
        assertEquals("{\"error\":\"no such index\"}", reply.body());
    }

    @Test
    void anUnreachableNodeIsAFailureCausedByTheRefusedConnection() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        JsonHttpClient client = new JsonHttpClient("http://127.0.0.1:" + closedPort, Duration.ofSeconds(5));
        JsonHttpClient.Failure failure = assertThrows(JsonHttpClient.Failure.class, () -> client.send("GET", "/", null));
        assertInstanceOf(ConnectException.class, failure.getCause());
        assertTrue(failure.getMessage().startsWith("GET / on http://127.0.0.1:" + closedPort + " failed"), failure.getMessage());
    }

    @Test
    void abbreviateKeepsShortTextAndCutsLongText() {
        assertEquals("abc", JsonHttpClient.abbreviate("abc", 3));
        assertEquals("ab…", JsonHttpClient.abbreviate("abc", 2));
    }
}
