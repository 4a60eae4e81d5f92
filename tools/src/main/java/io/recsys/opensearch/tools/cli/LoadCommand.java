package io.recsys.opensearch.tools.cli;

import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.data.Timestamps;
import io.recsys.opensearch.tools.load.EventWriter;
import io.recsys.opensearch.tools.load.IdentityMode;
import io.recsys.opensearch.tools.load.Loader;
import io.recsys.opensearch.tools.rest.ClusterClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code load}: catalog, recommender and events from a log. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Loads a catalog and an event log into a recommender: creates the catalog index (one document per item, with a knn_vector field),",
        "creates the recommender on it, ingests the events through the plugin's events API (which builds the profiles), and,",
        "with device identities, links each user's devices to the user id.",
        "With --embed, item vectors are trained from the same events and indexed with the catalog first: profiles take",
        "their vectors from the catalog when the events arrive, so vectors must come before events."
    })
public final class LoadCommand implements Callable<Integer> {

    /** What to load. */
    enum Part { ALL, CATALOG, EVENTS }

    @Mixin ClusterOptions cluster;
    @Mixin DataOptions data;
    @Mixin EmbeddingOptions embedding;

    @Option(names = "--recommender", defaultValue = "storefront", description = "Recommender name. Default: ${DEFAULT-VALUE}")
    String recommender;

    @Option(names = "--catalog", description = "Catalog index. Default: <recommender>-catalog")
    String catalog;

    @Option(names = "--only", defaultValue = "all", converter = PartConverter.class,
        description = "all, catalog (catalog + recommender) or events. Default: ${DEFAULT-VALUE}")
    Part only;

    @Option(names = "--embed", description = "Train item vectors (implicit ALS) from the loaded events and index them with the catalog.")
    boolean embed;

    @Option(names = "--until", description = "Load only events before this time (ISO-8601 or epoch millis), e.g. 2011-11-09: a training period.")
    String until;

    @Option(names = "--identities", defaultValue = "user",
        description = "user: events carry the user id; device: each platform's anonymous device id (pseudo-platform split), linked afterwards. Default: ${DEFAULT-VALUE}")
    String identities;

    @Option(names = "--link-share", defaultValue = "1.0",
        description = "With device identities: share of users whose devices get linked to their user id (seeded). Default: ${DEFAULT-VALUE}")
    double linkShare;

    @Option(names = "--replace", description = "Delete the catalog index and the recommender (with its profiles and events) first.")
    boolean replace;

    @Option(names = "--shards", defaultValue = "1", description = "Primary shards of the catalog index. Default: ${DEFAULT-VALUE}")
    int shards;

    @Option(names = "--model", description = "Model id or alias the recommender re-ranks with (default: the plugin's).")
    String model;

    @Option(names = "--batch", defaultValue = "" + EventWriter.DEFAULT_BATCH, description = "Events per request. Default: ${DEFAULT-VALUE}")
    int batch;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        ClusterClient client = cluster.client();
        EventLog log = data.read(out);
        List<Interaction> events = log.interactions();
        if (until != null) {
            long cut = Timestamps.parse(until);
            events = events.stream().filter(i -> i.timestamp() < cut).toList();
            out.printf(Locale.ROOT, "events before %s: %,d%n", until, events.size());
        }
        Loader.Plan plan = new Loader.Plan(recommender, catalog == null ? recommender + "-catalog" : catalog, embedding.dimension(), shards, replace,
            embed ? embedding.settings(data.seed()) : null, identityMode(), linkShare, model, batch,
            java.util.Map.of("data", data.data.getFileName().toString(), "loaded_at", java.time.Instant.now().toString()));
        Loader loader = new Loader(client, out);
        if (only != Part.EVENTS) {
            loader.loadCatalog(plan, log.withInteractions(events));
        }
        if (only != Part.CATALOG) {
            EventWriter.Result result = loader.loadEvents(plan, events, data.split());
            if (result.refused() > 0) {
                out.printf("%d events were refused: see the reasons above%n", result.refused());
                return 1;
            }
        }
        return 0;
    }

    IdentityMode identityMode() {
        return switch (identities.toLowerCase(Locale.ROOT)) {
            case "user" -> IdentityMode.USER;
            case "device" -> IdentityMode.DEVICE;
            default -> throw new IllegalArgumentException("--identities must be user or device, got [" + identities + "]");
        };
    }

    static final class PartConverter implements picocli.CommandLine.ITypeConverter<Part> {
        @Override
        public Part convert(String value) {
            try {
                return Part.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("--only must be all, catalog or events, got [" + value + "]");
            }
        }
    }
}
