package io.recsys.opensearch.tools.eval.reference;

import io.recsys.opensearch.common.retail.StableHash;
import io.recsys.opensearch.tools.eval.RankingMetrics;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Chooses EASE's λ on a validation part of the training data, never on the test part: each training user's distinct
 * items are held out with probability {@link #HOLDOUT} (a seeded hash of user and item, at least one item kept); B is
 * fitted on the rest for each λ of the grid, and the λ with the best NDCG@10 on the held-out items of at most
 * {@link #MAX_USERS} users (a seeded sample; kept items excluded from their lists) wins; ties: the smaller λ. The grid
 * is walked upwards and stops at the first λ that scores below the best so far (each step is a dense inverse).
 */
public final class EaseTuning {

    /** Steck's data sets took λ in the hundreds; a factor of about 3 between steps. */
    public static final List<Double> GRID = List.of(30.0, 100.0, 300.0, 1000.0);
    static final double HOLDOUT = 0.2;
    static final int MAX_USERS = 1_000;
    static final int K = 10;

    /** @param ndcg the validation NDCG@10 of each λ of the grid */
    public record Choice(double lambda, Map<Double, Double> ndcg) {}

    private EaseTuning() {}

    public static Choice choose(TrainingData data, List<Double> grid, long seed) {
        int users = data.users();
        int[][] kept = new int[users][];
        List<Integer> validation = new ArrayList<>();
        List<Set<String>> heldOut = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            int[] items = data.userItems(u);
            List<Integer> keep = new ArrayList<>();
            Set<String> held = new HashSet<>();
            for (int item : items) {
                if (StableHash.unit(seed, "ease-validation", data.userId(u), data.itemId(item)) < HOLDOUT) {
                    held.add(data.itemId(item));
                } else {
                    keep.add(item);
                }
            }
            if (keep.isEmpty() && held.isEmpty() == false) { // keep one: a user with nothing left says nothing about λ
                String first = held.stream().sorted().findFirst().orElseThrow();
                held.remove(first);
                keep.add(data.item(first));
                keep.sort(Integer::compare);
            }
            kept[u] = keep.stream().mapToInt(Integer::intValue).toArray();
            heldOut.add(held);
            if (held.isEmpty() == false) {
                validation.add(u);
            }
        }
        validation.sort(Comparator.comparingLong(u -> StableHash.of(seed, "ease-validation-user", data.userId(u))));
        List<Integer> sample = validation.subList(0, Math.min(MAX_USERS, validation.size()));
        DMatrixRMaj gram = EaseReference.gram(kept, data.items());
        Map<Double, Double> ndcg = new LinkedHashMap<>();
        double best = grid.get(0);
        for (double lambda : grid) {
            double[] weights = EaseReference.weights(gram, lambda);
            double sum = IntStream.range(0, sample.size()).parallel().mapToDouble(s -> {
                int u = sample.get(s);
                boolean[] excluded = new boolean[data.items()];
                for (int item : kept[u]) {
                    excluded[item] = true;
                }
                List<String> ranked = TopItems.of(EaseReference.scores(weights, data.items(), kept[u]), excluded, K, false, data);
                return RankingMetrics.ndcg(ranked, heldOut.get(u), K);
            }).sum();
            ndcg.put(lambda, sample.isEmpty() ? 0 : sum / sample.size());
            if (ndcg.get(lambda) > ndcg.get(best)) {
                best = lambda;
            } else if (lambda != best) {
                break;
            }
        }
        return new Choice(best, ndcg);
    }
}
