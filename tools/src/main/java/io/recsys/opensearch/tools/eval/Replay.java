package io.recsys.opensearch.tools.eval;

import io.recsys.opensearch.tools.console.Progress;
import io.recsys.opensearch.tools.data.Item;
import io.recsys.opensearch.tools.load.EventWriter;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;
import io.recsys.opensearch.tools.rest.Json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replays a split's test cases through the live cluster: for each case, its revealed events (if any) are ingested,
 * then every variant's {@code recommend} query runs and its hits are scored against the targets. Cases of one user run
 * in order on one thread (revealed events change that user's profile); users run in parallel.
 *
 * <p>While it runs, the plugin's per-source time budget ({@code recsys.recommend.source_timeout}, 500 ms by default) is
 * raised: offline, a source cut off because a 2-core machine is busy would measure the machine, not the
 * recommendations. Time-outs that still happen are counted and reported.
 */
public final class Replay {

    /** What came out: metrics per variant and K, and the run's numbers. */
    public record Result(Map<Variant, Map<Integer, Map<Metric, Double>>> metrics, long cases, long queries, long sourceTimeouts, double seconds) {}

    /**
     * @param catalog     the catalog, for categories and the coverage denominator
     * @param ks          the cut-offs, ascending
     * @param targets     NEW: the query excludes purchased items
     * @param threads     queries in flight
     * @param timeout     the source time budget during the replay, e.g. "5s"
     */
    public record Settings(Map<String, Item> catalog, int[] ks, Targets targets, int threads, String timeout) {}

    private final ClusterClient client;
    private final RecommendClient recommend;
    private final EventWriter reveal;
    private final Settings settings;
    private final PrintStream out;

    public Replay(ClusterClient client, RecommendClient recommend, EventWriter reveal, Settings settings, PrintStream out) {
        this.client = client;
        this.recommend = recommend;
        this.reveal = reveal;
        this.settings = settings;
        this.out = out;
    }

    public Result run(List<TestCase> cases, List<Variant> variants) {
        Map<Variant, MetricsAccumulator> accumulators = new LinkedHashMap<>();
        variants.forEach(v -> accumulators.put(v, new MetricsAccumulator(settings.ks(), settings.catalog().size())));
        int size = settings.ks()[settings.ks().length - 1];
        setSourceTimeout(settings.timeout());
        long start = System.nanoTime();
        long[] before;
        try {
            warmUp(cases, size);
            before = recommend.queriesAndTimeouts();
            Map<String, List<TestCase>> byUser = new LinkedHashMap<>();
            cases.forEach(c -> byUser.computeIfAbsent(c.user(), u -> new ArrayList<>()).add(c));
            ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
            try (Progress progress = Progress.start("replay", cases.size(), out)) {
                List<Future<?>> futures = new ArrayList<>();
                for (List<TestCase> userCases : byUser.values()) {
                    futures.add(pool.submit(() -> {
                        for (TestCase testCase : userCases) {
                            runCase(testCase, variants, accumulators, size);
                            progress.accept(1);
                        }
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new ClusterException("the replay failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("the replay was interrupted", e);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            setSourceTimeout(null);
        }
        long[] after = recommend.queriesAndTimeouts();
        Map<Variant, Map<Integer, Map<Metric, Double>>> metrics = new LinkedHashMap<>();
        accumulators.forEach((v, a) -> metrics.put(v, a.result()));
        return new Result(metrics, cases.size(), after[0] - before[0], after[1] - before[1], (System.nanoTime() - start) / 1e9);
    }

    private void runCase(TestCase testCase, List<Variant> variants, Map<Variant, MetricsAccumulator> accumulators, int size) {
        if (testCase.reveal().isEmpty() == false) {
            EventWriter.Result written = reveal.write(testCase.reveal(), n -> {});
            if (written.refused() > 0) {
                throw new ClusterException("the cluster refused revealed events of user " + testCase.user() + ": " + written.firstErrors());
            }
            // no refresh needed: the query reads the profile with a real-time get
        }
        boolean exclude = settings.targets() == Targets.NEW;
        for (Variant variant : variants) {
            List<String> ranked = recommend.recommend(variant, testCase.identity(), size, exclude, testCase.platform(), testCase.time());
            accumulators.get(variant).add(ranked, testCase.targets(), testCase.knownCategories(), item -> {
                Item known = settings.catalog().get(item);
                return known == null ? null : known.category();
            });
        }
    }

    /** A few queries first, uncounted: the first ones pay for class loading and cold caches on the node. */
    private void warmUp(List<TestCase> cases, int size) {
        for (int i = 0; i < Math.min(10, cases.size()); i++) {
            recommend.recommend(Variant.FULL, Map.of("id", cases.get(i).user()), size, true, null);
        }
    }

    private void setSourceTimeout(String timeout) {
        Map<String, Object> transientSettings = new LinkedHashMap<>();
        transientSettings.put("recsys.recommend.source_timeout", timeout);
        client.expectOk("PUT", "/_cluster/settings", Json.write(Map.of("transient", transientSettings)));
    }
}
