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
 * mapped into the fold-in space ({@link FoldInSpace}: a user's mean vector then ranks items as ALS's fold-in would). In
 * a cosine field ({@link Space#ALS}, {@link Space#FOLD_IN}) they are unit length: a user's profile vector is the weighted
 * mean of the vectors of the items touched, and unit vectors keep best sellers' large factors from dominating it. In
 * an inner-product field ({@link Space#FOLD_IN_DOT}) fold-in vectors keep their length, which is part of the fold-in
 * score (the mapping already discounts the directions every user shares). Text where interactions say nothing:
 *
 * <ul>
 *   <li>an item with interactions: its ALS vector, blended with its text vector when {@code textWeight > 0}:
 *       {@code (1 - w) · als + w · text}, at the ALS vector's length;</li>
 *   <li>an item with none (new in the catalog, or only in the test period): its text vector ({@link TextVectors}) at
 *       the median length of the learned vectors (1 for unit vectors), so that it scores like a typical item of its
 *       direction;</li>
 *   <li>an item whose words occur in no interacted item: a fixed random vector from the seed and its id, at the same
 *       length (a non-zero vector that stays uncorrelated with everything).</li>
 * </ul>
 */
public final class ItemEmbedder {

    /** Which vectors of the factorisation are stored, and how the catalog's field compares them. */
    public enum Space {
        /** ALS's item factors, unit length, in a cosine field. */
        ALS("cosinesimil", false),
        /** The factors mapped by {@code (YᵀY + λI)^(-½)} ({@link FoldInSpace}), unit length, in a cosine field. */
        FOLD_IN("cosinesimil", false),
        /**
         * The mapped factors at their own length, in an inner-product field: a user's mean vector dotted with an item's
         * is then exactly ALS's fold-in score, whose item length cosine drops.
         */
        FOLD_IN_DOT("innerproduct", true);

        /** The k-NN field's {@code space_type}. */
        public final String spaceType;
        /** Whether vectors keep their length (else unit length). */
        public final boolean keepsLength;

        Space(String spaceType, boolean keepsLength) {
            this.spaceType = spaceType;
            this.keepsLength = keepsLength;
        }
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

        FoldInSpace foldIn = settings.space() != Space.ALS ? FoldInSpace.of(factors.items(), dimension, settings.als().regularization()) : null;
        Map<String, float[]> learned = new HashMap<>();
        Map<String, float[]> directions = new HashMap<>(); // unit length: what the text vectors are made of
        for (int i = 0; i < ids.size(); i++) {
            if (matrix.byItem()[i].index().length > 0) {
                float[] factor = factors.items()[i];
                float[] mapped = foldIn == null ? factor : foldIn.map(factor);
                float[] unit = unit(mapped);
                if (unit != null) {
                    learned.put(ids.get(i), settings.space().keepsLength ? mapped : unit);
                    directions.put(ids.get(i), unit);
                }
            }
        }
        double typicalLength = medianLength(learned.values());
        TextVectors text = new TextVectors(items, directions, dimension);
        Map<String, float[]> vectors = new HashMap<>();
        int fromText = 0, random = 0;
        for (String id : ids) {
            float[] own = learned.get(id);
            float[] fromWords = text.vectorOf(id);
            if (own != null) {
                vectors.put(id, fromWords == null || settings.textWeight() == 0 ? own : blend(own, fromWords, settings.textWeight()));
            } else if (fromWords != null) {
                vectors.put(id, scaled(fromWords, typicalLength));
                fromText++;
            } else {
                vectors.put(id, scaled(randomUnit(id, dimension), typicalLength));
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

    /** {@code (1 - w) · a + w · b} with b unit length, at a's length (its length is a's score's, b only turns it). */
    static float[] blend(float[] a, float[] b, double weightOfB) {
        double length = length(a);
        float[] aUnit = unit(a);
        if (aUnit == null) {
            return a;
        }
        float[] mixed = new float[a.length];
        for (int d = 0; d < a.length; d++) {
            mixed[d] = (float) ((1 - weightOfB) * aUnit[d] + weightOfB * b[d]);
        }
        float[] unit = unit(mixed);
        return unit == null ? a : scaled(unit, length);
    }

    /** The unit vector scaled to {@code length}. */
    static float[] scaled(float[] unit, double length) {
        float[] out = new float[unit.length];
        for (int d = 0; d < unit.length; d++) {
            out[d] = (float) (unit[d] * length);
        }
        return out;
    }

    static double length(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }

    /** The median length of the vectors; 1 when there are none. */
    static double medianLength(java.util.Collection<float[]> vectors) {
        double[] lengths = vectors.stream().mapToDouble(ItemEmbedder::length).sorted().toArray();
        return lengths.length == 0 ? 1 : lengths[lengths.length / 2];
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
