package io.recsys.opensearch.tools.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenSearch node for the end-to-end tests: the demo's embedded node (OpenSearch 3.5.0 with k-NN and
 * opensearch-recsys, as scripts/demo.sh runs it) in a process of its own, started once for the whole test run on a free
 * port and stopped when the test JVM exits. A separate process because the node must not share a classpath with the
 * tests (nor with the test framework), and because that is how a user's cluster is reached: over REST only.
 *
 * <p>Needs the root build (target/ plugin jar and zip, k-NN) and the demo's (demo/target/), which scripts/test.sh
 * builds before the tools; a clear message otherwise.
 */
public final class TestNode {

    private static TestNode instance;

    /** http://127.0.0.1:port */
    private final String url;
    private final Process process;

    private TestNode(String url, Process process) {
        this.url = url;
        this.process = process;
    }

    /** The node, started on first use. */
    public static synchronized TestNode get() {
        if (instance == null) {
            instance = start();
            TestNode started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-node-stop"));
        }
        return instance;
    }

    public String url() {
        return url;
    }

    private static TestNode start() {
        Path project = Path.of(System.getProperty("recsys.project.dir", "..")).toAbsolutePath().normalize();
        Path demoTarget = project.resolve("demo/target");
        Path demoJar = demoTarget.resolve("opensearch-recsys-demo-0.1.0.jar");
        Path classpathFile = demoTarget.resolve("classpath.txt");
        for (Path needed : List.of(demoJar, classpathFile, project.resolve("target/opensearch-recsys-0.1.0.zip"),
            project.resolve("knn/target/opensearch-knn-3.5.0.0.zip"))) {
            if (Files.isRegularFile(needed) == false) {
                throw new IllegalStateException("missing " + needed + ": the end-to-end tests run the demo's node; build the plugin "
                    + "(mvn install at the root) and the demo (mvn -f demo/pom.xml package) first, as scripts/test.sh does");
            }
        }
        try {
            Path home = Path.of("target", "test-node").toAbsolutePath();
            deleteRecursively(home);
            Files.createDirectories(home.resolve("tmp"));
            StringBuilder classpath = new StringBuilder(demoJar.toString()).append(':').append(Files.readString(classpathFile).strip());
            try (Stream<Path> jars = Files.list(demoTarget.resolve("knn-lib"))) {
                jars.sorted().forEach(jar -> classpath.append(':').append(jar));
            }
            int port = freePort();
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, "-Xms768m", "-Xmx768m", "-XX:+ExitOnOutOfMemoryError",
                // as scripts/demo.sh: JNA unloadable so nothing refuses to run as root; ONNX Runtime unpacks into the home
                "-Djna.nosys=true", "-Djna.noclasspath=true", "-Djna.boot.library.path=/nonexistent",
                "-Djava.io.tmpdir=" + home.resolve("tmp"), "-Dfile.encoding=UTF-8",
                "-Djava.util.logging.manager=org.apache.logging.log4j.jul.LogManager",
                "--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
                "-Drecsys.demo.dir=" + project.resolve("demo"), "-cp", classpath.toString(), "io.recsys.opensearch.demo.DemoMain"));
            if (Runtime.version().feature() >= 24) {
                command.add(command.size() - 4, "--sun-misc-unsafe-memory-access=allow");
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("RECSYS_DEMO_HOME", home.toString());
            builder.environment().put("RECSYS_DEMO_HTTP_PORT", Integer.toString(port));
            // the demo loads its own catalog at start: the small slice keeps that short
            builder.environment().put("RECSYS_DEMO_DATA", TestData.slice().toString());
            Process process = builder.start();
            Path log = Path.of("target", "test-node.log").toAbsolutePath();
            Thread pump = new Thread(() -> copy(process, log), "test-node-log");
            pump.setDaemon(true);
            pump.start();
            String url = "http://127.0.0.1:" + port;
            TestNode node = new TestNode(url, process);
            node.awaitReady(Duration.ofSeconds(240), log);
            node.giveSourcesTime();
            return node;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test node: " + e, e);
        }
    }

    /** Ready when the demo's recommender exists: node up, plugin loaded, the demo's own load done (it uses the CPU). */
    private void awaitReady(Duration timeout, Path log) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process.isAlive() == false) {
                throw new IllegalStateException("the test node exited with " + process.exitValue() + "; its output is in " + log);
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "/_plugins/_recsys/recommenders/storefront")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        stop();
        throw new IllegalStateException("the test node was not ready within " + timeout.toSeconds() + " s; its output is in " + log);
    }

    /**
     * The tests check what the tools and the {@code recommend} query answer, not how fast: a source time budget far above
     * what a busy 2-core machine needs (the default, 500 ms, can cut a source off there). Persistent, so the tools that
     * raise the budget for a run and clear it afterwards (a transient setting) leave this one in place.
     */
    private void giveSourcesTime() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/_cluster/settings"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"persistent\": {\"recsys.recommend.source_timeout\": \"30s\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the test node refused the source time budget: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot set the test node's source time budget: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the demo's shutdown hook closes the node
            try {
                if (process.waitFor(30, TimeUnit.SECONDS) == false) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void copy(Process process, Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
            }
        } catch (IOException e) {
            // the node is gone
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
