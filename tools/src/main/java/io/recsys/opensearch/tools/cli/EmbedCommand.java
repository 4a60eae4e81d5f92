package io.recsys.opensearch.tools.cli;

import io.recsys.opensearch.tools.console.Progress;
import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.data.Item;
import io.recsys.opensearch.tools.data.Timestamps;
import io.recsys.opensearch.tools.embed.ItemEmbedder;
import io.recsys.opensearch.tools.load.CatalogIndex;
import io.recsys.opensearch.tools.load.Loader;
import io.recsys.opensearch.tools.load.RecommenderSetup;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code embed}: item vectors from interactions, into the catalog's knn_vector field. */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Trains item embeddings from the interactions of a log by implicit ALS (Hu, Koren, Volinsky 2008; conjugate-gradient solver),",
        "deterministic for a seed, and writes them into the catalog's knn_vector field. Items without interactions get a vector from",
        "their title's words. Profiles built before take the new vectors only for events ingested after: run embed before",
        "loading events, or use load --embed."
    })
public final class EmbedCommand implements Callable<Integer> {

    @Mixin ClusterOptions cluster;
    @Mixin DataOptions data;
    @Mixin EmbeddingOptions embedding;

    @Option(names = "--recommender", defaultValue = "storefront", description = "Recommender whose catalog gets the vectors. Default: ${DEFAULT-VALUE}")
    String recommender;

    @Option(names = "--catalog", description = "Catalog index (instead of the recommender's).")
    String catalog;

    @Option(names = "--until", description = "Train only on events before this time (ISO-8601 or epoch millis).")
    String until;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        ClusterClient client = cluster.client();
        String index = catalog != null ? catalog : new RecommenderSetup(client).catalogOf(recommender);
        CatalogIndex catalogIndex = new CatalogIndex(client, index);
        int dimension = catalogIndex.dimension();
        if (dimension != embedding.dimension()) {
            throw new ClusterException("the catalog [" + index + "] holds " + dimension + "-d vectors, not " + embedding.dimension()
                + ": use --dimension " + dimension + ", or reload the catalog with load --replace --dimension " + embedding.dimension());
        }
        String spaceType = catalogIndex.spaceType();
        ItemEmbedder.Space space = embedding.settings(data.seed()).space();
        if (spaceType.equals(space.spaceType) == false) {
            // unit vectors in an inner-product field, or length-carrying ones in a cosine field, would not rank as measured
            throw new ClusterException("the catalog [" + index + "] compares vectors by " + spaceType + ", and --item-vectors "
                + space.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " needs " + space.spaceType
                + ": choose the item vectors that fit the field, or reload the catalog with load --replace");
        }
        EventLog log = data.read(out);
        List<Interaction> events = log.interactions();
        if (until != null) {
            long cut = Timestamps.parse(until);
            events = events.stream().filter(i -> i.timestamp() < cut).toList();
            out.printf(Locale.ROOT, "training on the %,d events before %s%n", events.size(), until);
        }
        List<Item> items = log.catalog().values().stream().sorted(Comparator.comparing(Item::id)).toList();
        ItemEmbedder.Result result = Loader.embed(embedding.settings(data.seed()), items, events, out);
        long inCatalog = catalogIndex.count();
        Map<String, float[]> vectors = result.vectors();
        try (Progress progress = Progress.start("vectors " + index, vectors.size(), out)) {
            catalogIndex.updateVectors(vectors, progress);
        }
        out.printf(Locale.ROOT, "wrote %,d vectors into [%s].%s (the index holds %,d documents)%n", vectors.size(), index,
            CatalogIndex.VECTOR_FIELD, inCatalog);
        return 0;
    }
}
