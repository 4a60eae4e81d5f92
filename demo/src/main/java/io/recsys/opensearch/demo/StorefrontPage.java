package io.recsys.opensearch.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The storefront page: its static files (HTML, JavaScript, CSS from {@code storefront/} on the classpath) and, under
 * {@code /api/}, the node's REST API on the same origin, so the browser needs no CORS. Served by the JDK's own HTTP
 * server on loopback.
 *
 * <p>The proxy forwards only what the page reads: searches and multi-gets on {@code products}, and the storefront
 * recommender's profiles. The page never writes, and another site open in the same browser cannot use it to
 * change the node.
 */
final class StorefrontPage implements AutoCloseable {

    static final String API = "/api";
    static final String CUSTOMERS = "/demo/customers.json";
    private static final String RESOURCES = "storefront/";
    /** Requests the page sends are a few kilobytes; anything far larger is not the page's. */
    private static final int MAX_BODY_BYTES = 1 << 20;
    /** The static files: flat names only, so nothing outside the folder can be asked for. */
    private static final Pattern FILE = Pattern.compile("[a-z0-9-]+\\.(html|js|css|png|svg)");
    /** What the page reads from the node, by method. */
    private static final List<Route> ROUTES = List.of(
        new Route(Pattern.compile("/" + CatalogIndex.NAME + "/_(search|mget)"), List.of("GET", "POST")),
        new Route(Pattern.compile(Pattern.quote(StorefrontRecommender.PATH) + "/profiles/[^/]+"), List.of("GET"))
    );
    private static final Map<String, String> CONTENT_TYPES = Map.of(
        "html", "text/html; charset=utf-8",
        "js", "text/javascript; charset=utf-8",
        "css", "text/css; charset=utf-8",
        "png", "image/png",
        "svg", "image/svg+xml"
    );

    private record Route(Pattern path, List<String> methods) {}

    /** The JDK's HTTP server, bound to loopback. */
    private final HttpServer server;
    /** Its request threads. */
    private final ExecutorService workers;
    /** Where {@code /api/} goes: the node's REST API. */
    private final NodeRest node;
    /** The switcher's customers, as JSON: fixed once the demo found them. */
    private final String customersJson;

    private StorefrontPage(HttpServer server, ExecutorService workers, NodeRest node, String customersJson) {
        this.server = server;
        this.workers = workers;
        this.node = node;
        this.customersJson = customersJson;
    }

    /** Binds {@code host:port} and serves until {@link #close()}. */
    static StorefrontPage start(String host, int port, NodeRest node, List<StorefrontCustomers.Customer> customers) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            throw new DemoException(PortCheck.inUse(host, port, PortCheck.Use.PAGE), e);
        } catch (IOException e) {
            throw new DemoException("cannot serve the storefront page on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        // a search shows two columns at once: a few workers keep them parallel; daemons, so they never hold the JVM
        ExecutorService workers = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "storefront-page");
            thread.setDaemon(true);
            return thread;
        });
        StorefrontPage page = new StorefrontPage(server, workers, node, StorefrontCustomers.json(customers));
        server.createContext("/", page::handle);
        server.setExecutor(workers);
        server.start();
        return page;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith(API + "/")) {
                proxy(exchange, path.substring(API.length()));
            } else if (path.equals(CUSTOMERS)) {
                send(exchange, 200, "application/json; charset=utf-8", customersJson.getBytes(StandardCharsets.UTF_8));
            } else {
                serveFile(exchange, path.equals("/") ? "index.html" : path.substring(1));
            }
        } catch (RuntimeException e) {
            // the node is down or answered garbage: the page shows the reason instead of a dead request
            sendError(exchange, 502, e.getMessage());
        } finally {
            exchange.close();
        }
    }

    /** Forwards one request to the node and its reply, status and body, back as is. */
    private void proxy(HttpExchange exchange, String nodePath) throws IOException {
        String method = exchange.getRequestMethod();
        if (allowed(method, nodePath) == false) {
            sendError(exchange, 403, "the storefront page only reads: " + method + " " + nodePath + " is not forwarded to the node");
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            sendError(exchange, 413, "request body larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        NodeRest.Reply reply = node.send(method, nodePath + (query == null ? "" : "?" + query),
            body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
        send(exchange, reply.status(), "application/json; charset=utf-8", reply.body().getBytes(StandardCharsets.UTF_8));
    }

    static boolean allowed(String method, String nodePath) {
        return ROUTES.stream().anyMatch(route -> route.methods().contains(method) && route.path().matcher(nodePath).matches());
    }

    private void serveFile(HttpExchange exchange, String name) throws IOException {
        if (FILE.matcher(name).matches() == false) {
            sendError(exchange, 404, "no such file: " + name);
            return;
        }
        try (InputStream in = StorefrontPage.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                sendError(exchange, 404, "no such file: " + name);
                return;
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            send(exchange, 200, CONTENT_TYPES.get(extension), in.readAllBytes());
        }
    }

    private static void sendError(HttpExchange exchange, int status, String reason) throws IOException {
        String json = CatalogIndex.json(Map.of("error", Map.of("reason", String.valueOf(reason)), "status", status));
        send(exchange, status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // the demo's files change between builds: never a stale page
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
