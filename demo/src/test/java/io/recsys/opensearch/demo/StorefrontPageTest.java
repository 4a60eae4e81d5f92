package io.recsys.opensearch.demo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page's server on its own: what a browser gets for the page's files, and what it does not get through the proxy.
 * Searches through the proxy, with a node behind it, are StorefrontPageBrowserTest's.
 */
class StorefrontPageTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private StorefrontPage page;
    private String base;

    @BeforeEach
    void start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // no node listens there: only requests that never reach the node are tested here
        NodeRest nowhere = new NodeRest("http://127.0.0.1:1");
        StorefrontCustomers.Customer customer = new StorefrontCustomers.Customer("17550", 42, List.of("jewellery 0.41"),
            Map.of("app", 37, "web", 5), "an example");
        page = StorefrontPage.start("127.0.0.1", port, nowhere, List.of(customer));
        base = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() {
        page.close();
    }

    @Test
    void thePageAndItsScriptAreServed() throws Exception {
        HttpResponse<String> index = get("/");
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(index.body().contains("<script src=\"app.js\"></script>"), index.body());
        HttpResponse<String> script = get("/app.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertEquals(200, get("/style.css").statusCode());
    }

    @Test
    void theSwitchersCustomersAreTheDemos() throws Exception {
        HttpResponse<String> customers = get(StorefrontPage.CUSTOMERS);
        assertEquals(200, customers.statusCode());
        Map<String, Object> expected = Map.of("customers", List.of(Map.of("id", "17550", "events", 42, "top_categories",
            List.of("jewellery 0.41"), "platforms", Map.of("app", 37, "web", 5), "note", "an example")));
        assertEquals(expected, new NodeRest.Reply(200, customers.body()).json());
    }

    @Test
    void nothingOutsideThePagesFolderIsServed() throws Exception {
        assertEquals(404, get("/log4j2.properties").statusCode());
        assertEquals(404, get("/..%2Fpom.xml").statusCode());
        assertEquals(404, get("/io/recsys/opensearch/demo/DemoMain.class").statusCode());
    }

    @Test
    void theProxyOnlyReads() throws Exception {
        HttpResponse<String> delete = send("DELETE", "/api/products", null);
        assertEquals(403, delete.statusCode());
        assertTrue(delete.body().contains("only reads"), delete.body());
        assertEquals(403, send("PUT", "/api/_plugins/_recsys/recommenders/storefront", "{}").statusCode());
        assertEquals(403, send("POST", "/api/_plugins/_recsys/recommenders/storefront/events", "[]").statusCode());
        assertEquals(403, get("/api/_cluster/settings").statusCode());
        assertFalse(StorefrontPage.allowed("DELETE", "/_plugins/_recsys/recommenders/storefront/profiles/17550"));
        // what the page reads
        assertTrue(StorefrontPage.allowed("POST", "/products/_search"));
        assertTrue(StorefrontPage.allowed("POST", "/products/_mget"));
        assertTrue(StorefrontPage.allowed("GET", "/_plugins/_recsys/recommenders/storefront/profiles/17550"));
    }

    @Test
    void aNodeThatDoesNotAnswerIsABadGatewayWithTheReason() throws Exception {
        HttpResponse<String> search = send("POST", "/api/products/_search", "{}");
        assertEquals(502, search.statusCode());
        assertTrue(search.body().contains("\"reason\""), search.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
