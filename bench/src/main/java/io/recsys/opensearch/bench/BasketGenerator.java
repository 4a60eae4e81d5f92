package io.recsys.opensearch.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic baskets with structure worth finding: items come in bundles of {@link #BUNDLE} (a mug and its coasters);
 * a basket takes 1–3 bundles, bundles chosen with Zipf popularity, 2–5 items from each, plus 0–3 items drawn by
 * their own Zipf popularity (the bestsellers that are in every kind of basket). Deterministic for a seed.
 */
final class BasketGenerator {

    /** Items per bundle. */
    static final int BUNDLE = 8;
    /** Zipf exponent of bundle and item popularity. */
    static final double ZIPF = 1.0;

    /** Number of items; ids are sku-0 … sku-(items-1). */
    private final int items;
    /** Cumulative bundle popularity, for sampling. */
    private final double[] bundleCdf;
    /** Cumulative item popularity, for the bestsellers. */
    private final double[] itemCdf;
    /** Item ids shuffled so that popular bundles are not the first ids. */
    private final int[] permutation;
    /** The source of randomness. */
    private final Random random;

    BasketGenerator(int items, long seed) {
        this.items = items;
        this.random = new Random(seed);
        this.bundleCdf = Zipf.cdf(Math.max(1, items / BUNDLE), ZIPF);
        this.itemCdf = Zipf.cdf(items, ZIPF);
        this.permutation = new int[items];
        for (int i = 0; i < items; i++) {
            permutation[i] = i;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
    }



    static String id(int item) {
        return "sku-" + item;
    }

    /** The next basket: distinct item ids. */
    List<String> next() {
        Set<Integer> basket = new LinkedHashSet<>();
        int bundles = 1 + random.nextInt(3);
        for (int b = 0; b < bundles; b++) {
            int bundle = Zipf.sample(bundleCdf, random);
            int take = 2 + random.nextInt(4);
            for (int k = 0; k < take; k++) {
                int item = bundle * BUNDLE + random.nextInt(BUNDLE);
                if (item < items) {
                    basket.add(permutation[item]);
                }
            }
        }
        int bestsellers = random.nextInt(4);
        for (int k = 0; k < bestsellers; k++) {
            basket.add(permutation[Zipf.sample(itemCdf, random)]);
        }
        List<String> ids = new ArrayList<>(basket.size());
        for (int item : basket) {
            ids.add(id(item));
        }
        return ids;
    }
}
