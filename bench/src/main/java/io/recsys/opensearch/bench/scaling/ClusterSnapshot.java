package io.recsys.opensearch.bench.scaling;

import io.recsys.opensearch.bench.Rest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters a measured window is the difference of, read over HTTP from the cluster (nothing runs in this JVM but the
 * client): each node process's CPU time ({@code _nodes/stats/process}, all of the node's threads, GC and JIT included),
 * its write pool's rejections, and the indexing operations of every shard copy of the measured indices
 * ({@code _stats/indexing?level=shards}: a copy counts the operations it applied, a replica's included). Beside them,
 * this machine's busy CPU time from /proc/stat and the client's own, so the report can say how much of the machine
 * other programs took during the window.
 *
 * @param nodeCpuMillis    per node name, process CPU time
 * @param writeRejected    per node name, rejections of the write pool
 * @param copies           per shard copy, operations applied
 * @param machineBusyTicks all cores' non-idle time, in clock ticks (USER_HZ), or -1 where /proc/stat is missing
 * @param clientCpuNanos   this JVM's CPU time
 */
record ClusterSnapshot(Map<String, Long> nodeCpuMillis, Map<String, Long> writeRejected, Map<ShardCopy, Long> copies, long machineBusyTicks,
    long clientCpuNanos) {

    /** A shard copy: index, shard number, the node it lives on, primary or replica. */
    record ShardCopy(String index, int shard, String node, boolean primary) {}

    /** Linux's USER_HZ: /proc/stat counts in hundredths of a second. */
    static final double TICKS_PER_SECOND = 100;

    @SuppressWarnings("unchecked")
    static ClusterSnapshot take(Rest rest, String indices) {
        Map<String, Long> cpu = new TreeMap<>();
        Map<String, Long> rejected = new TreeMap<>();
        Map<String, String> nameById = new HashMap<>();
        Map<String, Object> nodes = (Map<String, Object>) rest.call("GET", "/_nodes/stats/process,thread_pool", null).get("nodes");
        for (Map.Entry<String, Object> entry : nodes.entrySet()) {
            Map<String, Object> node = (Map<String, Object>) entry.getValue();
            String name = (String) node.get("name");
            nameById.put(entry.getKey(), name);
            Map<String, Object> process = (Map<String, Object>) node.get("process");
            cpu.put(name, ((Number) ((Map<String, Object>) process.get("cpu")).get("total_in_millis")).longValue());
            Map<String, Object> write = (Map<String, Object>) ((Map<String, Object>) node.get("thread_pool")).get("write");
            rejected.put(name, write == null ? 0 : ((Number) write.get("rejected")).longValue());
        }
        Map<ShardCopy, Long> copies = new HashMap<>();
        Map<String, Object> stats = (Map<String, Object>) rest.call("GET", "/" + indices + "/_stats/indexing?level=shards", null).get("indices");
        for (Map.Entry<String, Object> index : stats.entrySet()) {
            Map<String, Object> shards = (Map<String, Object>) ((Map<String, Object>) index.getValue()).get("shards");
            for (Map.Entry<String, Object> shard : shards.entrySet()) {
                for (Map<String, Object> copy : (List<Map<String, Object>>) shard.getValue()) {
                    Map<String, Object> routing = (Map<String, Object>) copy.get("routing");
                    String node = nameById.getOrDefault((String) routing.get("node"), (String) routing.get("node"));
                    long operations = ((Number) ((Map<String, Object>) copy.get("indexing")).get("index_total")).longValue();
                    copies.put(new ShardCopy(index.getKey(), Integer.parseInt(shard.getKey()), node, Boolean.TRUE.equals(routing.get("primary"))), operations);
                }
            }
        }
        return new ClusterSnapshot(cpu, rejected, copies, readMachineBusyTicks(), readClientCpuNanos());
    }

    /** Non-idle time of all cores since boot (user, nice, system, irq, softirq, steal), or -1. */
    static long readMachineBusyTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long readClientCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }
}
