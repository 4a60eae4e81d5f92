package io.recsys.opensearch.tools.train;

import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.common.retail.StableHash;
import io.recsys.opensearch.tools.console.Progress;
import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.data.Timestamps;
import io.recsys.opensearch.tools.embed.ItemEmbedder;
import io.recsys.opensearch.tools.eval.Protocols;
import io.recsys.opensearch.tools.eval.Split;
import io.recsys.opensearch.tools.eval.Targets;
import io.recsys.opensearch.tools.eval.TestCase;
import io.recsys.opensearch.tools.eval.Variant;
import io.recsys.opensearch.tools.load.EventWriter;
import io.recsys.opensearch.tools.load.IdentityMode;
import io.recsys.opensearch.tools.load.IndicatorsBuild;
import io.recsys.opensearch.tools.load.Loader;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;
import io.recsys.opensearch.tools.rest.Json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * For logs without impressions (Online Retail is purchases only): plays the storefront for one or more past periods,
 * so the plugin's own feature log and events hold what a live shop's would, and {@code train} reads them the same way.
 *
 * <ol>
 *   <li>the events before the first page time are loaded into a recommender of the simulation's own, with item vectors
 *       trained on them only;</li>
 *   <li>at the start of each period its indicators are built over the profiles (README.md's recipe, as a shop runs it
 *       on a schedule), so the pages come from the pipeline a shop serves;</li>
 *   <li>each user with history before the period and purchases in it gets one page: the {@code recommend} query
 *       (default budgets and exclusions — purchased items are shown, as the query's default does, unless
 *       {@code excludePurchased}; {@code rerank.window} 0 so that positions are the fused order, not a previous
 *       model's) with {@code ext.recsys_log.request_id}, so the plugin logs the features it scored for every hit;</li>
 *   <li>the page's hits are sent as {@code impression} events with that request id and their position, then every
 *       event of the period — with the request id when the page showed the item (the attribution a shop's client
 *       does), without one otherwise — so the next period starts from the profiles a live shop would have.</li>
 * </ol>
 * More periods give the model more requests to learn from (one page per purchasing user and period), each labelled by
 * what followed it, never by anything after the label cut.
 */
public final class ImpressionSimulator {

    /**
     * What the simulation did.
     *
     * @param events     the periods' events sent after the pages (purchases, for Online Retail)
     * @param attributed those on an item the user's page showed
     * @param lastPeriod the pages of the last period, keyed as {@link FeatureLogData#requestKey} keys them: with two or
     *                   more periods, the requests a model trained on the earlier ones is validated on
     */
    public record Summary(int requests, long impressions, long attributed, long events, Set<String> lastPeriod) {}

    private final ClusterClient client;
    private final PrintStream out;

    public ImpressionSimulator(ClusterClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /**
     * @param pageTimes when the pages are shown, ascending: each time opens a period that its successor (the last:
     *                  {@code labelUntil}) closes; a user gets a page at the start of each period in which they purchase
     */
    public Summary run(EventLog log, PlatformSplit split, List<Long> pageTimes, long labelUntil, String recommender, ItemEmbedder.Settings embedding,
                       int dimension, int pageSize, int maxUsers, long seed, int threads, boolean excludePurchased) {
        if (pageTimes.isEmpty() || pageTimes.get(pageTimes.size() - 1) >= labelUntil) {
            throw new ClusterException("--log-at must name one or more times before --label-until");
        }
        for (int i = 1; i < pageTimes.size(); i++) {
            if (pageTimes.get(i) <= pageTimes.get(i - 1)) {
                throw new ClusterException("--log-at times must be ascending, got " + pageTimes.stream().map(Timestamps::iso).toList());
            }
        }
        EventLog window = log.withInteractions(log.interactions().stream().filter(i -> i.timestamp() < labelUntil).toList());
        // with purchased items shown (the query's default), a repurchase is a positive like any other
        Targets targets = excludePurchased ? Targets.NEW : Targets.ALL;
        List<Interaction> before = Protocols.temporal(window, pageTimes.get(0), targets).train();
        Loader.Plan plan = new Loader.Plan(recommender, recommender + "-catalog", dimension, 1, true, embedding, IdentityMode.USER, 0, null,
            EventWriter.DEFAULT_BATCH, Map.of("simulation", "impressions at " + pageTimes.stream().map(Timestamps::iso).toList()));
        Loader loader = new Loader(client, out);
        loader.loadCatalog(plan, log.withInteractions(before));
        loader.loadEvents(plan, before, split);
        EventWriter writer = new EventWriter(client, recommender, IdentityMode.USER, split, EventWriter.DEFAULT_BATCH);

        int requests = 0;
        long impressions = 0, attributed = 0, events = 0;
        Set<String> lastPeriod = Set.of();
        for (int period = 0; period < pageTimes.size(); period++) {
            long pagesAt = pageTimes.get(period);
            long until = period + 1 < pageTimes.size() ? pageTimes.get(period + 1) : labelUntil;
            client.expectOk("POST", "/recsys-" + recommender + "-*/_refresh", null);
            // the pages come from the pipeline a shop serves: co-occurrence from indicators built on a schedule (here,
            // at the start of each period), not online
            new IndicatorsBuild(client, out).build(recommender);
            EventLog upToEnd = window.withInteractions(window.interactions().stream().filter(i -> i.timestamp() < until).toList());
            List<TestCase> users = new ArrayList<>(Protocols.temporal(upToEnd, pagesAt, targets).cases());
            if (maxUsers > 0 && users.size() > maxUsers) {
                users.sort(Comparator.comparingLong(c -> StableHash.of(seed, "simulate", c.user())));
                users = new ArrayList<>(users.subList(0, maxUsers));
            }
            out.printf(Locale.ROOT, "simulating the storefront at %s: %,d users with history before it and purchases before %s%n",
                Timestamps.iso(pagesAt), users.size(), Timestamps.iso(until));
            String prefix = pageTimes.size() == 1 ? "sim-" : "sim-" + period + "-";
            Map<String, List<String>> shown = pages(recommender, users, prefix, pageSize, excludePurchased, threads);
            Period sent = sendPeriod(writer, window, shown, prefix, pagesAt, until);
            out.printf(Locale.ROOT, "sent %,d impressions and %,d events of the period (%,d purchases on an item the page showed)%n", sent.impressions,
                sent.events, sent.attributed);
            requests += shown.size();
            lastPeriod = new HashSet<>();
            for (String user : shown.keySet()) {
                lastPeriod.add(FeatureLogData.requestKey(user, prefix + user));
            }
            impressions += sent.impressions;
            attributed += sent.attributed;
            events += sent.events;
        }
        awaitFeatureLog(recommender, impressions);
        return new Summary(requests, impressions, attributed, events, lastPeriod);
    }

    private record Period(long impressions, long events, long attributed) {}

    /** One page per user, {@code threads} at a time. */
    private Map<String, List<String>> pages(String recommender, List<TestCase> users, String prefix, int pageSize, boolean excludePurchased, int threads) {
        Map<String, List<String>> shown = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Progress progress = Progress.start("pages", users.size(), out)) {
            List<Future<?>> futures = new ArrayList<>();
            for (TestCase user : users) {
                futures.add(pool.submit(() -> {
                    shown.put(user.user(), page(recommender, user.user(), user.time(), prefix + user.user(), pageSize, excludePurchased));
                    progress.accept(1);
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new ClusterException("a page failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return shown;
    }

    /**
     * Sends the pages' hits as impressions, then every event of [{@code from}, {@code until}): a shown user's event on a
     * shown item carries the page's request id (the attribution a shop's client does). Every user's events go in, so
     * the next period's pages see the profiles and popularity a live shop would have by then.
     */
    private Period sendPeriod(EventWriter writer, EventLog window, Map<String, List<String>> shown, String prefix, long from, long until) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (Map.Entry<String, List<String>> page : shown.entrySet()) {
            for (int position = 0; position < page.getValue().size(); position++) {
                Map<String, Object> impression = new LinkedHashMap<>();
                impression.put("user_id", page.getKey());
                impression.put("item", page.getValue().get(position));
                impression.put("type", "impression");
                impression.put("ts", from);
                impression.put("request_id", prefix + page.getKey());
                impression.put("position", position);
                events.add(impression);
            }
        }
        long impressions = events.size(), attributed = 0;
        Map<String, Set<String>> shownSets = new HashMap<>();
        shown.forEach((u, items) -> shownSets.put(u, new HashSet<>(items)));
        for (Interaction interaction : window.interactions()) {
            if (interaction.timestamp() < from || interaction.timestamp() >= until) {
                continue;
            }
            Map<String, Object> event = writer.event(interaction);
            Set<String> page = shownSets.get(interaction.user());
            if (page != null && page.contains(interaction.item())) {
                event.put("request_id", prefix + interaction.user());
                attributed++;
            }
            events.add(event);
        }
        EventWriter.Result result = writer.send(events);
        if (result.refused() > 0) {
            throw new ClusterException("the cluster refused " + result.refused() + " simulated events: " + result.firstErrors());
        }
        return new Period(impressions, events.size() - impressions, attributed);
    }

    /**
     * The page one user is shown, asked at {@code time}, the simulated moment ({@code context.time}): the recency features
     * and the in-session weights see the history as it was then, not from the node's clock.
     */
    private List<String> page(String recommender, String user, Long time, String requestId, int size, boolean excludePurchased) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", size);
        body.put("_source", false);
        Variant noModel = new Variant("logging", "", Variant.KNN_DEFAULT, Variant.COOCCURRENCE_DEFAULT, Variant.NEIGHBORS_DEFAULT,
            Variant.POPULAR_DEFAULT, 0);
        body.put("query", Map.of("recommend", noModel.recommend(recommender, Map.of("id", user), excludePurchased, null, time)));
        body.put("ext", Map.of("recsys_log", Map.of("request_id", requestId)));
        ClusterClient.Reply reply = client.send("POST", "/" + recommender + "-catalog/_search", Json.write(body));
        if (reply.ok() == false) {
            throw new ClusterException("the logged recommend query for user " + user + " answered " + reply.status() + ": " + ClusterClient.abbreviate(reply.body()));
        }
        List<String> ids = new ArrayList<>();
        reply.json().path("hits").path("hits").forEach(hit -> ids.add(hit.path("_id").asText()));
        return ids;
    }

    /** The plugin writes the feature log in the background: wait until it holds every shown hit (or stops growing). */
    private void awaitFeatureLog(String recommender, long expected) {
        String index = "recsys-" + recommender + "-feature-log";
        long last = -1;
        for (int attempt = 0; attempt < 60; attempt++) {
            client.send("POST", "/" + index + "/_refresh", null);
            ClusterClient.Reply reply = client.send("GET", "/" + index + "/_count", null);
            long count = reply.ok() ? reply.json().path("count").asLong() : 0;
            if (count >= expected || (count == last && count > 0)) {
                return;
            }
            last = count;
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
