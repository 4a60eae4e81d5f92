package io.recsys.opensearch.bench.suite;

import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A generated catalog, deterministic for a seed, any item computable on its own (so loaders can run in parallel):
 * <ul>
 *   <li>items fall into {@link #clusters()} clusters of equal size, item {@code i} in cluster {@code i % clusters}, at
 *       rank {@code i / clusters} of its cluster; cluster 0 is the most popular (the event stream draws clusters and
 *       ranks with Zipf popularity, see {@link SyntheticEvents});</li>
 *   <li>embedding: the cluster's centre (a random unit vector) plus Gaussian noise of norm {@link #NOISE}, normalized:
 *       cosine ≈ 0.8 to the centre, ≈ 0.65 between two items of a cluster, ≈ 0 across clusters;</li>
 *   <li>category: {@code cat-(cluster / 20)} (20 clusters a category); price: log-normal around a price level of the
 *       category; in stock 95%;</li>
 *   <li>title: the cluster's two signature words (pseudo-words from syllables; every word signs about 6 clusters), one
 *       of 40 common words, and the item number, so a text query of a signature word matches a few clusters.</li>
 * </ul>
 */
public final class SyntheticCatalog {

    /** Norm of the noise added to a cluster centre. */
    static final double NOISE = 0.75;
    /** Items per cluster (about). */
    static final int CLUSTER_SIZE = 500;
    /** Clusters per category. */
    static final int CLUSTERS_PER_CATEGORY = 20;
    /** Clusters that share a signature word (about). */
    static final int CLUSTERS_PER_WORD = 6;
    private static final String[] SYLLABLES = { "ka", "lo", "mi", "ren", "to", "sa", "vel", "nor", "qui", "da", "pe", "lum", "bri", "zo", "fan", "te",
        "gar", "shi", "mo", "cel" };
    private static final String[] COMMON = { "classic", "modern", "large", "small", "premium", "basic", "soft", "bright", "dark", "light", "vintage",
        "eco", "pro", "mini", "max", "smart", "home", "travel", "kids", "sport", "gift", "set", "pack", "deluxe", "plain", "round", "square", "slim",
        "warm", "cool", "fresh", "wild", "urban", "studio", "daily", "compact", "family", "garden", "office", "party" };

    private final int items;
    private final int dimension;
    private final int clusters;
    /** Cluster centres, unit length, [cluster][dimension]. */
    private final float[][] centres;
    /** The catalog's seed (every item derives its own stream from it). */
    private final long seed;
    /** Signature words. */
    private final String[] words;

    public SyntheticCatalog(int items, int dimension, long seed) {
        this.items = items;
        this.dimension = dimension;
        this.seed = seed;
        this.clusters = Math.max(10, items / CLUSTER_SIZE);
        Random random = new Random(seed);
        this.centres = new float[clusters][];
        for (int c = 0; c < clusters; c++) {
            float[] centre = new float[dimension];
            for (int d = 0; d < dimension; d++) {
                centre[d] = (float) random.nextGaussian();
            }
            centres[c] = normalize(centre);
        }
        this.words = new String[Math.max(4, 2 * clusters / CLUSTERS_PER_WORD)];
        for (int w = 0; w < words.length; w++) {
            words[w] = word(w);
        }
    }

    public int items() {
        return items;
    }

    public int clusters() {
        return clusters;
    }

    public int dimension() {
        return dimension;
    }

    public static String id(int item) {
        return "sku-" + item;
    }

    /** The item number of an id made by {@link #id(int)}. */
    public static int number(String id) {
        return Integer.parseInt(id.substring(4));
    }

    public int clusterOf(int item) {
        return item % clusters;
    }

    /** The item at {@code rank} of {@code cluster}, or -1 when that cluster has fewer items. */
    public int item(int cluster, int rank) {
        long item = (long) rank * clusters + cluster;
        return item < items ? (int) item : -1;
    }

    /** Items in the cluster. */
    public int clusterSize(int cluster) {
        return items / clusters + (cluster < items % clusters ? 1 : 0);
    }

    public String category(int cluster) {
        return "cat-" + cluster / CLUSTERS_PER_CATEGORY;
    }

    /** The two signature words of a cluster. */
    public String[] signature(int cluster) {
        return new String[] { words[(cluster * 2) % words.length], words[(cluster * 2 + 1 + cluster / words.length) % words.length] };
    }

    /** The catalog document of an item, as JSON. */
    public String document(int item) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + item);
        int cluster = clusterOf(item);
        float[] centre = centres[cluster];
        float[] vector = new float[dimension];
        double scale = NOISE / Math.sqrt(dimension);
        for (int d = 0; d < dimension; d++) {
            vector[d] = (float) (centre[d] + random.nextGaussian() * scale);
        }
        normalize(vector);
        String[] signature = signature(cluster);
        String title = signature[0] + " " + signature[1] + " " + COMMON[random.nextInt(COMMON.length)] + " item " + item;
        int category = cluster / CLUSTERS_PER_CATEGORY;
        double priceLevel = 5 + (category * 7919 % 97);
        double price = Math.round(priceLevel * Math.exp(0.4 * random.nextGaussian()) * 100) / 100.0;
        StringBuilder json = new StringBuilder(dimension * 12 + 200);
        json.append("{\"sku\":\"").append(id(item)).append("\",\"title\":\"").append(title).append("\",\"category\":\"").append(category(cluster)).append("\",\"cluster\":").append(cluster)
            .append(",\"price\":").append(price).append(",\"in_stock\":").append(random.nextInt(100) < 95).append(",\"embedding\":");
        appendVector(json, vector);
        return json.append('}').toString();
    }

    /** The catalog index: 1 shard, k-NN on, Lucene HNSW with cosine similarity. */
    public String indexBody() {
        return String.format(Locale.ROOT, """
            {"settings": {"index": {"number_of_shards": 1, "number_of_replicas": 0, "knn": true, "refresh_interval": "-1"}},
             "mappings": {"properties": {
               "sku": {"type": "keyword"}, "title": {"type": "text"}, "category": {"type": "keyword"}, "cluster": {"type": "integer"},
               "price": {"type": "float"}, "in_stock": {"type": "boolean"},
               "embedding": {"type": "knn_vector", "dimension": %d,
                             "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil",
                                        "parameters": {"m": 16, "ef_construction": 100}}}}}}""", dimension);
    }

    static void appendVector(StringBuilder json, float[] vector) {
        json.append('[');
        for (int d = 0; d < vector.length; d++) {
            if (d > 0) {
                json.append(',');
            }
            json.append(vector[d]);
        }
        json.append(']');
    }

    static float[] normalize(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < vector.length; d++) {
            vector[d] *= inverse;
        }
        return vector;
    }

    private static String word(int n) {
        StringBuilder word = new StringBuilder();
        int x = n;
        do {
            word.append(SYLLABLES[x % SYLLABLES.length]);
            x /= SYLLABLES.length;
        } while (x > 0);
        return word.append(SYLLABLES[(n * 7 + 3) % SYLLABLES.length]).toString();
    }
}
