package io.recsys.opensearch.tools.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fusion MLP on synthetic logged pages where the truth is known. */
class FusionMlpTest {

    /**
     * Three features: 0 decides (a user takes the item when it is high, with noise), 1 is noise, 2 is always 0 in
     * training (like item_seen when purchased items are excluded).
     */
    private static List<LoggedRow> rows(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LoggedRow> rows = new ArrayList<>();
        for (int request = 0; request < 300; request++) {
            for (int position = 0; position < 20; position++) {
                float signal = (float) random.nextDouble();
                float noise = (float) random.nextDouble();
                int label = random.nextDouble() < signal * signal * 0.5 ? 1 : 0;
                rows.add(new LoggedRow("r" + request, "i" + position, position, noise, new float[] { signal, noise, 0f }, label, request));
            }
        }
        return rows;
    }

    private static final FusionMlp.Params PARAMS = new FusionMlp.Params(8, 10, 0.01, 1e-4, 64, 3);

    @Test
    void learnsWhichFeatureMattersAndBeatsTheLoggedOrder() {
        List<LoggedRow> train = rows(1), validation = rows(2);
        FusionMlp model = FusionMlp.train(train, 3, PARAMS, e -> {});
        Validation.Scores learned = Validation.of(validation, r -> model.score(r.features()), 10);
        // the logged "fused" score here is the noise feature: the order a model has to improve on
        Validation.Scores logged = Validation.of(validation, LoggedRow::fused, 10);
        assertTrue(learned.auc() > 0.7, "AUC " + learned.auc());
        assertTrue(learned.auc() > logged.auc() + 0.15, learned + " vs " + logged);
        assertTrue(learned.ndcg() > logged.ndcg(), learned + " vs " + logged);
        assertTrue(model.score(new float[] { 0.9f, 0.5f, 0f }) > model.score(new float[] { 0.1f, 0.5f, 0f }));
    }

    @Test
    void aFeatureThatNeverVariedInTrainingDoesNotMoveTheScore() {
        FusionMlp model = FusionMlp.train(rows(1), 3, PARAMS, e -> {});
        assertEquals(model.score(new float[] { 0.5f, 0.5f, 0f }), model.score(new float[] { 0.5f, 0.5f, 1f }), 1e-12);
    }

    @Test
    void sameSeedSameModel() {
        FusionMlp a = FusionMlp.train(rows(1), 3, PARAMS, e -> {});
        FusionMlp b = FusionMlp.train(rows(1), 3, PARAMS, e -> {});
        assertArrayEquals(a.w2, b.w2);
        assertEquals(a.score(new float[] { 0.3f, 0.2f, 0f }), b.score(new float[] { 0.3f, 0.2f, 0f }));
    }

    @Test
    void aucByHand() {
        // scores 0.1 (neg), 0.4 (pos), 0.35 (neg), 0.8 (pos): of 4 (pos, neg) pairs, the positive wins all 4
        List<LoggedRow> rows = List.of(row(0.1f, 0), row(0.4f, 1), row(0.35f, 0), row(0.8f, 1));
        assertEquals(1.0, Validation.auc(rows, LoggedRow::fused), 1e-12);
        // a tie between a positive and a negative counts half: pairs (0.5+, 0.5-) = 0.5, (0.5+, 0.1-) = 1 → 0.75
        assertEquals(0.75, Validation.auc(List.of(row(0.5f, 1), row(0.5f, 0), row(0.1f, 0)), LoggedRow::fused), 1e-12);
    }

    private static LoggedRow row(float score, int label) {
        return new LoggedRow("r", "i" + score, 0, score, new float[] { score }, label, 0L);
    }
}
