package io.recsys.opensearch.tools.embed;

import io.recsys.opensearch.common.retail.StableHash;
import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.data.Item;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Item embeddings for the catalog's {@code knn_vector} field: implicit ALS item factors ({@link ImplicitAls}), by default
 * mapped into the fold-in space ({@link FoldInSpace}: a user's mean vector then ranks items as ALS would), made unit
 * length (the field is cosine; a user's profile vector is the weighted mean of the vectors of the items touched, and
 * unit vectors keep best sellers' large factors from dominating that mean), with text where interactions say nothing:
 *
 * <ul>
 *   <li>an item with interactions: its ALS vector, blended with its text vector when {@code textWeight > 0}:
 *       {@code unit((1 - w) · als + w · text)};</li>
 *   <li>an item with none (new in the catalog, or only in the test period): its text vector ({@link TextVectors});</li>
 *   <li>an item whose words occur in no interacted item: a fixed random unit vector from the seed and its id (cosine
 *       needs a non-zero vector; it stays far from everything).</li>
 * </ul>
 */
public final class ItemEmbedder {

    /** Which vectors of the factorisation are stored. */
    public enum Space {
        /** ALS's item factors as they are. */
        ALS,
        /** The factors mapped by {@code (YᵀY + λI)^(-½)} ({@link FoldInSpace}): a user's mean vector then ranks as ALS's fold-in would. */
        FOLD_IN
    }

    /**
     * @param als        the factorisation's parameters (dimension, iterations, seed, …)
     * @param space      which vectors are stored
     * @param textWeight share of the text vector in interacted items' vectors, in [0, 1]
     * @param weights    event type → weight of its interactions; other types weigh 1
     */
    public record Settings(ImplicitAls.Params als, Space space, double textWeight, Map<String, Double> weights) {
        public Settings {
            if (textWeight < 0 || textWeight > 1) {
                throw new IllegalArgumentException("text weight must be in [0, 1], got " + textWeight);
            }
            weights = Map.copyOf(weights);
        }

        /** The same on every run (a Map's own order is not): what identifies trained vectors in a fingerprint. */
        public String describe() {
            return als + ";space=" + space + ";text=" + textWeight + ";weights=" + new java.util.TreeMap<>(weights);
        }
    }

    /** What the embedder did, for the console and the report. */
    public record Summary(int users, int items, int fromInteractions, int fromText, int random, long cells, long millis) {}

    /** The vectors and the summary. */
    public record Result(Map<String, float[]> vectors, Summary summary) {}

    private final Settings settings;

    public ItemEmbedder(Settings settings) {
        this.settings = settings;
    }

    public Result embed(List<Item> catalog, List<Interaction> interactions, IntConsumer afterIteration) {
        long start = System.nanoTime();
        List<Item> items = catalog.stream().sorted(Comparator.comparing(Item::id)).toList();
        List<String> ids = items.stream().map(Item::id).toList();
        InteractionMatrix matrix = InteractionMatrix.of(interactions, ids, settings.weights());
        ImplicitAls.Factors factors = new ImplicitAls(settings.als()).fit(matrix, afterIteration);
        int dimension = settings.als().factors();

        FoldInSpace foldIn = settings.space() == Space.FOLD_IN ? FoldInSpace.of(factors.items(), dimension, settings.als().regularization()) : null;
        Map<String, float[]> learned = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            if (matrix.byItem()[i].index().length > 0) {
                float[] factor = factors.items()[i];
                float[] unit = unit(foldIn == null ? factor : foldIn.map(factor));
                if (unit != null) {
                    learned.put(ids.get(i), unit);
                }
            }
        }
        TextVectors text = new TextVectors(items, learned, dimension);
        Map<String, float[]> vectors = new HashMap<>();
        int fromText = 0, random = 0;
        for (String id : ids) {
            float[] own = learned.get(id);
            float[] fromWords = text.vectorOf(id);
            if (own != null) {
                vectors.put(id, fromWords == null || settings.textWeight() == 0 ? own : blend(own, fromWords, settings.textWeight()));
            } else if (fromWords != null) {
                vectors.put(id, fromWords);
                fromText++;
            } else {
                vectors.put(id, randomUnit(id, dimension));
                random++;
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(vectors, new Summary(matrix.users().size(), ids.size(), learned.size(), fromText, random, matrix.nonZeros(), millis));
    }

    private float[] randomUnit(String id, int dimension) {
        SplittableRandom random = new SplittableRandom(StableHash.of(settings.als().seed(), "cold", id));
        float[] vector = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            vector[d] = (float) random.nextGaussian();
        }
        return unit(vector);
    }

    static float[] blend(float[] a, float[] b, double weightOfB) {
        float[] mixed = new float[a.length];
        for (int d = 0; d < a.length; d++) {
            mixed[d] = (float) ((1 - weightOfB) * a[d] + weightOfB * b[d]);
        }
        float[] unit = unit(mixed);
        return unit == null ? a : unit;
    }

    /** The vector scaled to length 1, or null for a zero vector. */
    public static float[] unit(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        if (sum == 0) {
            return null;
        }
        double norm = Math.sqrt(sum);
        float[] unit = new float[vector.length];
        for (int d = 0; d < vector.length; d++) {
            unit[d] = (float) (vector[d] / norm);
        }
        return unit;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int d = 0; d < a.length; d++) {
            dot += (double) a[d] * b[d];
            na += (double) a[d] * a[d];
            nb += (double) b[d] * b[d];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
