package io.recsys.opensearch.demo;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the demo reads and writes, and its knobs. Every value comes from an environment variable with a default, so
 * {@code scripts/demo.sh} needs no arguments (README: "Knobs").
 *
 * @param projectDir   the repository root: the plugin and k-NN artifacts are under its target/
 * @param homeDir      the node's home: config/, data/, logs/ ({@code RECSYS_DEMO_HOME}, default demo/target/opensearch)
 * @param dataFile     the Online Retail log ({@code RECSYS_DEMO_DATA}, default demo/data/online_retail.csv.gz)
 * @param httpHost     the address the node's HTTP and transport bind to; loopback only, it is a demo
 * @param httpPort     HTTP port ({@code RECSYS_DEMO_HTTP_PORT}, default 9200); the demo fails if it is taken
 * @param pagePort     the storefront page's port ({@code RECSYS_DEMO_PAGE_PORT}, default 9201); the demo fails if it is taken
 * @param reload       {@code RECSYS_DEMO_RELOAD=1}: re-index even when the data already loaded is current
 * @param startedAtMs  when the user ran the command ({@code RECSYS_DEMO_STARTED_AT_MS}, set by the script), for the
 *                     "ready in" line; the JVM start time otherwise
 */
public record DemoConfig(
    Path projectDir,
    Path homeDir,
    Path dataFile,
    String httpHost,
    int httpPort,
    int pagePort,
    boolean reload,
    long startedAtMs
) {
    static final String HOST = "127.0.0.1";

    /** Reads the configuration; {@code demoDir} is the demo module's directory. */
    public static DemoConfig from(Map<String, String> env, Path demoDir, long jvmStartMs) {
        Path demo = demoDir.toAbsolutePath().normalize();
        Path home = path(env, "RECSYS_DEMO_HOME", demo.resolve("target/opensearch"));
        Path data = path(env, "RECSYS_DEMO_DATA", demo.resolve("data/online_retail.csv.gz"));
        int port = integer(env, "RECSYS_DEMO_HTTP_PORT", 9200);
        int pagePort = integer(env, "RECSYS_DEMO_PAGE_PORT", 9201);
        boolean reload = "1".equals(env.get("RECSYS_DEMO_RELOAD")) || "true".equalsIgnoreCase(env.get("RECSYS_DEMO_RELOAD"));
        long started = env.containsKey("RECSYS_DEMO_STARTED_AT_MS") ? integer(env, "RECSYS_DEMO_STARTED_AT_MS", 0L) : jvmStartMs;
        return new DemoConfig(demo.getParent(), home, data, HOST, port, pagePort, reload, started);
    }

    public String baseUrl() {
        return "http://" + httpHost + ":" + httpPort;
    }

    /** The storefront page, for a browser. */
    public String pageUrl() {
        return "http://" + httpHost + ":" + pagePort + "/";
    }

    /** What a user types in curl: host:port, no scheme. */
    public String curlHost() {
        return httpHost + ":" + httpPort;
    }

    private static Path path(Map<String, String> env, String name, Path fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Path.of(value).toAbsolutePath().normalize();
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        return (int) integer(env, name, (long) fallback);
    }

    private static long integer(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new DemoException(name + " must be a number, got [" + value + "]");
        }
    }
}
