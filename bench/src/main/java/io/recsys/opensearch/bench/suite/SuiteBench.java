package io.recsys.opensearch.bench.suite;

import io.recsys.opensearch.bench.BenchMain;
import io.recsys.opensearch.bench.BenchNode;
import io.recsys.opensearch.bench.Report;
import io.recsys.opensearch.bench.Rest;
import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.stats.Stage;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.Node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code bench.sh suite}: one run that generates a catalog and an event stream, loads them into a fresh embedded node
 * (k-NN and opensearch-recsys), measures event ingest and, at one fixed concurrency, the plain k-NN query, the
 * client-side pipeline and {@code recommend} in its variants, then writes a Markdown report and a PNG chart.
 */
public final class SuiteBench {

    static final String MODEL_ID = "bench-mlp";

    private final SuiteOptions options;
    private final Rest rest;
    private final SuiteReport report;
    private final Profiler profiler;

    private SuiteBench(SuiteOptions options, Rest rest, SuiteReport report) {
        this.options = options;
        this.rest = rest;
        this.report = report;
        this.profiler = new Profiler(options.profile());
    }

    public static void main(List<String> args) throws Exception {
        SuiteOptions options = SuiteOptions.parse(args);
        if (options.reuse()) {
            reuse(options, args);
            return;
        }
        BenchMain.deleteRecursively(options.home());
        Files.createDirectories(options.home().resolve("config"));
        Files.createDirectories(options.out());
        SuiteReport report = new SuiteReport(options, String.join(" ", args), ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        int port = BenchMain.freePort();
        long start = System.nanoTime();
        // A larger indexing buffer than the default 10% of the heap: fewer, larger HNSW segments while the catalog loads.
        Node node = BenchNode.create(options.home().toAbsolutePath(), port, Settings.builder().put("indices.memory.index_buffer_size", "25%").build());
        List<String> failures;
        try {
            node.start();
            Rest rest = new Rest(port);
            while (rest.up() == false) {
                Thread.sleep(200);
            }
            System.out.printf(Locale.ROOT, "node up on 127.0.0.1:%d in %.1f s; %s%n", port, (System.nanoTime() - start) / 1e9, options.describe());
            failures = new SuiteBench(options, rest, report).run();
        } finally {
            node.close();
        }
        report.finish((System.nanoTime() - start) / 1e9);
        Path markdown = options.out().resolve("suite-report.md");
        report.write(markdown, options.out().resolve("suite.png"));
        System.out.println();
        System.out.println(report.text());
        System.out.println("report written to " + markdown + " and " + options.out().resolve("suite.png"));
        if (failures.isEmpty() == false) {
            System.err.println("sanity checks failed: " + failures);
            System.exit(1);
        }
    }

    /** {@code --reuse}: reopens the node a whole run left in the home and runs {@link LatencyRounds} only. */
    private static void reuse(SuiteOptions options, List<String> args) throws Exception {
        LatencyRounds.checkData(options);
        Files.createDirectories(options.out());
        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        SyntheticCatalog catalog = new SyntheticCatalog(options.items(), options.dimension(), options.seed());
        SyntheticEvents stream = new SyntheticEvents(catalog, options.users(), options.seed() + 1);
        for (int e = 0; e < options.events(); e++) {
            stream.next(); // the query users are drawn from the users with events, as in the whole run
        }
        int port = BenchMain.freePort();
        Node node = BenchNode.create(options.home().toAbsolutePath(), port, Settings.EMPTY);
        String markdown;
        try {
            node.start();
            Rest rest = new Rest(port);
            while (rest.up() == false) {
                Thread.sleep(200);
            }
            rest.call("GET", "/_cluster/health?wait_for_status=yellow&timeout=120s", null);
            SuiteBench bench = new SuiteBench(options, rest, null);
            bench.rebuildIndicatorsOfAnEarlierVersion();
            List<LatencyRounds.Round> rounds = bench.rounds(bench.queryUsers(catalog, stream), options.warmup());
            markdown = LatencyRounds.markdown(options, String.join(" ", args), started, rounds);
        } finally {
            node.close();
        }
        Path file = options.out().resolve("latency-rounds.md");
        Files.writeString(file, markdown);
        System.out.println();
        System.out.println(markdown);
        System.out.println("report written to " + file);
    }

    /** Builds the recommender's indicators for the most frequent items, as a shop would nightly. */
    private Map<String, Object> buildIndicators() {
        System.out.printf(Locale.ROOT, "building indicators for the %,d most frequent items%n", options.indicatorItems());
        return rest.call("POST", "/_plugins/_recsys/indicators/_build", String.format(Locale.ROOT,
            "{\"source\": {\"index\": \"recsys-%s-profiles\", \"field\": \"history\"}, \"dest\": {\"index\": \"%s-indicators\"},"
                + " \"size\": 20, \"min_doc_count\": 2, \"sample_size\": 5000, \"max_items\": %d}",
            QueryBodies.RECOMMENDER, QueryBodies.RECOMMENDER, options.indicatorItems()));
    }

    /**
     * Indicators left by an earlier version lack what the query reads now (each document's {@code baskets}, for the
     * anchors' inverse frequency): rebuilt, so that the rounds measure this version's path.
     */
    private void rebuildIndicatorsOfAnEarlierVersion() {
        Map<String, Object> found = rest.call("GET", "/" + QueryBodies.RECOMMENDER + "-indicators/_search?size=1&filter_path=hits.hits._source.baskets", null);
        if (found.containsKey("hits") == false) {
            System.out.println("the indicators of the reused node have no baskets (an earlier version's build): rebuilding them");
            long start = System.nanoTime();
            buildIndicators();
            System.out.printf(Locale.ROOT, "indicators rebuilt in %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
    }

    /** The rounds of {@link LatencyRounds}, after {@code warmup} queries per scenario. */
    private List<LatencyRounds.Round> rounds(List<QueryUser> users, int warmup) throws Exception {
        int offset = options.warmup() + options.queries(); // the users the one-client pass asks for
        List<UserRequest> requests = List.of(
            u -> hits(QueryBodies.knn(u, options.k(), options.size(), false)),
            u -> hits(QueryBodies.recommend(u, options.k(), options.neighbors(), options.size(), 0, false)),
            u -> hits(QueryBodies.recommend(u, options.k(), options.neighbors(), options.size(), -1, false)));
        return LatencyRounds.run(options, warmup, (index, scenarioWarmup, measured) -> {
            clearRequestCache();
            return LoadRun.run(LatencyRounds.SCENARIOS.get(index), 1, scenarioWarmup, measured, i -> requests.get(index).send(users.get((offset + i) % users.size())));
        }, pairs -> {
            clearRequestCache();
            int pairOffset = offset + options.latencyQueries(); // other users than the scenarios' measured queries
            return LatencyRounds.alternate(pairs, i -> requests.get(0).send(users.get((pairOffset + i) % users.size())),
                i -> requests.get(1).send(users.get((pairOffset + i) % users.size())));
        });
    }

    /** Runs every step; returns the failed sanity checks (only in the smoke run do they fail it). */
    private List<String> run() throws Exception {
        SyntheticCatalog catalog = new SyntheticCatalog(options.items(), options.dimension(), options.seed());
        SyntheticEvents stream = new SyntheticEvents(catalog, options.users(), options.seed() + 1);
        System.out.printf(Locale.ROOT, "loading the catalog: %,d items, %d clusters%n", catalog.items(), catalog.clusters());
        report.catalog(catalog, new CatalogLoader(rest, catalog, options.loadThreads()).load());

        byte[] model = MlpModel.build(options.seed());
        registerModel(model);
        rest.call("PUT", "/_plugins/_recsys/recommenders/" + QueryBodies.RECOMMENDER, """
            {"catalog": {"index": "%s", "id_field": "sku", "text_fields": ["title"]}, "model": "%s"}""".formatted(QueryBodies.CATALOG, MODEL_ID));

        System.out.printf(Locale.ROOT, "ingesting %,d events of %,d users (%d senders, batches of %,d)%n", options.events(), options.users(),
            options.ingestSenders(), options.ingestBatch());
        double loadBefore = SuiteReport.loadAverage();
        var recording = profiler.start();
        IngestRun.Result ingest = new IngestRun(rest, catalog, stream, options).run();
        profiler.stop(recording, "ingest");
        report.load("ingest", loadBefore, SuiteReport.loadAverage());
        report.ingest(ingest);
        rest.call("POST", "/catalog,recsys-" + QueryBodies.RECOMMENDER + "-*/_refresh", null);

        long indicatorsStart = System.nanoTime();
        Map<String, Object> built = buildIndicators();
        double indicatorsSeconds = (System.nanoTime() - indicatorsStart) / 1e9;
        // ingest leaves large merges running on the events and profiles indices: the query scenarios should not pay for them
        long settleStart = System.nanoTime();
        waitForMerges("recsys-" + QueryBodies.RECOMMENDER + "-*," + QueryBodies.CATALOG);
        report.indicators(options.indicatorItems(), built, indicatorsSeconds, (System.nanoTime() - settleStart) / 1e9);
        LatencyRounds.markData(options);

        List<QueryUser> users = queryUsers(catalog, stream);
        try (ClientModel clientModel = new ClientModel(model, Feature.V1_SIZE)) {
            ClientSidePipeline client = new ClientSidePipeline(rest, clientModel, options.k(), options.size());
            List<LoadRun.Result> results = new ArrayList<>();
            System.out.printf(Locale.ROOT, "queries: %d users, concurrency %d, %,d measured after %,d warm-up per scenario%n", users.size(),
                options.concurrency(), options.queries(), options.warmup());
            results.add(scenario("k-NN", users, u -> hits(QueryBodies.knn(u, options.k(), options.size(), false))));
            results.add(scenario("k-NN + text filter", users, u -> hits(QueryBodies.knn(u, options.k(), options.size(), true))));
            results.add(scenario("recommend, no re-rank", users, u -> hits(QueryBodies.recommend(u, options.k(), options.neighbors(), options.size(), 0, false))));
            StageTimes before = StageTimes.read(rest);
            results.add(scenario("recommend, re-rank", users, u -> hits(QueryBodies.recommend(u, options.k(), options.neighbors(), options.size(), -1, false))));
            report.stages(StageTimes.read(rest).since(before));
            results.add(scenario("recommend + text, re-rank", users, u -> hits(QueryBodies.recommend(u, options.k(), options.neighbors(), options.size(), -1, true))));
            // before the client-side scenarios: their garbage (~0.5 GB per query at 1M) would be collected during it
            List<LoadRun.Result> oneClient = latencyPass(users);
            List<LatencyRounds.Round> rounds = options.latencyQueries() > 0 && options.rounds() > 0 ? rounds(users, 0) : List.of();
            // the client-side pipeline runs stock search paths the scenarios before have compiled already: a shorter
            // warm-up keeps the run's length in check (at 1M one such query takes a large part of a second)
            int clientWarmup = Math.min(options.warmup(), CLIENT_SIDE_WARMUP);
            results.add(scenario("client-side, re-rank", clientWarmup, users, u -> client.recommend(u, false).size()));
            results.add(scenario("client-side + text, re-rank", clientWarmup, users, u -> client.recommend(u, true).size()));
            report.queries(results);
            report.latency(oneClient);
            report.rounds(rounds);

            SanityCheck.Outcome sanity = new SanityCheck(rest, client, options).run(users);
            System.out.println("sanity: " + sanity.describe());
            List<String> failures = new ArrayList<>(sanity.failures());
            for (LoadRun.Result result : results) {
                if (result.errors() > 0) {
                    failures.add(result.name() + ": " + result.errors() + " failed requests, first: " + result.firstError());
                }
            }
            if (ingest.refused() > 0 || ingest.invisible() > 0) {
                failures.add("ingest: " + ingest.refused() + " events refused (first: " + ingest.firstRefusal() + "), " + ingest.invisible() + " probes never visible");
            }
            report.sanity(sanity, failures);
            return options.smoke() ? failures : List.of();
        }
    }

    @SuppressWarnings("unchecked")
    private void waitForMerges(String indices) throws InterruptedException {
        while (true) {
            Map<String, Object> stats = rest.call("GET", "/" + indices + "/_stats/merge", null);
            Map<String, Object> merges = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) stats.get("_all")).get("primaries")).get("merges");
            if (((Number) merges.get("current")).longValue() == 0) {
                return;
            }
            Thread.sleep(1_000);
        }
    }

    /** Warm-up queries of the client-side scenarios, at most. */
    static final int CLIENT_SIDE_WARMUP = 200;

    /** One scenario at the fixed concurrency; index i asks for user i modulo the users. */
    private LoadRun.Result scenario(String name, List<QueryUser> users, UserRequest request) throws InterruptedException {
        return scenario(name, options.warmup(), users, request);
    }

    private LoadRun.Result scenario(String name, int warmup, List<QueryUser> users, UserRequest request) throws InterruptedException {
        clearRequestCache();
        System.gc();
        double load = SuiteReport.loadAverage();
        var recording = profiler.start();
        LoadRun.Result result = LoadRun.run(name, options.concurrency(), warmup, options.queries(),
            index -> request.send(users.get(index % users.size())));
        profiler.stop(recording, name);
        report.load(name, load, SuiteReport.loadAverage());
        return result;
    }

    /**
     * The engine's own latency, without queueing behind other requests: the same scenarios (but the client-side
     * pipeline) with one client thread, after the concurrency runs have warmed every path.
     */
    private List<LoadRun.Result> latencyPass(List<QueryUser> users) throws InterruptedException {
        if (options.latencyQueries() == 0) {
            return List.of();
        }
        System.out.printf(Locale.ROOT, "latency: one client, %,d measured per scenario%n", options.latencyQueries());
        int warmup = Math.min(100, options.latencyQueries());
        List<LoadRun.Result> results = new ArrayList<>();
        results.add(oneClient("k-NN", warmup, users, u -> hits(QueryBodies.knn(u, options.k(), options.size(), false))));
        results.add(oneClient("k-NN + text filter", warmup, users, u -> hits(QueryBodies.knn(u, options.k(), options.size(), true))));
        results.add(oneClient("recommend, no re-rank", warmup, users, u -> hits(QueryBodies.recommend(u, options.k(), options.neighbors(), options.size(), 0, false))));
        StageTimes before = StageTimes.read(rest);
        results.add(oneClient("recommend, re-rank", warmup, users, u -> hits(QueryBodies.recommend(u, options.k(), options.neighbors(), options.size(), -1, false))));
        StageTimes after = StageTimes.read(rest);
        report.oneClientStages(after.since(before), after.meanMs(before, Stage.RERANK));
        results.add(oneClient("recommend + text, re-rank", warmup, users, u -> hits(QueryBodies.recommend(u, options.k(), options.neighbors(), options.size(), -1, true))));
        return results;
    }

    private LoadRun.Result oneClient(String name, int warmup, List<QueryUser> users, UserRequest request) throws InterruptedException {
        clearRequestCache();
        int offset = options.warmup() + options.queries(); // users the concurrency runs' measured queries did not ask for
        var recording = profiler.start();
        LoadRun.Result result = LoadRun.run(name, 1, warmup, options.latencyQueries(), index -> request.send(users.get((offset + index) % users.size())));
        profiler.stop(recording, "one client " + name);
        return result;
    }

    /**
     * Empties the shards' request caches: a scenario must not find the answers a previous one left for the same users
     * (the user-specific aggregations of the recall). Within a scenario, the measured queries ask for other users than
     * its warm-up did whenever there are enough users.
     */
    private void clearRequestCache() {
        rest.call("POST", "/_cache/clear?request=true", null);
    }

    /** A scenario's request for one user; returns the hits. */
    interface UserRequest {
        int send(QueryUser user) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private int hits(String body) {
        Map<String, Object> response = rest.call("POST", "/" + QueryBodies.CATALOG + "/_search", body);
        return ((List<?>) ((Map<String, Object>) response.get("hits")).get("hits")).size();
    }

    private void registerModel(byte[] model) {
        StringBuilder features = new StringBuilder("[");
        for (String name : Feature.contractNames("v1")) {
            features.append(features.length() == 1 ? "\"" : ",\"").append(name).append('"');
        }
        features.append(']');
        rest.call("PUT", "/_plugins/_recsys/models/" + MODEL_ID, "{\"features\": " + features + ", \"model_base64\": \"" + Base64.getEncoder().encodeToString(model)
            + "\", \"description\": \"benchmark MLP 14-256-128-1 (ReLU)\"}");
    }

    /** Users queried: enough that no measured query asks for a user of the warm-up (whose answers caches may hold). */
    static final int QUERY_USERS = 3_000;

    /**
     * Up to {@link #QUERY_USERS} users with at least 5 events, drawn with the seed; each one's long-term vector read from its profile
     * (for the plain k-NN query) and a signature word of its first preferred cluster (the text query).
     */
    @SuppressWarnings("unchecked")
    private List<QueryUser> queryUsers(SyntheticCatalog catalog, SyntheticEvents stream) {
        Random random = new Random(options.seed() + 2);
        List<QueryUser> users = new ArrayList<>();
        String profiles = "/recsys-" + QueryBodies.RECOMMENDER + "-profiles/_doc/";
        for (int attempt = 0; attempt < stream.users() * 4 && users.size() < QUERY_USERS; attempt++) {
            int user = random.nextInt(stream.users());
            if (stream.eventsOf(user) < 5) {
                continue;
            }
            String id = SyntheticEvents.userId(user);
            Map<String, Object> doc = rest.call("GET", profiles + id, null);
            var state = io.recsys.opensearch.profile.ProfileDocument.fromSource(id, (Map<String, Object>) doc.get("_source"));
            float[] vector = state.longTerm().mean();
            if (vector == null || users.stream().anyMatch(u -> u.id().equals(id))) {
                continue;
            }
            int[] preferred = stream.preferred(user);
            users.add(new QueryUser(id, vector, catalog.signature(preferred[0])[0], preferred));
        }
        if (users.isEmpty()) {
            throw new IllegalStateException("no user with 5 or more events and a profile vector");
        }
        return users;
    }
}
