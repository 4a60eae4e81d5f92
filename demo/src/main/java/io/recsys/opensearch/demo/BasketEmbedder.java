package io.recsys.opensearch.demo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Item embeddings from baskets alone, by random indexing: the demo's stand-in until the project's {@code embed} tool
 * trains real ones. Items bought in the same invoices end up close in cosine, which is what the k-NN source of the
 * recommender needs.
 *
 * <ol>
 *   <li>Every item, and every category, gets a fixed random index vector: {@code ±1/√d} in each dimension, drawn
 *       from a generator seeded with the seed and a hash of the item id, so it does not depend on the item order.
 *       (Dense rather than sparse: in a few dozen dimensions sparse vectors collide too often.)</li>
 *   <li>An item's context is the sum, over the invoices it appears in, of the index vectors of the other items of
 *       the invoice. Each invoice gives one unit of weight to each of its items (a 300-item wholesale order counts as
 *       much as a 3-item one), and an item's index vector is scaled by {@code 1/√(invoices it appears in)}, so the
 *       best sellers do not end up in everyone's context.</li>
 *   <li>The embedding mixes the normalised context ({@value #CONTEXT_SHARE}), the item's own index vector
 *       ({@value #SELF_SHARE}: items never bought with anything stay distinct) and its category's
 *       ({@value #CATEGORY_SHARE}: items with few invoices still land near their kind).</li>
 *   <li>The mean over all items is subtracted and each vector normalised: without that, the direction every item
 *       shares would make all cosines high.</li>
 * </ol>
 */
public final class BasketEmbedder {

    /** Dimension of the demo's {@code embedding} field. */
    public static final int DEFAULT_DIMENSIONS = 64;
    /** Fixed, so every run of the demo indexes the same vectors. */
    public static final long DEFAULT_SEED = 20101201L;

    static final double CONTEXT_SHARE = 0.7;
    static final double SELF_SHARE = 0.1;
    static final double CATEGORY_SHARE = 0.2;

    /** Number of dimensions of every vector. */
    private final int dimensions;
    /** Seed of every index vector. */
    private final long seed;

    public BasketEmbedder(int dimensions, long seed) {
        if (dimensions < 2) {
            throw new IllegalArgumentException("dimensions must be at least 2, got " + dimensions);
        }
        this.dimensions = dimensions;
        this.seed = seed;
    }

    public int dimensions() {
        return dimensions;
    }

    public long seed() {
        return seed;
    }

    /**
     * One unit vector per item.
     *
     * @param itemIds    the items' ids; they seed the index vectors
     * @param categories each item's category, aligned with {@code itemIds}
     * @param baskets    invoices as indexes into {@code itemIds}; baskets of one item say nothing and are skipped
     */
    public float[][] embed(List<String> itemIds, List<String> categories, List<int[]> baskets) {
        if (itemIds.size() != categories.size()) {
            throw new IllegalArgumentException(itemIds.size() + " items but " + categories.size() + " categories");
        }
        int items = itemIds.size();
        double[][] index = new double[items][];
        for (int i = 0; i < items; i++) {
            index[i] = indexVector("item:" + itemIds.get(i));
        }
        double[] weight = inverseSqrtBasketCounts(items, baskets);
        double[][] context = new double[items][dimensions];
        double[] basketSum = new double[dimensions];
        for (int[] basket : baskets) {
            if (basket.length < 2) {
                continue;
            }
            Arrays.fill(basketSum, 0);
            for (int item : basket) {
                addScaled(basketSum, index[item], weight[item]);
            }
            double share = 1.0 / (basket.length - 1);
            for (int item : basket) {
                // the basket without the item itself
                for (int d = 0; d < dimensions; d++) {
                    context[item][d] += share * (basketSum[d] - weight[item] * index[item][d]);
                }
            }
        }
        double[][] mixed = new double[items][];
        double[] mean = new double[dimensions];
        for (int i = 0; i < items; i++) {
            double[] vector = new double[dimensions];
            addScaled(vector, normalised(context[i]), CONTEXT_SHARE);
            addScaled(vector, index[i], SELF_SHARE);
            addScaled(vector, indexVector("category:" + categories.get(i)), CATEGORY_SHARE);
            mixed[i] = vector;
            addScaled(mean, vector, 1.0 / items);
        }
        float[][] embeddings = new float[items][];
        for (int i = 0; i < items; i++) {
            addScaled(mixed[i], mean, -1);
            double[] unit = normalised(mixed[i]);
            // cosine similarity is undefined for a zero vector; only a degenerate catalog gets here
            embeddings[i] = toFloats(norm(unit) == 0 ? index[i] : unit);
        }
        return embeddings;
    }

    /** Cosine similarity of two vectors; 0 when either is zero. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0, normA = 0, normB = 0;
        for (int d = 0; d < a.length; d++) {
            dot += (double) a[d] * b[d];
            normA += (double) a[d] * a[d];
            normB += (double) b[d] * b[d];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }

    /** The fixed random ±1/√d vector of a key. */
    double[] indexVector(String key) {
        SplittableRandom random = new SplittableRandom(seed ^ fnv1a64(key));
        double value = 1 / Math.sqrt(dimensions);
        double[] vector = new double[dimensions];
        for (int d = 0; d < dimensions; d++) {
            vector[d] = random.nextBoolean() ? value : -value;
        }
        return vector;
    }

    private static double[] inverseSqrtBasketCounts(int items, List<int[]> baskets) {
        int[] counts = new int[items];
        for (int[] basket : baskets) {
            if (basket.length >= 2) {
                for (int item : basket) {
                    counts[item]++;
                }
            }
        }
        double[] weight = new double[items];
        for (int i = 0; i < items; i++) {
            weight[i] = counts[i] == 0 ? 0 : 1 / Math.sqrt(counts[i]);
        }
        return weight;
    }

    /** 64-bit FNV-1a: a stable hash (String.hashCode has too few bits for thousands of keys). */
    private static long fnv1a64(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static void addScaled(double[] target, double[] vector, double scale) {
        for (int d = 0; d < target.length; d++) {
            target[d] += scale * vector[d];
        }
    }

    private static double norm(double[] vector) {
        double sum = 0;
        for (double v : vector) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    private static double[] normalised(double[] vector) {
        double norm = norm(vector);
        double[] unit = new double[vector.length];
        if (norm > 0) {
            for (int d = 0; d < vector.length; d++) {
                unit[d] = vector[d] / norm;
            }
        }
        return unit;
    }

    private static float[] toFloats(double[] vector) {
        float[] floats = new float[vector.length];
        for (int d = 0; d < vector.length; d++) {
            floats[d] = (float) vector[d];
        }
        return floats;
    }
}
