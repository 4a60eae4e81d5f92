package io.recsys.opensearch.tools.train;

import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.common.retail.StableHash;
import io.recsys.opensearch.tools.console.Progress;
import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.data.Interaction;
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
 * For logs without impressions (Online Retail is purchases only): plays the storefront for a past period, so the
 * plugin's own feature log and events hold what a live shop's would, and {@code train} reads them the same way.
 *
 * <ol>
 *   <li>the events before {@code logAt} are loaded into a recommender of the simulation's own, with item vectors
 *       trained on them only, and its indicators are built over them (README.md's recipe), so the pages come from
 *       the pipeline a shop serves;</li>
 *   <li>each user with history before {@code logAt} and purchases in [{@code logAt}, {@code labelUntil}) gets one
 *       page: the {@code recommend} query (default budgets and exclusions — purchased items are shown, as the query's
 *       default does, unless {@code excludePurchased}; {@code rerank.window} 0 so that positions are the fused order,
 *       not a previous model's) with {@code ext.recsys_log.request_id}, so the plugin logs the features it scored for
 *       every hit;</li>
 *   <li>the page's hits are sent as {@code impression} events with that request id and their position, and the user's
 *       purchases in the window as {@code purchase} events — with the request id when the page showed the item (the
 *       attribution a shop's client does), without one otherwise.</li>
 * </ol>
 */
public final class ImpressionSimulator {

    /** What the simulation did. */
    public record Summary(int requests, long impressions, long attributed, long purchases) {}

    private final ClusterClient client;
    private final PrintStream out;

    public ImpressionSimulator(ClusterClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    public Summary run(EventLog log, PlatformSplit split, long logAt, long labelUntil, String recommender, ItemEmbedder.Settings embedding,
                       int dimension, int pageSize, int maxUsers, long seed, int threads, boolean excludePurchased) {
        EventLog window = log.withInteractions(log.interactions().stream().filter(i -> i.timestamp() < labelUntil).toList());
        // with purchased items shown (the query's default), a repurchase is a positive like any other
        Split temporal = Protocols.temporal(window, logAt, excludePurchased ? Targets.NEW : Targets.ALL);
        List<TestCase> users = new ArrayList<>(temporal.cases());
        if (maxUsers > 0 && users.size() > maxUsers) {
            users.sort(Comparator.comparingLong(c -> StableHash.of(seed, "simulate", c.user())));
            users = new ArrayList<>(users.subList(0, maxUsers));
        }
        out.printf(Locale.ROOT, "simulating the storefront at %s: %,d users with history and purchases before the label cut%n",
            io.recsys.opensearch.tools.data.Timestamps.iso(logAt), users.size());
        Loader.Plan plan = new Loader.Plan(recommender, recommender + "-catalog", dimension, 1, true, embedding, IdentityMode.USER, 0, null,
            EventWriter.DEFAULT_BATCH, Map.of("simulation", "impressions at " + logAt));
        Loader loader = new Loader(client, out);
        loader.loadCatalog(plan, log.withInteractions(temporal.train()));
        loader.loadEvents(plan, temporal.train(), split);
        client.expectOk("POST", "/recsys-" + recommender + "-*/_refresh", null);
        // the pages come from the pipeline a shop serves: co-occurrence from indicators built on a schedule, not online
        new IndicatorsBuild(client, out).build(recommender);

        Map<String, List<String>> shown = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Progress progress = Progress.start("pages", users.size(), out)) {
            List<Future<?>> futures = new ArrayList<>();
            for (TestCase user : users) {
                futures.add(pool.submit(() -> {
                    shown.put(user.user(), page(recommender, user.user(), pageSize, excludePurchased));
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

        EventWriter writer = new EventWriter(client, recommender, IdentityMode.USER, split, EventWriter.DEFAULT_BATCH);
        List<Map<String, Object>> events = new ArrayList<>();
        for (Map.Entry<String, List<String>> page : shown.entrySet()) {
            for (int position = 0; position < page.getValue().size(); position++) {
                Map<String, Object> impression = new LinkedHashMap<>();
                impression.put("user_id", page.getKey());
                impression.put("item", page.getValue().get(position));
                impression.put("type", "impression");
                impression.put("ts", logAt);
                impression.put("request_id", requestId(page.getKey()));
                impression.put("position", position);
                events.add(impression);
            }
        }
        long attributed = 0, purchases = 0;
        Set<String> simulated = new HashSet<>(shown.keySet());
        Map<String, Set<String>> shownSets = new HashMap<>();
        shown.forEach((u, items) -> shownSets.put(u, new HashSet<>(items)));
        for (Interaction interaction : window.interactions()) {
            if (interaction.timestamp() < logAt || simulated.contains(interaction.user()) == false) {
                continue;
            }
            Map<String, Object> event = writer.event(interaction);
            if (shownSets.get(interaction.user()).contains(interaction.item())) {
                event.put("request_id", requestId(interaction.user()));
                attributed++;
            }
            events.add(event);
            purchases++;
        }
        EventWriter.Result result = writer.send(events);
        if (result.refused() > 0) {
            throw new ClusterException("the cluster refused " + result.refused() + " simulated events: " + result.firstErrors());
        }
        long impressions = events.size() - purchases;
        out.printf(Locale.ROOT, "sent %,d impressions and %,d purchases of the window (%,d of them on an item the page showed)%n", impressions, purchases, attributed);
        awaitFeatureLog(recommender, impressions);
        return new Summary(shown.size(), impressions, attributed, purchases);
    }

    static String requestId(String user) {
        return "sim-" + user;
    }

    private List<String> page(String recommender, String user, int size, boolean excludePurchased) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", size);
        body.put("_source", false);
        Variant noModel = new Variant("logging", "", Variant.KNN_DEFAULT, Variant.COOCCURRENCE_DEFAULT, Variant.NEIGHBORS_DEFAULT,
            Variant.POPULAR_DEFAULT, 0);
        body.put("query", Map.of("recommend", noModel.recommend(recommender, Map.of("id", user), excludePurchased, null)));
        body.put("ext", Map.of("recsys_log", Map.of("request_id", requestId(user))));
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
