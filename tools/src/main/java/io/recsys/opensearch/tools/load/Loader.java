package io.recsys.opensearch.tools.load;

import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.tools.console.Progress;
import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.data.Item;
import io.recsys.opensearch.tools.embed.ItemEmbedder;
import io.recsys.opensearch.tools.rest.ClusterClient;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load sequence shared by {@code load}, {@code evaluate} and {@code cross-platform}: catalog (with trained vectors
 * when asked), recommender, events, identity links. Vectors go in before the events because the plugin computes a
 * profile's vectors from the catalog's vectors at ingest time.
 */
public final class Loader {

    /**
     * What to load and where.
     *
     * @param recommender  recommender name
     * @param catalogIndex catalog index name
     * @param dimension    vector dimension of the catalog
     * @param shards       catalog shards
     * @param replace      delete the catalog and the recommender (its profiles and events) first
     * @param embedding    train vectors from the events before indexing; null to index the catalog without vectors
     * @param identities   user ids or device ids on the events
     * @param linkShare    with device ids: share of users whose devices are linked to their user id
     * @param model        model id or alias for the recommender, or null
     * @param batchSize    events per request
     * @param meta         recorded in the catalog's mapping (what was loaded)
     */
    public record Plan(
        String recommender,
        String catalogIndex,
        int dimension,
        int shards,
        boolean replace,
        ItemEmbedder.Settings embedding,
        IdentityMode identities,
        double linkShare,
        String model,
        int batchSize,
        Map<String, Object> meta
    ) {}

    private final ClusterClient client;
    private final PrintStream out;

    public Loader(ClusterClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** Catalog (+ vectors) and recommender. */
    public void loadCatalog(Plan plan, EventLog log) {
        List<Item> items = log.catalog().values().stream().sorted(Comparator.comparing(Item::id)).toList();
        Map<String, float[]> vectors = Map.of();
        if (plan.embedding() != null) {
            vectors = embed(plan.embedding(), items, log.interactions(), out).vectors();
        }
        CatalogIndex catalog = new CatalogIndex(client, plan.catalogIndex());
        // without vectors, cosine: the field's type is fixed at creation, and cosine suits vectors of any origin
        String spaceType = plan.embedding() != null ? plan.embedding().space().spaceType : ItemEmbedder.Space.FOLD_IN.spaceType;
        catalog.create(plan.dimension(), spaceType, plan.shards(), plan.replace(), plan.meta());
        try (Progress progress = Progress.start("catalog " + plan.catalogIndex(), items.size(), out)) {
            catalog.index(items, vectors, progress);
        }
        out.printf(Locale.ROOT, "indexed %,d items into [%s]%s%n", items.size(), plan.catalogIndex(),
            vectors.isEmpty() ? " without vectors (run recsys-tool embed before loading events)" : " with " + plan.dimension() + "-d vectors");
        new RecommenderSetup(client).put(plan.recommender(), plan.catalogIndex(), plan.model(), plan.replace());
        out.printf("recommender [%s] is on [%s]%n", plan.recommender(), plan.catalogIndex());
    }

    /** Events, then identity links when the events carry device ids. */
    public EventWriter.Result loadEvents(Plan plan, List<Interaction> interactions, PlatformSplit split) {
        long start = System.nanoTime();
        EventWriter writer = new EventWriter(client, plan.recommender(), plan.identities(), split, plan.batchSize());
        EventWriter.Result result;
        try (Progress progress = Progress.start("events", interactions.size(), out)) {
            result = writer.write(interactions, progress);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "ingested %,d events into [%s] in %.1f s (%,.0f/s)%s%n", result.accepted(), plan.recommender(), seconds,
            result.accepted() / Math.max(seconds, 1e-3), result.refused() == 0 ? "" : "; " + result.refused() + " refused");
        result.firstErrors().forEach(e -> out.println("  refused: " + e));
        if (plan.identities() == IdentityMode.DEVICE && plan.linkShare() > 0) {
            var users = IdentityLinker.platformsUsed(interactions);
            int linked;
            try (Progress progress = Progress.start("identity links", users.size(), out)) {
                linked = new IdentityLinker(client, plan.recommender(), split).linkAll(users, plan.linkShare(), progress);
            }
            out.printf(Locale.ROOT, "linked the devices of %,d of %,d users to their user id%n", linked, users.size());
        }
        return result;
    }

    /** Trains item vectors, with a bar per iteration. */
    public static ItemEmbedder.Result embed(ItemEmbedder.Settings settings, List<Item> items, List<Interaction> interactions, PrintStream out) {
        ItemEmbedder.Result result;
        try (Progress progress = Progress.start("implicit ALS", settings.als().iterations(), out)) {
            result = new ItemEmbedder(settings).embed(items, interactions, i -> progress.accept(1));
        }
        ItemEmbedder.Summary s = result.summary();
        out.printf(Locale.ROOT, "embeddings: %d-d implicit ALS over %,d users × %,d items (%,d non-zero cells) in %.1f s; "
                + "%,d items from interactions, %,d from their text, %,d random (no usable word)%n",
            settings.als().factors(), s.users(), s.items(), s.cells(), s.millis() / 1000.0, s.fromInteractions(), s.fromText(), s.random());
        return result;
    }
}
