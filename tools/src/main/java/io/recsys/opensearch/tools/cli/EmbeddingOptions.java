package io.recsys.opensearch.tools.cli;

import io.recsys.opensearch.tools.embed.ImplicitAls;
import io.recsys.opensearch.tools.embed.ItemEmbedder;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * The embedding's parameters (shared by {@code embed} and {@code load --embed}). Defaults were fixed before any
 * evaluation ran: 64 dimensions (the demo's), 15 iterations and 3 CG steps (the {@code implicit} library's), λ 0.1,
 * alpha 10, no text blend. The stored vectors are the fold-in space's (measured on all four evaluation protocols: the
 * k-NN source alone rose by 3–10% on each against the raw factors; docs/evaluation.md).
 */
public final class EmbeddingOptions {

    @Option(names = "--dimension", defaultValue = "64", description = "Vector dimension. Default: ${DEFAULT-VALUE}")
    int dimension;

    @Option(names = "--iterations", defaultValue = "15", description = "ALS iterations. Default: ${DEFAULT-VALUE}")
    int iterations;

    @Option(names = "--regularization", defaultValue = "0.1", description = "ALS regularisation λ. Default: ${DEFAULT-VALUE}")
    double regularization;

    @Option(names = "--alpha", defaultValue = "10", description = "ALS confidence slope: c = 1 + alpha·strength. Default: ${DEFAULT-VALUE}")
    double alpha;

    @Option(names = "--item-vectors", defaultValue = "fold-in", converter = SpaceConverter.class,
        description = "Stored vectors: als (the item factors), fold-in (mapped so that a user's mean vector ranks as ALS's fold-in of their history; "
            + "unit length, cosine field) or fold-in-dot (the same at their own length, inner-product field: exactly the fold-in score). Default: ${DEFAULT-VALUE}")
    ItemEmbedder.Space itemVectors;

    @Option(names = "--text-weight", defaultValue = "0",
        description = "Share of the title's text vector in the vectors of items with interactions, 0..1 (items without interactions always use it). Default: ${DEFAULT-VALUE}")
    double textWeight;

    public int dimension() {
        return dimension;
    }

    public ItemEmbedder.Settings settings(long seed) {
        // the plugin's default event weights (1, 2, 4, 8) divided by the purchase's: a purchase counts 1, so alpha keeps its
        // usual meaning on a purchase log; impressions say nothing about preference
        Map<String, Double> weights = Map.of("view", 0.125, "click", 0.25, "cart", 0.5, "purchase", 1.0, "impression", 0.0);
        return new ItemEmbedder.Settings(new ImplicitAls.Params(dimension, iterations, regularization, alpha, 3, seed), itemVectors, textWeight, weights);
    }

    /** {@code als}, {@code fold-in} or {@code fold-in-dot}; anything else is refused while the command line is read, before any work. */
    static final class SpaceConverter implements CommandLine.ITypeConverter<ItemEmbedder.Space> {
        @Override
        public ItemEmbedder.Space convert(String value) {
            return switch (value.strip()) {
                case "als" -> ItemEmbedder.Space.ALS;
                case "fold-in" -> ItemEmbedder.Space.FOLD_IN;
                case "fold-in-dot" -> ItemEmbedder.Space.FOLD_IN_DOT;
                default -> throw new CommandLine.TypeConversionException("unknown item vectors [" + value + "]: als, fold-in or fold-in-dot");
            };
        }
    }
}
