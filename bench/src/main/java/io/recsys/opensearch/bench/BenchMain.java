package io.recsys.opensearch.bench;

import org.opensearch.node.Node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code BenchMain cooccurrence [--smoke] [--docs N] ...}: starts a fresh embedded node, runs the benchmark, writes the
 * Markdown report, stops the node. See scripts/bench.sh.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        if (arguments.isEmpty() == false && arguments.get(0).equals("suite")) {
            io.recsys.opensearch.bench.suite.SuiteBench.main(arguments);
            return;
        }
        if (arguments.isEmpty() == false && arguments.get(0).equals("scaling")) {
            io.recsys.opensearch.bench.scaling.ScalingBench.main(arguments);
            return;
        }
        if (arguments.isEmpty() || arguments.get(0).equals("cooccurrence") == false) {
            System.err.println("usage: bench.sh cooccurrence [--smoke] [--docs N] [--items N] [--queries N] [--warmup N] [--shards N]"
                + " [--indicator-items N] [--parallelism N] [--seed N]");
            System.err.println("       bench.sh suite [--smoke] [--scale 1m|250k|50k] ... (see bench/README.md)");
            System.err.println("       bench.sh scaling [--smoke] [--shards 1,3] [--replicas 0,1] ... (see bench/README.md)");
            System.exit(2);
        }
        BenchOptions options = BenchOptions.parse(arguments);
        deleteRecursively(options.home());
        Files.createDirectories(options.home().resolve("config"));
        int port = freePort();
        Report report = new Report();
        report.line("## cooccurrence — " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        report.line("");
        report.line("Command: `scripts/bench.sh " + String.join(" ", args) + "`  ");
        report.line(
            String.format(
                Locale.ROOT,
                "Machine: %d cores (%s), %d GiB RAM total; JVM %s, heap %d MiB; one embedded node (OpenSearch %s, k-NN, opensearch-recsys).",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"),
                totalMemoryGib(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                org.opensearch.Version.CURRENT
            )
        );
        long start = System.nanoTime();
        Node node = BenchNode.create(options.home().toAbsolutePath(), port);
        try {
            node.start();
            Rest rest = new Rest(port);
            while (rest.up() == false) {
                Thread.sleep(200);
            }
            System.out.printf(Locale.ROOT, "node up on 127.0.0.1:%d in %.1f s%n", port, (System.nanoTime() - start) / 1e9);
            new CooccurrenceBench(options, rest, node.client(), report).run();
        } finally {
            node.close();
        }
        report.line("");
        report.line(String.format(Locale.ROOT, "Whole run: %.0f s.", (System.nanoTime() - start) / 1e9));
        report.write(options.report());
        System.out.println();
        System.out.println(report.text());
        System.out.println("report written to " + options.report());
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static long totalMemoryGib() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        return -1;
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir) == false) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
