package io.recsys.opensearch.bench.suite;

import io.recsys.opensearch.bench.Latencies;
import io.recsys.opensearch.bench.Rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams the generated events through the events API ({@code senders} concurrent NDJSON requests of {@code batch}
 * events each; every event updates its user's profile before the request is acknowledged) and, while that runs, probes
 * the acknowledgement-to-visibility time: a new user views three items of a cluster from the less popular half; from
 * the acknowledgement on, {@code recommend} queries are sent back to back until at least half of its top 10 come from
 * that cluster.
 */
final class IngestRun {

    /**
     * @param events      events sent
     * @param seconds     wall time of the stream
     * @param batches     latency of each events request
     * @param refused     events answered with an error status
     * @param firstRefusal the first refusal, or null
     * @param usage       the node's CPU, allocation and heap over the stream
     * @param visibility  acknowledgement-to-visibility times of the probes
     * @param invisible   probes not visible within {@link #PROBE_TIMEOUT_NANOS}
     */
    record Result(long events, double seconds, Latencies batches, long refused, String firstRefusal, NodeMeter.Usage usage, Latencies visibility,
                  int invisible) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    static final long PROBE_TIMEOUT_NANOS = 10_000_000_000L;
    static final String EVENTS_PATH = "/_plugins/_recsys/recommenders/" + QueryBodies.RECOMMENDER + "/events";

    private final Rest rest;
    private final SyntheticCatalog catalog;
    private final SyntheticEvents stream;
    private final SuiteOptions options;

    IngestRun(Rest rest, SyntheticCatalog catalog, SyntheticEvents stream, SuiteOptions options) {
        this.rest = rest;
        this.catalog = catalog;
        this.stream = stream;
        this.options = options;
    }

    Result run() throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicReference<String> firstRefusal = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Latencies> perSender = new ArrayList<>();
        Latencies visibility = new Latencies();
        int[] invisible = new int[1];
        NodeMeter meter = new NodeMeter();
        long start = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < options.ingestSenders(); s++) {
            Latencies latencies = new Latencies();
            perSender.add(latencies);
            Thread sender = new Thread(() -> {
                try {
                    for (String body; failure.get() == null && (body = nextBatch(sent)) != null;) {
                        long t0 = System.nanoTime();
                        Map<String, Object> reply = rest.ndjson(EVENTS_PATH, body);
                        latencies.add(System.nanoTime() - t0);
                        if (Boolean.TRUE.equals(reply.get("errors"))) {
                            countRefusals(reply, refused, firstRefusal);
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-ingest-" + s);
            senders.add(sender);
            sender.start();
        }
        Thread progress = Thread.ofPlatform().daemon().name("bench-ingest-progress").start(() -> {
            try {
                while (true) {
                    Thread.sleep(15_000);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "  ingest: %,d events in %.0f s (%,.0f events/s)%n", sent.get(), seconds, sent.get() / seconds);
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        Thread prober = new Thread(() -> probe(senders, visibility, invisible), "bench-ingest-probe");
        prober.start();
        for (Thread sender : senders) {
            sender.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        NodeMeter.Usage usage = meter.stop();
        prober.join();
        progress.interrupt();
        if (failure.get() != null) {
            throw failure.get();
        }
        Latencies batches = new Latencies();
        for (Latencies latencies : perSender) {
            batches.addAll(latencies);
        }
        return new Result(sent.get(), seconds, batches, refused.get(), firstRefusal.get(), usage, visibility, invisible[0]);
    }

    /** The next request body, or null when the stream has been sent. */
    private String nextBatch(AtomicLong sent) {
        synchronized (stream) {
            long remaining = options.events() - sent.get();
            if (remaining <= 0) {
                return null;
            }
            int n = (int) Math.min(options.ingestBatch(), remaining);
            StringBuilder body = new StringBuilder(n * 160);
            for (int i = 0; i < n; i++) {
                body.append(stream.next()).append('\n');
            }
            sent.addAndGet(n);
            return body.toString();
        }
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

    /** One probe a second while the senders run (at least one, after they finish if the stream was that short). */
    private void probe(List<Thread> senders, Latencies visibility, int[] invisible) {
        Random random = new Random(options.seed() + 7);
        for (int probe = 0; probe < options.probes(); probe++) {
            if (probe > 0 && senders.stream().noneMatch(Thread::isAlive)) {
                return;
            }
            int cluster = stream.tailCluster(random);
            String user = "probe-" + probe;
            StringBuilder events = new StringBuilder();
            for (int rank = 0; rank < 3; rank++) {
                events.append("{\"user_id\":\"").append(user).append("\",\"item\":\"").append(SyntheticCatalog.id(catalog.item(cluster, rank)))
                    .append("\",\"type\":\"view\",\"platform\":\"web\"}\n");
            }
            rest.ndjson(EVENTS_PATH, events.toString());
            long acknowledged = System.nanoTime();
            boolean seen = false;
            while (seen == false && System.nanoTime() - acknowledged < PROBE_TIMEOUT_NANOS) {
                seen = fromCluster(user, cluster) >= 5;
            }
            if (seen) {
                visibility.add(System.nanoTime() - acknowledged);
            } else {
                invisible[0]++;
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** How many of the user's top 10 recommendations come from the cluster. */
    @SuppressWarnings("unchecked")
    private int fromCluster(String user, int cluster) {
        String body = "{\"size\":10," + QueryBodies.SOURCE + ",\"query\":{\"recommend\":{\"recommender\":\"" + QueryBodies.RECOMMENDER
            + "\",\"user\":{\"id\":\"" + user + "\"}}}}";
        Map<String, Object> response = rest.call("POST", "/" + QueryBodies.CATALOG + "/_search", body);
        int count = 0;
        for (Map<String, Object> hit : (List<Map<String, Object>>) ((Map<String, Object>) response.get("hits")).get("hits")) {
            if (((Number) ((Map<String, Object>) hit.get("_source")).get("cluster")).intValue() == cluster) {
                count++;
            }
        }
        return count;
    }
}
