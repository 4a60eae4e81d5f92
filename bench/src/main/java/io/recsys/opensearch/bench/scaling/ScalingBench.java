package io.recsys.opensearch.bench.scaling;

import io.recsys.opensearch.bench.Latencies;
import io.recsys.opensearch.bench.Rest;
import io.recsys.opensearch.bench.suite.SyntheticCatalog;
import io.recsys.opensearch.bench.suite.SyntheticEvents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bench.sh scaling}: on a running multi-node cluster (integ-test/cluster.sh, one process per node), ingests the
 * same generated event stream through the events API into a fresh recommender whose profiles and events indices have
 * 1, then 3 primary shards (and 0, then 1 replica), and measures per configuration the events per second, each node's
 * process CPU per event and the indexing operations each node applied to those indices, with where every shard copy
 * lives. Requests are spread evenly over the nodes, as a load balancer would. Writes a Markdown report.
 */
public final class ScalingBench {

    static final String RECOMMENDER = "scale";
    static final String WARMUP_RECOMMENDER = "scale-warmup";
    static final String CATALOG = "scaling-catalog";
    static final String PROFILES = "recsys-" + RECOMMENDER + "-profiles";
    static final String EVENTS = "recsys-" + RECOMMENDER + "-events";

    private final ScalingOptions options;
    private final List<Rest> nodes = new ArrayList<>();

    private ScalingBench(ScalingOptions options) {
        this.options = options;
        for (int n = 0; n < options.nodes(); n++) {
            nodes.add(new Rest(options.httpBase() + n));
        }
    }

    public static void main(List<String> args) throws Exception {
        ScalingOptions options = ScalingOptions.parse(args);
        Files.createDirectories(options.out());
        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        long start = System.nanoTime();
        ScalingBench bench = new ScalingBench(options);
        ScalingReport report = new ScalingReport(options, String.join(" ", args), started);
        bench.run(report);
        report.finish((System.nanoTime() - start) / 1e9);
        Path markdown = options.out().resolve("scaling-report.md");
        Files.writeString(markdown, report.text());
        System.out.println();
        System.out.println(report.text());
        System.out.println("report written to " + markdown);
        if (report.refused() > 0) {
            System.err.println(report.refused() + " events were refused; see the report");
            System.exit(1);
        }
    }

    private void run(ScalingReport report) throws Exception {
        Rest rest = nodes.get(0);
        if (rest.up() == false) {
            throw new IllegalStateException("no node answers on 127.0.0.1:" + options.httpBase() + ": start the cluster first (scripts/bench.sh scaling does)");
        }
        rest.call("GET", "/_cluster/health?wait_for_nodes=" + options.nodes() + "&wait_for_status=green&timeout=120s", null);
        report.machine(rest);
        System.out.println("scaling: " + options.describe());

        SyntheticCatalog catalog = new SyntheticCatalog(options.items(), options.dimension(), options.seed());
        System.out.printf(Locale.ROOT, "loading the catalog: %,d items (a copy on every node, so that no node serves all the events' item lookups)%n", catalog.items());
        loadCatalog(catalog);

        // every configuration gets the very same requests; generated before the clock starts, so the client's own
        // work in the measured window is sending and reading replies
        List<String> stream = batches(new SyntheticEvents(catalog, options.users(), options.seed() + 1), options.events());
        List<String> warmupStream = batches(new SyntheticEvents(catalog, options.users(), options.seed() + 2), options.warmup());

        if (options.warmup() > 0) {
            int shards = options.shards().stream().mapToInt(Integer::intValue).max().orElse(1);
            System.out.printf(Locale.ROOT, "warm-up: %,d events into a throw-away recommender (%d shards, 1 replica: every node coordinates and writes)%n",
                options.warmup(), shards);
            createRecommender(WARMUP_RECOMMENDER, new ScalingOptions.Config(shards, Math.min(1, options.nodes() - 1)));
            ingest(WARMUP_RECOMMENDER, warmupStream);
            deleteRecommender(WARMUP_RECOMMENDER);
        }

        List<ScalingOptions.Config> schedule = options.schedule();
        for (int i = 0; i < schedule.size(); i++) {
            ScalingOptions.Config config = schedule.get(i);
            System.out.printf(Locale.ROOT, "[%d/%d] %s: %,d events%n", i + 1, schedule.size(), config.label(), options.events());
            createRecommender(RECOMMENDER, config);
            // let the new shards' start-up work (recovery, first flush) finish outside the window
            Thread.sleep(2_000);
            ScalingReport.Run run = measure(config, i / Math.max(1, schedule.size() / options.repeat()) + 1, stream);
            report.add(run);
            System.out.println("  " + run.summaryLine());
        }
        report.sizes(schedule.get(schedule.size() - 1), sizesAtRest(rest, PROFILES + "," + EVENTS));
        // the last configuration's recommender stays, to be looked at (the next run, or cluster.sh start, removes it)
    }

    /**
     * What a profile and a stored event take on disk once the profiles' replaced versions are merged away (every event
     * rewrites its profile, so right after the ingest most of the profiles index is deleted versions). Merges keep
     * deleted documents that a shard's retention leases still cover, and the leases move to the global checkpoint only
     * every 30 s ({@code index.soft_deletes.retention_lease.sync_interval}), hence the wait before the force merge.
     */
    private static Map<String, long[]> sizesAtRest(Rest rest, String indices) throws InterruptedException {
        System.out.println("sizes at rest: waiting 40 s for the retention leases to pass the last writes, then a force merge");
        Thread.sleep(40_000);
        rest.call("POST", "/" + indices + "/_refresh", null);
        rest.call("POST", "/" + indices + "/_forcemerge?max_num_segments=1", null);
        rest.call("POST", "/" + indices + "/_forcemerge?only_expunge_deletes=true", null);
        rest.call("POST", "/" + indices + "/_refresh", null); // releases the merged-away segments' files
        return sizes(rest, indices);
    }

    private ScalingReport.Run measure(ScalingOptions.Config config, int pass, List<String> stream) throws InterruptedException {
        Rest rest = nodes.get(0);
        String indices = PROFILES + "," + EVENTS;
        double loadBefore = ScalingReport.loadAverage();
        ClusterSnapshot before = ClusterSnapshot.take(rest, indices);
        Ingest ingest = ingest(RECOMMENDER, stream);
        ClusterSnapshot after = ClusterSnapshot.take(rest, indices);
        double loadAfter = ScalingReport.loadAverage();
        return new ScalingReport.Run(config, pass, ingest.events, ingest.seconds, ingest.latencies, ingest.refused.get(), ingest.firstRefusal.get(), before,
            after, loadBefore, loadAfter);
    }

    /**
     * Per index: {live documents, deleted documents, bytes} of its primaries' segments. Read from {@code _segments}: the
     * store size of {@code _stats} is cached for {@code index.store.stats_refresh_interval} (10 s) and may still count
     * the segments the force merge just replaced.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, long[]> sizes(Rest rest, String indices) {
        Map<String, long[]> sizes = new java.util.TreeMap<>();
        Map<String, Object> stats = (Map<String, Object>) rest.call("GET", "/" + indices + "/_segments", null).get("indices");
        for (Map.Entry<String, Object> index : stats.entrySet()) {
            long[] size = sizes.computeIfAbsent(index.getKey(), i -> new long[3]);
            Map<String, Object> shards = (Map<String, Object>) ((Map<String, Object>) index.getValue()).get("shards");
            for (Object copies : shards.values()) {
                for (Map<String, Object> copy : (List<Map<String, Object>>) copies) {
                    if (Boolean.TRUE.equals(((Map<String, Object>) copy.get("routing")).get("primary")) == false) {
                        continue;
                    }
                    for (Object segment : ((Map<String, Object>) copy.get("segments")).values()) {
                        Map<String, Object> fields = (Map<String, Object>) segment;
                        size[0] += ((Number) fields.get("num_docs")).longValue();
                        size[1] += ((Number) fields.get("deleted_docs")).longValue();
                        size[2] += ((Number) fields.get("size_in_bytes")).longValue();
                    }
                }
            }
        }
        return sizes;
    }

    /** What one stream's ingest measured. */
    private record Ingest(long events, double seconds, Latencies latencies, AtomicLong refused, AtomicReference<String> firstRefusal) {}

    /**
     * Sends the batches, {@code senders} requests in flight, sender s to node {@code s % nodes}; prints progress every
     * 10 s. Every event updates its user's profile before its request is acknowledged.
     */
    private Ingest ingest(String recommender, List<String> batches) throws InterruptedException {
        String path = "/_plugins/_recsys/recommenders/" + recommender + "/events";
        AtomicInteger next = new AtomicInteger();
        AtomicLong sent = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicReference<String> firstRefusal = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Latencies> perSender = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        long start = System.nanoTime();
        for (int s = 0; s < options.senders(); s++) {
            Rest node = nodes.get(s % nodes.size());
            Latencies latencies = new Latencies();
            perSender.add(latencies);
            senders.add(Thread.ofPlatform().name("scaling-sender-" + s).start(() -> {
                try {
                    for (int b; failure.get() == null && (b = next.getAndIncrement()) < batches.size();) {
                        String body = batches.get(b);
                        long t0 = System.nanoTime();
                        Map<String, Object> reply = node.ndjson(path, body);
                        latencies.add(System.nanoTime() - t0);
                        sent.addAndGet(lines(body));
                        if (Boolean.TRUE.equals(reply.get("errors"))) {
                            countRefusals(reply, refused, firstRefusal);
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        Thread progress = Thread.ofPlatform().daemon().name("scaling-progress").start(() -> {
            try {
                while (true) {
                    Thread.sleep(10_000);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "  ingest: %,d events in %.0f s (%,.0f events/s)%n", sent.get(), seconds, sent.get() / seconds);
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        for (Thread sender : senders) {
            sender.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.interrupt();
        if (failure.get() != null) {
            throw failure.get();
        }
        Latencies all = new Latencies();
        perSender.forEach(all::addAll);
        return new Ingest(sent.get(), seconds, all, refused, firstRefusal);
    }

    private static int lines(String body) {
        int count = 0;
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }

    @SuppressWarnings("unchecked")
    private static void countRefusals(Map<String, Object> reply, AtomicLong refused, AtomicReference<String> firstRefusal) {
        for (Map<String, Object> item : (List<Map<String, Object>>) reply.get("items")) {
            if (((Number) item.get("status")).intValue() >= 300) {
                refused.incrementAndGet();
                firstRefusal.compareAndSet(null, String.valueOf(item));
            }
        }
    }

    private List<String> batches(SyntheticEvents events, int count) {
        List<String> batches = new ArrayList<>();
        for (int done = 0; done < count;) {
            int n = Math.min(options.batch(), count - done);
            StringBuilder body = new StringBuilder(n * 170);
            for (int i = 0; i < n; i++) {
                body.append(events.next()).append('\n');
            }
            batches.add(body.toString());
            done += n;
        }
        return batches;
    }

    /** A fresh recommender: its four indices are created by the PUT with the configuration's shards and replicas. */
    private void createRecommender(String name, ScalingOptions.Config config) {
        Rest rest = nodes.get(0);
        deleteRecommender(name);
        String shape = "{\"number_of_shards\": %d, \"number_of_replicas\": %d}".formatted(config.shards(), config.replicas());
        // the identities and the feature log are read or written little by this stream: one shard each, same replicas
        String single = "{\"number_of_shards\": 1, \"number_of_replicas\": %d}".formatted(config.replicas());
        rest.call("PUT", "/_plugins/_recsys/recommenders/" + name, """
            {"catalog": {"index": "%s", "id_field": "sku", "text_fields": ["title"]},
             "indices": {"profiles": %s, "events": %s, "identities": %s, "feature_log": %s}}""".formatted(CATALOG, shape, shape, single, single));
        rest.call("GET", "/_cluster/health/recsys-" + name + "-*?wait_for_status=green&timeout=120s", null);
    }

    private void deleteRecommender(String name) {
        try {
            nodes.get(0).call("DELETE", "/_plugins/_recsys/recommenders/" + name, null);
        } catch (IllegalStateException e) {
            if (e.getMessage().contains("404") == false) {
                throw e;
            }
        }
    }

    /** The catalog, loaded afresh: 1 shard, a replica on every node, refreshed. */
    private void loadCatalog(SyntheticCatalog catalog) {
        Rest rest = nodes.get(0);
        try {
            rest.call("DELETE", "/" + CATALOG, null);
        } catch (IllegalStateException e) {
            if (e.getMessage().contains("404") == false) {
                throw e;
            }
        }
        rest.call("PUT", "/" + CATALOG, catalog.indexBody());
        int chunk = 1_000;
        for (int from = 0; from < catalog.items(); from += chunk) {
            int to = Math.min(catalog.items(), from + chunk);
            StringBuilder bulk = new StringBuilder((to - from) * (catalog.dimension() * 12 + 200));
            for (int item = from; item < to; item++) {
                bulk.append("{\"index\":{\"_id\":\"").append(SyntheticCatalog.id(item)).append("\"}}\n").append(catalog.document(item)).append('\n');
            }
            Map<String, Object> reply = rest.ndjson("/" + CATALOG + "/_bulk", bulk.toString());
            if (Boolean.TRUE.equals(reply.get("errors"))) {
                throw new IllegalStateException("catalog bulk failed: " + reply);
            }
        }
        rest.call("PUT", "/" + CATALOG + "/_settings", "{\"index\": {\"refresh_interval\": \"1s\", \"auto_expand_replicas\": \"0-all\"}}");
        rest.call("POST", "/" + CATALOG + "/_refresh", null);
        rest.call("GET", "/_cluster/health/" + CATALOG + "?wait_for_status=green&timeout=120s", null);
    }
}
