package io.recsys.opensearch.tools.embed;

import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.data.Item;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedding on a synthetic shop with two tastes: kitchen buyers and garden buyers, 30 items each, every user buying 5
 * of their taste's items. Few factors (4) for 60 items, as in a real catalog (64 for thousands): with as many factors as
 * items, ALS would memorise each user's exact basket instead of the tastes.
 */
class ItemEmbedderTest {

    private static final List<String> KITCHEN = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "k" + i).toList();
    private static final List<String> GARDEN = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "g" + i).toList();

    private static List<Item> catalog() {
        List<Item> items = new ArrayList<>();
        KITCHEN.forEach(id -> items.add(new Item(id, "KITCHEN MUG " + id, "kitchen", 1.0)));
        GARDEN.forEach(id -> items.add(new Item(id, "GARDEN TROWEL " + id, "garden", 1.0)));
        items.add(new Item("new-mug", "KITCHEN MUG NEW", "kitchen", 1.0)); // nobody bought it yet
        items.add(new Item("zzz", "ZZZ", "misc", 1.0));                    // no interactions, no known word
        return items;
    }

    private static List<Interaction> interactions(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Interaction> interactions = new ArrayList<>();
        for (int u = 0; u < 300; u++) {
            List<String> taste = u % 2 == 0 ? KITCHEN : GARDEN;
            for (int n = 0; n < 5; n++) {
                interactions.add(new Interaction("u" + u, taste.get(random.nextInt(taste.size())), n, "purchase", null, null, null, 1));
            }
        }
        return interactions;
    }

    private static ItemEmbedder.Settings settings(long seed) {
        return new ItemEmbedder.Settings(new ImplicitAls.Params(4, 15, 0.1, 10, 3, seed), ItemEmbedder.Space.ALS, 0, Map.of("purchase", 1.0));
    }

    @Test
    void sameSeedSameVectorsWhateverTheInputOrder() {
        List<Interaction> forward = interactions(1);
        List<Interaction> backward = new ArrayList<>(forward);
        java.util.Collections.reverse(backward);
        var a = new ItemEmbedder(settings(42)).embed(catalog(), forward, i -> {}).vectors();
        var b = new ItemEmbedder(settings(42)).embed(catalog().reversed(), backward, i -> {}).vectors();
        for (String id : a.keySet()) {
            assertArrayEquals(a.get(id), b.get(id), id);
        }
        var c = new ItemEmbedder(settings(43)).embed(catalog(), forward, i -> {}).vectors();
        assertFalse(Arrays.equals(a.get("k1"), c.get("k1")), "another seed gives other vectors");
    }

    @Test
    void itemsOfOneTasteAreCloserThanItemsOfTheOther() {
        var vectors = new ItemEmbedder(settings(42)).embed(catalog(), interactions(1), i -> {}).vectors();
        double within = 0, across = 0;
        for (String k : KITCHEN) {
            for (String other : KITCHEN) {
                within += k.equals(other) ? 0 : ItemEmbedder.cosine(vectors.get(k), vectors.get(other)) / (30 * 29);
            }
            for (String g : GARDEN) {
                across += ItemEmbedder.cosine(vectors.get(k), vectors.get(g)) / (30 * 30);
            }
        }
        assertTrue(within > across + 0.4, "within " + within + ", across " + across);
        // what the k-NN source relies on: every item's nearest neighbour is of its own taste
        for (String item : vectors.keySet()) {
            if (item.startsWith("k") || item.startsWith("g")) {
                String nearest = vectors.keySet().stream().filter(o -> o.equals(item) == false && (o.startsWith("k") || o.startsWith("g")))
                    .max(java.util.Comparator.comparingDouble(o -> ItemEmbedder.cosine(vectors.get(item), vectors.get(o)))).orElseThrow();
                assertEquals(item.charAt(0), nearest.charAt(0), item + " -> " + nearest);
            }
        }
        for (float[] vector : vectors.values()) {
            double norm = 0;
            for (float v : vector) {
                norm += v * v;
            }
            assertEquals(1.0, norm, 1e-4, "raw ALS factors are stored at unit length: best sellers must not dominate a mean");
        }
    }

    @Test
    void anItemNobodyBoughtLandsNearTheItemsItsTitleShares() {
        var result = new ItemEmbedder(settings(42)).embed(catalog(), interactions(1), i -> {});
        var vectors = result.vectors();
        assertTrue(ItemEmbedder.cosine(vectors.get("new-mug"), vectors.get("k1")) > ItemEmbedder.cosine(vectors.get("new-mug"), vectors.get("g1")));
        assertEquals(1, result.summary().fromText());
        assertEquals(1, result.summary().random(), "zzz shares no word with a bought item: a random unit vector");
    }

    @Test
    void foldInDotVectorsKeepTheirLengthAndColdItemsGetATypicalOne() {
        var settings = new ItemEmbedder.Settings(new ImplicitAls.Params(4, 15, 0.1, 10, 3, 42), ItemEmbedder.Space.FOLD_IN_DOT, 0, Map.of("purchase", 1.0));
        var vectors = new ItemEmbedder(settings).embed(catalog(), interactions(1), i -> {}).vectors();
        double[] learned = java.util.stream.Stream.concat(KITCHEN.stream(), GARDEN.stream()).mapToDouble(id -> ItemEmbedder.length(vectors.get(id))).sorted().toArray();
        assertTrue(learned[learned.length - 1] > learned[0] * 1.01, "the lengths differ: they are part of the inner-product score");
        double median = learned[learned.length / 2];
        assertEquals(median, ItemEmbedder.length(vectors.get("new-mug")), 1e-4, "a text vector scores like a typical item of its direction");
        assertEquals(median, ItemEmbedder.length(vectors.get("zzz")), 1e-4);
        // what the k-NN source does with them: the mean of a kitchen shopper's vectors, by inner product, ranks kitchen first
        float[] mean = new float[4];
        for (String id : List.of("k1", "k2", "k3")) {
            for (int d = 0; d < 4; d++) {
                mean[d] += vectors.get(id)[d] / 3;
            }
        }
        String best = java.util.stream.Stream.concat(KITCHEN.stream(), GARDEN.stream()).filter(id -> List.of("k1", "k2", "k3").contains(id) == false)
            .max(java.util.Comparator.comparingDouble(id -> dot(mean, vectors.get(id)))).orElseThrow();
        assertTrue(best.startsWith("k"), best);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += (double) a[d] * b[d];
        }
        return sum;
    }
}
