package io.recsys.opensearch.demo;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The whole demo, {@link DemoMain}, in a JVM of its own as scripts/demo.sh starts it (same flags, the classpath the
 * build wrote to target/classpath.txt), on a slice of the shipped data so it is ready in about a minute: a real node
 * with k-NN and the real plugin, the catalog, the replay, the indicators, and the storefront page.
 */
final class StorefrontDemoProcess implements AutoCloseable {

    private static final Pattern PAGE_LINE = Pattern.compile("storefront page at (http://\\S+/)");

    private final Process process;
    private final Path log;
    private final String pageUrl;
    private final String nodeUrl;

    private StorefrontDemoProcess(Process process, Path log, String pageUrl, String nodeUrl) {
        this.process = process;
        this.log = log;
        this.pageUrl = pageUrl;
        this.nodeUrl = nodeUrl;
    }

    /**
     * Starts the demo on free ports with one customer in {@code everyNth} of the shipped data, and waits until it
     * prints the page's URL (after the load and the report).
     */
    static StorefrontDemoProcess start(Path demoDir, Path workDir, int everyNth, long timeoutSeconds) throws Exception {
        Path target = demoDir.resolve("target");
        Path classpathFile = target.resolve("classpath.txt");
        String classpath = Files.readString(classpathFile).strip();
        if (classpath.contains("opensearch-recsys-0.1.0.jar") == false) {
            throw new IllegalStateException("the plugin jar is not on " + classpathFile + ": build the root project first "
                + "(mvn install -Dmaven.test.skip=true at the repository root), then this module again");
        }
        List<String> entries = new ArrayList<>();
        entries.add(target.resolve("classes").toString());
        entries.add(classpath);
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target.resolve("knn-lib"), "*.jar")) {
            jars.forEach(jar -> entries.add(jar.toString()));
        }

        Path home = workDir.resolve("opensearch");
        Files.createDirectories(home.resolve("tmp"));
        Path data = slice(demoDir.resolve("data/online_retail.csv.gz"), workDir.resolve("slice.csv.gz"), everyNth);
        int httpPort = freePort();
        int pagePort = freePort();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xms1g", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError",
            // as scripts/demo.sh: JNA unloadable (nothing refuses root), ONNX Runtime's native library in the home
            "-Djna.nosys=true", "-Djna.noclasspath=true", "-Djna.boot.library.path=/nonexistent",
            "-Djava.io.tmpdir=" + home.resolve("tmp"), "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true",
            "--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
            "-Drecsys.demo.dir=" + demoDir));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", String.join(":", entries), DemoMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("RECSYS_DEMO_HOME", home.toString());
        builder.environment().put("RECSYS_DEMO_DATA", data.toString());
        builder.environment().put("RECSYS_DEMO_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("RECSYS_DEMO_PAGE_PORT", Integer.toString(pagePort));
        builder.environment().put("RECSYS_DEMO_RELOAD", "1");
        Process process = builder.start();

        // the console goes to a file (read it when the test fails); the page's line says everything is ready
        Path log = workDir.resolve("demo.log");
        CompletableFuture<String> pageUrl = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, pageUrl), "demo-console");
        pump.setDaemon(true);
        pump.start();
        try {
            String url = pageUrl.get(timeoutSeconds, TimeUnit.SECONDS);
            return new StorefrontDemoProcess(process, log, url, "http://127.0.0.1:" + httpPort);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the demo did not print the page's URL within " + timeoutSeconds + " s; its console: " + log, e);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    String pageUrl() {
        return pageUrl;
    }

    String nodeUrl() {
        return nodeUrl;
    }

    Path log() {
        return log;
    }

    /** Ctrl-C, as a user stops it: the shutdown hook closes the node. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (process.waitFor(40, TimeUnit.SECONDS) == false) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void pump(Process process, Path log, CompletableFuture<String> pageUrl) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter out = Files.newBufferedWriter(log)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.newLine();
                out.flush();
                Matcher matcher = PAGE_LINE.matcher(line);
                if (matcher.find()) {
                    pageUrl.complete(matcher.group(1));
                }
            }
            pageUrl.completeExceptionally(new IllegalStateException("the demo exited with status " + process.waitFor()
                + " before serving the page; its console: " + log));
        } catch (IOException | InterruptedException e) {
            pageUrl.completeExceptionally(e);
        }
    }

    /**
     * The rows of one customer in {@code everyNth} (by customer id), header kept: every invoice of a kept customer
     * stays whole, so baskets, histories and co-purchases are real ones, only fewer.
     */
    static Path slice(Path full, Path slice, int everyNth) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(full)), StandardCharsets.UTF_8));
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(slice)), StandardCharsets.UTF_8))) {
            out.write(in.readLine());
            out.newLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                // CustomerID is the column before Country, the last one; neither holds a comma (titles may, quoted)
                int country = line.lastIndexOf(',');
                String customer = country < 0 ? "" : line.substring(line.lastIndexOf(',', country - 1) + 1, country);
                if (customer.matches("\\d+") && Long.parseLong(customer) % everyNth == 0) {
                    out.write(line);
                    out.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot slice " + full, e);
        }
        return slice;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
