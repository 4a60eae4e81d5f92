package io.recsys.opensearch.bench.scaling;

import io.recsys.opensearch.bench.BenchMain;
import io.recsys.opensearch.bench.Latencies;
import io.recsys.opensearch.bench.Rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The scaling benchmark's Markdown report: one summary row per configuration, then each run node by node. */
final class ScalingReport {

    /**
     * One measured ingest.
     */
    record Run(ScalingOptions.Config config, int pass, long events, double seconds, Latencies latencies, long refused, String firstRefusal,
        ClusterSnapshot before, ClusterSnapshot after, double loadBefore, double loadAfter) {

        double eventsPerSecond() {
            return events / seconds;
        }

        TreeSet<String> nodes() {
            return new TreeSet<>(after.nodeCpuMillis().keySet());
        }

        double cpuSeconds(String node) {
            return (after.nodeCpuMillis().get(node) - before.nodeCpuMillis().getOrDefault(node, 0L)) / 1e3;
        }

        double clusterCpuSeconds() {
            return nodes().stream().mapToDouble(this::cpuSeconds).sum();
        }

        /** Node CPU per event, all nodes together, in milliseconds. */
        double cpuMillisPerEvent() {
            return clusterCpuSeconds() * 1e3 / events;
        }

        /** Events per second of node CPU: what one fully used core would ingest. */
        double eventsPerCoreSecond() {
            return events / clusterCpuSeconds();
        }

        /**
         * Indexing operations applied on the node to copies of the indices whose name contains {@code kind} ("-profiles",
         * "-events": an events alias may stand for several partitions), primaries and replicas; "" for all.
         */
        long operations(String node, String kind) {
            long sum = 0;
            for (Map.Entry<ClusterSnapshot.ShardCopy, Long> copy : after.copies().entrySet()) {
                if (copy.getKey().node().equals(node) && copy.getKey().index().contains(kind)) {
                    sum += copy.getValue() - before.copies().getOrDefault(copy.getKey(), 0L);
                }
            }
            return sum;
        }

        long operations(String node) {
            return operations(node, "");
        }

        long totalOperations() {
            return nodes().stream().mapToLong(this::operations).sum();
        }

        /** Operations on the primaries of the index: profile writes (conditional writes, retries included) or stored events. */
        long primaryOperations(String kind) {
            long sum = 0;
            for (Map.Entry<ClusterSnapshot.ShardCopy, Long> copy : after.copies().entrySet()) {
                if (copy.getKey().primary() && copy.getKey().index().contains(kind)) {
                    sum += copy.getValue() - before.copies().getOrDefault(copy.getKey(), 0L);
                }
            }
            return sum;
        }

        /** The largest node's share of all indexing operations. */
        double maxWriteShare() {
            long total = totalOperations();
            return nodes().stream().mapToLong(this::operations).max().orElse(0) / (double) Math.max(1, total);
        }

        /** Copies on the node, e.g. "profiles P0 R2, events P1". */
        String placement(String node) {
            List<String> parts = new ArrayList<>();
            for (String kind : List.of("profiles", "events")) {
                String copies = after.copies().keySet().stream().filter(c -> c.node().equals(node) && c.index().contains("-" + kind))
                    .sorted((a, b) -> a.primary() != b.primary() ? (a.primary() ? -1 : 1) : Integer.compare(a.shard(), b.shard()))
                    .map(c -> (c.primary() ? "P" : "R") + c.shard()).collect(Collectors.joining(" "));
                if (copies.isEmpty() == false) {
                    parts.add(kind + " " + copies);
                }
            }
            return parts.isEmpty() ? "—" : String.join(", ", parts);
        }

        long writeRejections() {
            return nodes().stream().mapToLong(n -> after.writeRejected().get(n) - before.writeRejected().getOrDefault(n, 0L)).sum();
        }

        /** Cores this machine kept busy on average in the window (all programs), or NaN. */
        double machineCores() {
            if (before.machineBusyTicks() < 0 || after.machineBusyTicks() < 0) {
                return Double.NaN;
            }
            return (after.machineBusyTicks() - before.machineBusyTicks()) / ClusterSnapshot.TICKS_PER_SECOND / seconds;
        }

        double clientCores() {
            return (after.clientCpuNanos() - before.clientCpuNanos()) / 1e9 / seconds;
        }

        /**
         * Where the CPU of an event goes, readable only from a run with one primary of each index, no replica, the two
         * primaries on two nodes and a third node holding no copy: that node only coordinates its share of the requests
         * (parsing, identity and catalog reads, applying the events to the profiles, sending the writes), and the others
         * spend the same on coordinating plus the writes of their primary. Returns {coordination ms per event, ms per
         * profile write on its primary, ms per event document on its primary}, or null for another layout.
         */
        double[] costSplit() {
            if (config.shards() != 1 || config.replicas() != 0) {
                return null;
            }
            String empty = null;
            String profiles = null;
            String events = null;
            for (String node : nodes()) {
                String placement = placement(node);
                if (placement.equals("—")) {
                    empty = node;
                } else if (placement.equals("profiles P0")) {
                    profiles = node;
                } else if (placement.equals("events P0")) {
                    events = node;
                }
            }
            if (empty == null || profiles == null || events == null) {
                return null;
            }
            double coordination = cpuSeconds(empty);
            return new double[] { coordination * 1e3 * nodes().size() / this.events, (cpuSeconds(profiles) - coordination) * 1e3 / Math.max(1, primaryOperations("-profiles")),
                (cpuSeconds(events) - coordination) * 1e3 / Math.max(1, primaryOperations("-events")) };
        }

        String summaryLine() {
            return String.format(Locale.ROOT, "%,.0f events/s, node CPU %.3f ms/event (%.2f cores busy), writes per node %s, max share %.0f%%, machine %.2f cores busy",
                eventsPerSecond(), cpuMillisPerEvent(), clusterCpuSeconds() / seconds,
                nodes().stream().map(n -> String.format(Locale.ROOT, "%s %,d", n, operations(n))).collect(Collectors.joining(" / ")), 100 * maxWriteShare(),
                machineCores());
        }
    }

    private final ScalingOptions options;
    private final String command;
    private final String started;
    private final List<Run> runs = new ArrayList<>();
    /** Per index of the last configuration: {live documents, deleted documents, bytes} of its primaries, at rest. */
    private Map<String, long[]> sizes = Map.of();
    private ScalingOptions.Config sizesConfig;
    private final StringBuilder head = new StringBuilder();
    private double seconds;

    ScalingReport(ScalingOptions options, String command, String started) {
        this.options = options;
        this.command = command;
        this.started = started;
    }

    /** The machine and the cluster, read once at the start. */
    @SuppressWarnings("unchecked")
    void machine(Rest rest) {
        Map<String, Object> info = (Map<String, Object>) rest.call("GET", "/_nodes/jvm,os", null).get("nodes");
        Map<String, Object> first = (Map<String, Object>) info.values().iterator().next();
        Map<String, Object> jvm = (Map<String, Object>) first.get("jvm");
        long heap = ((Number) ((Map<String, Object>) jvm.get("mem")).get("heap_max_in_bytes")).longValue();
        Map<String, Object> os = (Map<String, Object>) first.get("os");
        head.append(String.format(Locale.ROOT, "Machine: %d cores (%s, %s), %d GiB RAM; load average %.2f at the start.  %n",
            Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), os.get("pretty_name"), BenchMain.totalMemoryGib(), loadAverage()));
        head.append(String.format(Locale.ROOT, "Cluster: %d OpenSearch %s processes on this machine (JVM %s, heap %d MiB each, `processors` %s), k-NN and"
            + " opensearch-recsys installed by `bin/opensearch-plugin`; the client is this JVM on the same cores.  %n", info.size(), first.get("version"),
            jvm.get("version"), heap >> 20, os.get("allocated_processors")));
        head.append("Scale: ").append(options.describe()).append(".\n");
    }

    void sizes(ScalingOptions.Config config, Map<String, long[]> sizes) {
        this.sizesConfig = config;
        this.sizes = sizes;
    }

    void add(Run run) {
        runs.add(run);
    }

    long refused() {
        return runs.stream().mapToLong(Run::refused).sum();
    }

    void finish(double seconds) {
        this.seconds = seconds;
    }

    String text() {
        StringBuilder md = new StringBuilder();
        md.append("## scaling — ").append(started).append("\n\n");
        md.append("Command: `scripts/bench.sh ").append(command).append("`  \n");
        md.append(head).append('\n');
        md.append("Every node and the client share the machine's cores, and other programs ran beside them (the *machine* column: cores busy in all"
            + " of the machine during the window, the nodes' and the client's included): the events/s are what this machine gave at that moment;"
            + " the CPU per event and the spread of the writes over the nodes are the numbers that carry over.\n\n");

        md.append("### Summary (mean of the passes)\n\n");
        md.append("| profiles & events shards | replicas | events/s (each pass) | node CPU ms/event | events/s per node core | nodes' cores busy | machine cores busy |"
            + " profile writes/event | writes per node (share) | request p50 / p99 ms |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        Map<ScalingOptions.Config, List<Run>> byConfig = new LinkedHashMap<>();
        for (Run run : runs) {
            byConfig.computeIfAbsent(run.config(), c -> new ArrayList<>()).add(run);
        }
        List<ScalingOptions.Config> configs = new ArrayList<>(byConfig.keySet());
        configs.sort((a, b) -> a.replicas() != b.replicas() ? Integer.compare(a.replicas(), b.replicas()) : Integer.compare(a.shards(), b.shards()));
        for (ScalingOptions.Config config : configs) {
            List<Run> group = byConfig.get(config);
            Latencies latencies = new Latencies();
            group.forEach(r -> latencies.addAll(r.latencies()));
            TreeSet<String> nodes = group.get(0).nodes();
            String shares = nodes.stream().map(n -> {
                double share = group.stream().mapToDouble(r -> r.operations(n) / (double) Math.max(1, r.totalOperations())).average().orElse(0);
                return String.format(Locale.ROOT, "%.0f%%", 100 * share);
            }).collect(Collectors.joining(" / "));
            md.append(String.format(Locale.ROOT, "| %d | %d | %,.0f (%s) | %.3f | %,.0f | %.2f | %.2f | %.2f | %s | %.0f / %.0f |%n", config.shards(),
                config.replicas(), mean(group, Run::eventsPerSecond),
                group.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.eventsPerSecond())).collect(Collectors.joining(", ")),
                mean(group, Run::cpuMillisPerEvent), mean(group, Run::eventsPerCoreSecond), mean(group, r -> r.clusterCpuSeconds() / r.seconds()),
                mean(group, Run::machineCores), mean(group, r -> r.primaryOperations("-profiles") / (double) r.events()), shares,
                latencies.percentileMillis(50), latencies.percentileMillis(99)));
        }
        md.append("\n*node CPU*: the node processes' CPU time (`_nodes/stats/process`, GC and JIT included) over the window, all nodes, per event."
            + " *events/s per node core*: events ÷ node CPU seconds, the rate one fully used core would give. *profile writes/event*: operations on the"
            + " profiles' primaries per event (a batch writes each of its users once; a conditional write lost to another node's is written again)."
            + " *writes per node*: indexing operations each node applied to copies of the profiles and events indices (`_stats/indexing?level=shards`,"
            + " replicas' operations included), as a share of all.\n");

        List<String> splits = new ArrayList<>();
        for (Run run : runs) {
            double[] split = run.costSplit();
            if (split != null) {
                splits.add(String.format(Locale.ROOT, "| %s, pass %d | %.3f | %.3f | %.3f | %.3f |", run.config().label(), run.pass(), split[0], split[1], split[2],
                    run.cpuMillisPerEvent()));
            }
        }
        if (splits.isEmpty() == false) {
            md.append("\n### Where an event's CPU goes (runs with 1 primary each and a node holding no copy)\n\n");
            md.append("The node without a copy only coordinates its third of the requests; the other two coordinate as much plus the writes of their"
                + " primary. Coordination: parsing, identity and catalog reads, applying the events to the profiles, sending the writes.\n\n");
            md.append("| run | coordination ms/event (all nodes) | ms per profile write (primary) | ms per stored event (primary) | node CPU ms/event |\n");
            md.append("|---|---|---|---|---|\n");
            splits.forEach(line -> md.append(line).append('\n'));
        }

        if (sizes.isEmpty() == false) {
            md.append("\n### On disk (the last configuration, ").append(sizesConfig.label()).append(", after a force merge)\n\n");
            md.append("| index | documents | deleted documents left | primaries' bytes | bytes per document |\n|---|---|---|---|---|\n");
            for (Map.Entry<String, long[]> size : sizes.entrySet()) {
                long[] s = size.getValue();
                md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,.0f |%n", size.getKey(), s[0], s[1], s[2], s[2] / (double) Math.max(1, s[0] + s[1])));
            }
        }

        md.append("\n### Each run, node by node\n");
        for (Run run : runs) {
            md.append(String.format(Locale.ROOT, "%n**%s, pass %d**: %,d events in %.1f s, %,.0f events/s; node CPU %.1f s (%.3f ms/event); client %.2f cores;"
                + " machine %.2f cores busy; load average %.2f → %.2f; write-pool rejections %d; refused events %d%s.  %n", run.config().label(), run.pass(),
                run.events(), run.seconds(), run.eventsPerSecond(), run.clusterCpuSeconds(), run.cpuMillisPerEvent(), run.clientCores(), run.machineCores(),
                run.loadBefore(), run.loadAfter(), run.writeRejections(), run.refused(), run.firstRefusal() == null ? "" : " (first: " + run.firstRefusal() + ")"));
            md.append('\n');
            md.append("| node | shard copies (P primary, R replica) | CPU s | CPU ms/event | profile ops | event ops | share of writes |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (String node : run.nodes()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.3f | %,d | %,d | %.0f%% |%n", node, run.placement(node), run.cpuSeconds(node),
                    run.cpuSeconds(node) * 1e3 / run.events(), run.operations(node, "-profiles"), run.operations(node, "-events"),
                    100.0 * run.operations(node) / Math.max(1, run.totalOperations())));
            }
        }
        md.append(String.format(Locale.ROOT, "%nWhole run: %.0f s; load average at the end %.2f.%n", seconds, loadAverage()));
        return md.toString();
    }

    private static double mean(List<Run> runs, java.util.function.ToDoubleFunction<Run> metric) {
        return runs.stream().mapToDouble(metric).average().orElse(Double.NaN);
    }

    /** The 1-minute load average, or NaN where /proc is missing. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
