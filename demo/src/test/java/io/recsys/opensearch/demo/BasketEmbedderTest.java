package io.recsys.opensearch.demo;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasketEmbedderTest {

    /** Three groups of shoppers' habits: items 0–4, 5–9 and 10–14 are each bought among themselves only. */
    private static final int GROUPS = 3;
    private static final int GROUP_SIZE = 5;

    private static List<String> ids() {
        return IntStream.range(0, GROUPS * GROUP_SIZE).mapToObj(i -> "item-" + i).toList();
    }

    /** One category for all, so only the baskets can tell the groups apart. */
    private static List<String> categories() {
        return Collections.nCopies(GROUPS * GROUP_SIZE, "bag");
    }

    private static List<int[]> baskets(long seed) {
        Random random = new Random(seed);
        List<int[]> baskets = new ArrayList<>();
        for (int b = 0; b < 300; b++) {
            int group = random.nextInt(GROUPS);
            baskets.add(random.ints(group * GROUP_SIZE, (group + 1) * GROUP_SIZE).distinct().limit(2 + random.nextInt(3)).toArray());
        }
        return baskets;
    }

    private static float[][] embed(long seed) {
        return new BasketEmbedder(32, seed).embed(ids(), categories(), baskets(7));
    }

    @Test
    void itemsBoughtTogetherAreCloserThanItemsNeverBoughtTogether() {
        float[][] vectors = embed(BasketEmbedder.DEFAULT_SEED);
        for (int a = 0; a < vectors.length; a++) {
            double leastTogether = Double.MAX_VALUE;
            double mostApart = -Double.MAX_VALUE;
            for (int b = 0; b < vectors.length; b++) {
                if (a == b) {
                    continue;
                }
                double cosine = BasketEmbedder.cosine(vectors[a], vectors[b]);
                if (a / GROUP_SIZE == b / GROUP_SIZE) {
                    leastTogether = Math.min(leastTogether, cosine);
                } else {
                    mostApart = Math.max(mostApart, cosine);
                }
            }
            assertTrue(leastTogether > mostApart, "item " + a + ": " + leastTogether + " <= " + mostApart);
        }
    }

    @Test
    void theSameSeedGivesTheSameVectors() {
        float[][] first = embed(42);
        float[][] second = embed(42);
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i]);
        }
        assertFalse(java.util.Arrays.equals(first[0], embed(43)[0]), "another seed, other vectors");
    }

    @Test
    void anItemsVectorDoesNotDependOnTheCatalogOrder() {
        List<String> ids = ids();
        List<Integer> order = new ArrayList<>(IntStream.range(0, ids.size()).boxed().toList());
        Collections.shuffle(order, new Random(3));
        int[] position = new int[ids.size()];
        for (int p = 0; p < order.size(); p++) {
            position[order.get(p)] = p;
        }
        List<String> shuffledIds = order.stream().map(ids::get).toList();
        List<int[]> shuffledBaskets = baskets(7).stream().map(b -> IntStream.of(b).map(i -> position[i]).toArray()).toList();

        float[][] original = embed(42);
        float[][] shuffled = new BasketEmbedder(32, 42).embed(shuffledIds, categories(), shuffledBaskets);
        for (int i = 0; i < ids.size(); i++) {
            assertArrayEquals(original[i], shuffled[position[i]], 1e-5f, ids.get(i));
        }
    }

    @Test
    void vectorsAreUnitLengthWithTheRequestedDimension() {
        float[][] vectors = new BasketEmbedder(16, 1).embed(ids(), categories(), baskets(7));
        for (float[] vector : vectors) {
            assertEquals(16, vector.length);
            double norm = 0;
            for (float v : vector) {
                norm += v * v;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-5);
        }
    }

    @Test
    void itemsNeverBoughtWithAnythingStillGetADistinctVector() {
        List<int[]> singles = List.of(new int[] { 0 }, new int[] { 1 }, new int[] { 2 });
        float[][] vectors = new BasketEmbedder(32, 1).embed(List.of("a", "b", "c"), List.of("bag", "bag", "mug"), singles);
        assertTrue(BasketEmbedder.cosine(vectors[0], vectors[1]) < 0.99);
        assertTrue(BasketEmbedder.cosine(vectors[0], vectors[1]) > BasketEmbedder.cosine(vectors[0], vectors[2]),
            "the same category pulls items together");
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BasketEmbedder(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BasketEmbedder(8, 1).embed(List.of("a"), List.of(), List.of()));
    }
}
