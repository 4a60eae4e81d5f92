package io.recsys.opensearch.tools.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusionWeightFitTest {

    private static final List<String> FEATURES = List.of("knn_reciprocal_rank", "cooccurrence_reciprocal_rank", "text_reciprocal_rank",
        "popular_reciprocal_rank", "neighbors_reciprocal_rank", "trending_reciprocal_rank");

    private static Map<String, Float> weights(float knn, float cooccurrence) {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("knn", knn);
        weights.put("cooccurrence", cooccurrence);
        weights.put("neighbors", 1f);
        weights.put("text", 1f);
        weights.put("popular", 0.5f);
        weights.put("trending", 0.5f);
        return weights;
    }

    /**
     * Pages of 30 hits where the k-NN and co-occurrence sources rank the hits independently; the shopper takes the hit
     * the {@code leader} source ranks first, 90% of the time, else a random one.
     */
    private static List<LoggedRow> pages(String leader, int requests, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LoggedRow> rows = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            int[] knnRank = permutation(30, random), cooccurrenceRank = permutation(30, random);
            int taken = -1;
            for (int i = 0; i < 30; i++) {
                if ((leader.equals("knn") ? knnRank[i] : cooccurrenceRank[i]) == 0) {
                    taken = i;
                }
            }
            if (random.nextDouble() < 0.1) {
                taken = random.nextInt(30);
            }
            for (int i = 0; i < 30; i++) {
                float[] features = new float[FEATURES.size()];
                features[0] = 60f / (60 + knnRank[i]);
                features[1] = 60f / (60 + cooccurrenceRank[i]);
                rows.add(new LoggedRow("r" + r, "item" + i, i, 0, features, i == taken ? 1 : 0, r));
            }
        }
        return rows;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        return values;
    }

    @Test
    void pagesWhoseShoppersTakeTheCooccurrenceFavouriteRaiseItsWeight() {
        FusionWeightFit fit = FusionWeightFit.fit(pages("cooccurrence", 200, 1), FEATURES, weights(1, 1), 10);
        assertTrue(fit.weights().get("cooccurrence") >= 4, fit::toString);
        assertEquals(1f, fit.weights().get("knn"), "only the co-occurrence weight is fitted");
        assertTrue(fit.changed());
        // and the fitted weights beat the logged ones on later pages of the same kind
        List<LoggedRow> later = pages("cooccurrence", 200, 2);
        ModelGate gate = ModelGate.of(later, fit.scorer(FEATURES), fit.startScorer(FEATURES), 10);
        assertTrue(gate.wins(), () -> gate.describe("fitted weights", "logged weights", "-"));
    }

    @Test
    void pagesWhoseShoppersTakeTheKnnFavouriteLowerItToOne() {
        FusionWeightFit fit = FusionWeightFit.fit(pages("knn", 200, 3), FEATURES, weights(1, 6), 10);
        assertEquals(1f, fit.weights().get("cooccurrence"), fit::toString);
        assertEquals(6f, fit.start().get("cooccurrence"));
        assertTrue(fit.trainNdcg() > Validation.ndcg(pages("knn", 200, 3), fit.startScorer(FEATURES), 10));
        assertEquals("knn=1,cooccurrence=1,neighbors=1,text=1,popular=0.5,trending=0.5", FusionWeightFit.describe(fit.weights()));
    }

    @Test
    void aTieKeepsTheLoggedWeight() {
        // every hit taken equally: no weight orders the pages better than another
        List<LoggedRow> rows = new ArrayList<>();
        for (LoggedRow row : pages("knn", 50, 4)) {
            rows.add(new LoggedRow(row.requestId(), row.item(), row.position(), 0, row.features(), 1, row.loggedAt()));
        }
        FusionWeightFit fit = FusionWeightFit.fit(rows, FEATURES, weights(1, 6), 10);
        assertEquals(6f, fit.weights().get("cooccurrence"));
        assertFalse(fit.changed());
    }

    @Test
    void aLogWithoutTheReciprocalRanksIsRefusedByName() {
        assertFalse(FusionWeightFit.canFit(FeatureSet.V1));
        assertTrue(FusionWeightFit.canFit(FeatureSet.V2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> FusionWeightFit.fit(pages("knn", 5, 5), FeatureSet.V1, weights(1, 6), 10));
        assertTrue(e.getMessage().contains("knn_reciprocal_rank"), e.getMessage());
    }
}
