package io.recsys.opensearch.bench.suite;

import io.recsys.opensearch.bench.Rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates the catalog index and bulk-loads the generated items ({@code threads} concurrent bulk requests of
 * {@link #CHUNK} items, refresh off), then refreshes, turns the 1 s refresh on and waits for merges to settle.
 */
final class CatalogLoader {

    static final int CHUNK = 1_000;

    /**
     * @param seconds   load time until the last bulk was acknowledged
     * @param settled   load time including the refresh and the merges that followed
     * @param segments  segments of the catalog once settled
     * @param sizeBytes store size once settled
     */
    record Result(double seconds, double settled, long segments, long sizeBytes) {}

    private final Rest rest;
    private final SyntheticCatalog catalog;
    private final int threads;

    CatalogLoader(Rest rest, SyntheticCatalog catalog, int threads) {
        this.rest = rest;
        this.catalog = catalog;
        this.threads = threads;
    }

    Result load() throws InterruptedException {
        rest.call("PUT", "/" + QueryBodies.CATALOG, catalog.indexBody());
        AtomicInteger nextChunk = new AtomicInteger();
        AtomicInteger loaded = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> loaders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread loader = new Thread(() -> {
                for (int chunk; failure.get() == null && (chunk = nextChunk.getAndIncrement()) * CHUNK < catalog.items();) {
                    int from = chunk * CHUNK;
                    int to = Math.min(catalog.items(), from + CHUNK);
                    StringBuilder bulk = new StringBuilder((to - from) * (catalog.dimension() * 12 + 200));
                    for (int item = from; item < to; item++) {
                        bulk.append("{\"index\":{\"_id\":\"").append(SyntheticCatalog.id(item)).append("\"}}\n").append(catalog.document(item)).append('\n');
                    }
                    try {
                        Map<String, Object> reply = rest.ndjson("/" + QueryBodies.CATALOG + "/_bulk", bulk.toString());
                        if (Boolean.TRUE.equals(reply.get("errors"))) {
                            throw new IllegalStateException("catalog bulk failed: " + reply);
                        }
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    int done = loaded.addAndGet(to - from);
                    if (done % 100_000 < CHUNK) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        System.out.printf(Locale.ROOT, "  catalog: %,d items in %.0f s (%,.0f items/s)%n", done, seconds, done / seconds);
                    }
                }
            }, "bench-load-" + t);
            loaders.add(loader);
            loader.start();
        }
        for (Thread loader : loaders) {
            loader.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        rest.call("PUT", "/" + QueryBodies.CATALOG + "/_settings", "{\"index\": {\"refresh_interval\": \"1s\"}}");
        rest.call("POST", "/" + QueryBodies.CATALOG + "/_refresh", null);
        waitForMerges();
        double settled = (System.nanoTime() - start) / 1e9;
        Map<String, Object> primaries = primaries();
        long segments = number(primaries, "segments", "count");
        long size = number(primaries, "store", "size_in_bytes");
        System.out.printf(Locale.ROOT, "catalog: %,d items loaded in %.0f s, settled in %.0f s, %d segments%n", catalog.items(), seconds, settled, segments);
        return new Result(seconds, settled, segments, size);
    }

    private void waitForMerges() throws InterruptedException {
        while (number(primaries(), "merges", "current") > 0) {
            Thread.sleep(1_000);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> primaries() {
        Map<String, Object> stats = rest.call("GET", "/" + QueryBodies.CATALOG + "/_stats/segments,merge,store", null);
        return (Map<String, Object>) ((Map<String, Object>) stats.get("_all")).get("primaries");
    }

    @SuppressWarnings("unchecked")
    static long number(Map<String, Object> map, String group, String field) {
        return ((Number) ((Map<String, Object>) map.get(group)).get(field)).longValue();
    }
}
