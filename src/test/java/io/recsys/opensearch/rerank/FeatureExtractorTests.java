package io.recsys.opensearch.rerank;

import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.candidate.FusionMethod;
import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.profile.CatalogItem;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.profile.RecentItem;
import io.recsys.opensearch.recommender.FusionWeights;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract's v2 features on hand-made candidates and a hand-made profile. */
class FeatureExtractorTests {

    private static final long DAY = 86_400_000L;
    private static final long NOW = 1_780_000_000_000L;

    /** A user who viewed k1 just now and k2 a week ago (both kitchen), and touched the garden two weeks ago. */
    private static ProfileState profile() {
        ProfileState profile = new ProfileState("alice");
        profile.recent().add(new RecentItem("k1", NOW, "view", "web"));
        profile.recent().add(new RecentItem("k2", NOW - 7 * DAY, "purchase", "web"));
        profile.recent().add(new RecentItem("k1", NOW - 30 * DAY, "view", "web")); // an older touch of k1 does not count
        profile.categoryLastSeen().put("kitchen", NOW - DAY / 2);
        profile.categoryLastSeen().put("garden", NOW - 14 * DAY);
        return profile;
    }

    private static CatalogItem item(String id, String category) {
        return new CatalogItem(id, new float[] { 1, 0 }, category, null);
    }

    private static int[] ranks(int knn, int cooccurrence, int text, int popular, int neighbors, int trending) {
        return new int[] { knn, cooccurrence, text, popular, neighbors, trending };
    }

    @Test
    void reciprocalRanksAreSixtyOverSixtyPlusRankAndZeroWhenAbsent() {
        FeatureExtractor extractor = new FeatureExtractor(profile(), "web", NOW);
        float[] f = extractor.compute(item("x", null), ranks(1, 0, 3, 0, 10, 40), new float[Source.values().length], 0, 0);
        assertEquals(60f / 61, f[Feature.KNN_RECIPROCAL_RANK.ordinal()], 1e-6);
        assertEquals(0f, f[Feature.COOCCURRENCE_RECIPROCAL_RANK.ordinal()]);
        assertEquals(60f / 63, f[Feature.TEXT_RECIPROCAL_RANK.ordinal()], 1e-6);
        assertEquals(0f, f[Feature.POPULAR_RECIPROCAL_RANK.ordinal()]);
        assertEquals(60f / 70, f[Feature.NEIGHBORS_RECIPROCAL_RANK.ordinal()], 1e-6);
        assertEquals(60f / 100, f[Feature.TRENDING_RECIPROCAL_RANK.ordinal()], 1e-6);
    }

    @Test
    void theReciprocalRanksWeightedByTheFusionWeightsReproduceTheFusedOrder() {
        List<int[]> candidates = List.of(ranks(1, 0, 0, 5, 0, 0), ranks(0, 1, 0, 0, 0, 0), ranks(3, 2, 0, 0, 7, 0), ranks(0, 0, 0, 1, 0, 2),
            ranks(20, 0, 0, 0, 0, 0), ranks(2, 0, 0, 0, 1, 0));
        List<float[]> noScores = candidates.stream().map(c -> new float[Source.values().length]).toList();
        Feature[] reciprocal = { Feature.KNN_RECIPROCAL_RANK, Feature.COOCCURRENCE_RECIPROCAL_RANK, Feature.TEXT_RECIPROCAL_RANK,
            Feature.POPULAR_RECIPROCAL_RANK, Feature.NEIGHBORS_RECIPROCAL_RANK, Feature.TRENDING_RECIPROCAL_RANK };
        assertALinearModelOverTheFeaturesReproducesTheFusion(FusionMethod.RECIPROCAL_RANK, candidates, noScores, reciprocal, Fusion.RANK_CONSTANT);
    }

    /** In a session the fused score is the weighted mean of the normalised source scores, which the features hold too. */
    @Test
    void theNormalisedScoresWeightedByTheFusionWeightsReproduceASessionsFusedOrder() {
        List<int[]> candidates = List.of(ranks(1, 0, 0, 5, 0, 0), ranks(0, 1, 0, 0, 0, 0), ranks(3, 2, 0, 0, 7, 0), ranks(0, 0, 0, 1, 0, 2),
            ranks(20, 0, 0, 0, 0, 0), ranks(2, 3, 0, 0, 1, 0));
        List<float[]> normalised = List.of(scores(1f, 0, 0, 0.2f, 0, 0), scores(0, 1f, 0, 0, 0, 0), scores(0.9f, 0.4f, 0, 0, 0.3f, 0),
            scores(0, 0, 0, 1f, 0, 1f), scores(0.5f, 0, 0, 0, 0, 0), scores(0.95f, 0.3f, 0, 0, 1f, 0));
        Feature[] score = { Feature.KNN_SOURCE_SCORE, Feature.COOCCURRENCE_SCORE, Feature.TEXT_SCORE, Feature.POPULAR_SCORE,
            Feature.NEIGHBORS_SCORE, Feature.TRENDING_SCORE };
        assertALinearModelOverTheFeaturesReproducesTheFusion(FusionMethod.SCORES, candidates, normalised, score,
            Fusion.totalWeight(FusionWeights.DEFAULTS));
    }

    /**
     * The default fusion weights times the {@code columns} (one feature per source, in {@link Source} order) give each
     * candidate's fused score times {@code scale}, so they order the candidates as the fusion does.
     */
    private static void assertALinearModelOverTheFeaturesReproducesTheFusion(FusionMethod method, List<int[]> candidates, List<float[]> normalised,
        Feature[] columns, float scale) {
        FeatureExtractor extractor = new FeatureExtractor(profile(), "web", NOW);
        FusionWeights weights = FusionWeights.DEFAULTS;
        List<Integer> byFusion = new ArrayList<>();
        List<Integer> byFeatures = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            byFusion.add(i);
            byFeatures.add(i);
            rows.add(extractor.compute(item("c" + i, null), candidates.get(i), normalised.get(i), 0, 0));
        }
        byFusion.sort(Comparator.comparingDouble((Integer i) -> Fusion.score(method, candidates.get(i), normalised.get(i), weights)).reversed());
        byFeatures.sort(Comparator.comparingDouble((Integer i) -> {
            double linear = 0;
            for (Source source : Source.values()) {
                linear += Fusion.weight(source, weights) * rows.get(i)[columns[source.ordinal()].ordinal()];
            }
            assertEquals(Fusion.score(method, candidates.get(i), normalised.get(i), weights) * scale, linear, 1e-5, "the fused score, times " + scale);
            return linear;
        }).reversed());
        assertEquals(byFusion, byFeatures);
        assertTrue(byFusion.equals(List.of(0, 1, 2, 3, 4, 5)) == false, "the candidates are not already in fused order");
    }

    private static float[] scores(float knn, float cooccurrence, float text, float popular, float neighbors, float trending) {
        return new float[] { knn, cooccurrence, text, popular, neighbors, trending };
    }

    @Test
    void normalisedScoresAreTheSourcesScoreOverItsBestAndZeroWhenAbsent() {
        assertEquals(0.5f, FeatureExtractor.normalized(2, 4));
        assertEquals(1f, FeatureExtractor.normalized(4, 4));
        assertEquals(0f, FeatureExtractor.normalized(0, 0), "a source whose best is 0 gives 0, not NaN");
        assertEquals(0f, FeatureExtractor.normalized(-1, 4), "a negative score is clamped to 0");
        float[] scores = new float[Source.values().length];
        scores[Source.KNN.ordinal()] = 0.9f;
        scores[Source.COOCCURRENCE.ordinal()] = 0.8f;
        scores[Source.TEXT.ordinal()] = 0.7f;
        scores[Source.POPULAR.ordinal()] = 0.6f;
        scores[Source.NEIGHBORS.ordinal()] = 0.5f;
        scores[Source.TRENDING.ordinal()] = 0.4f;
        float[] f = new FeatureExtractor(profile(), "web", NOW).compute(item("x", null), ranks(1, 1, 1, 1, 1, 1), scores, 0, 0);
        assertEquals(0.9f, f[Feature.KNN_SOURCE_SCORE.ordinal()]);
        assertEquals(0.8f, f[Feature.COOCCURRENCE_SCORE.ordinal()]);
        assertEquals(0.7f, f[Feature.TEXT_SCORE.ordinal()]);
        assertEquals(0.6f, f[Feature.POPULAR_SCORE.ordinal()]);
        assertEquals(0.5f, f[Feature.NEIGHBORS_SCORE.ordinal()]);
        assertEquals(0.4f, f[Feature.TRENDING_SCORE.ordinal()]);
    }

    @Test
    void recencyHalvesEveryWeekAndIsZeroForNever() {
        FeatureExtractor extractor = new FeatureExtractor(profile(), "web", NOW);
        int[] none = ranks(1, 0, 0, 0, 0, 0);
        float[] zeros = new float[Source.values().length];
        float[] justNow = extractor.compute(item("k1", "kitchen"), none, zeros, 0, 0);
        assertEquals(1f, justNow[Feature.ITEM_RECENCY.ordinal()], 1e-6, "the latest touch of k1 counts, not the older one");
        assertEquals((float) Math.pow(2, -0.5 / 7), justNow[Feature.CATEGORY_RECENCY.ordinal()], 1e-6);
        float[] weekAgo = extractor.compute(item("k2", "kitchen"), none, zeros, 0, 0);
        assertEquals(0.5f, weekAgo[Feature.ITEM_RECENCY.ordinal()], 1e-6);
        float[] garden = extractor.compute(item("g1", "garden"), none, zeros, 0, 0);
        assertEquals(0f, garden[Feature.ITEM_RECENCY.ordinal()], "an item never touched");
        assertEquals(0.25f, garden[Feature.CATEGORY_RECENCY.ordinal()], 1e-6, "two weeks: a quarter");
        float[] toys = extractor.compute(item("t1", "toys"), none, zeros, 0, 0);
        assertEquals(0f, toys[Feature.CATEGORY_RECENCY.ordinal()], "a category never touched");
        float[] noCategory = extractor.compute(item("n1", null), none, zeros, 0, 0);
        assertEquals(0f, noCategory[Feature.CATEGORY_RECENCY.ordinal()]);
        float[] anonymous = new FeatureExtractor(null, null, NOW).compute(item("k1", "kitchen"), none, zeros, 0, 0);
        assertEquals(0f, anonymous[Feature.ITEM_RECENCY.ordinal()], "no profile: never");
        assertEquals(0f, anonymous[Feature.CATEGORY_RECENCY.ordinal()]);
    }

    @Test
    void theTrendIsRecentOverAllTimeInteractionsBoundedToOne() {
        FeatureExtractor extractor = new FeatureExtractor(profile(), "web", NOW);
        int[] none = ranks(1, 0, 0, 0, 0, 0);
        float[] zeros = new float[Source.values().length];
        assertEquals(0.25f, extractor.compute(item("x", null), none, zeros, 40, 10.0)[Feature.ITEM_TREND.ordinal()], 1e-6);
        assertEquals(0f, extractor.compute(item("x", null), none, zeros, 40, 0)[Feature.ITEM_TREND.ordinal()], "not trending");
        assertEquals(0f, extractor.compute(item("x", null), none, zeros, 0, 3.0)[Feature.ITEM_TREND.ordinal()], "no count: 0, not infinity");
        assertEquals(1f, extractor.compute(item("x", null), none, zeros, 2, 3.0)[Feature.ITEM_TREND.ordinal()], "counts read apart: clamped");
    }

    @Test
    void theV1FeaturesKeepTheirPlacesAndValues() {
        assertEquals(14, Feature.contract("v1").orElseThrow().size());
        assertEquals(List.of(Feature.values()).subList(0, 14), Feature.contract("v1").orElseThrow());
        assertEquals("platform_match", Feature.contractNames("v1").get(13));
        assertEquals(Feature.allNames(), Feature.contractNames("v2"));
        float[] f = new FeatureExtractor(profile(), "web", NOW).compute(item("k1", "kitchen"), ranks(1, 2, 0, 0, 0, 0), 0.5f, 0f, 10);
        assertEquals(Feature.values().length, f.length);
        assertEquals(1f, f[Feature.ITEM_SEEN.ordinal()]);
        assertEquals(0.5f, f[Feature.COOCCURRENCE_SCORE.ordinal()]);
        assertEquals((float) Math.log1p(10), f[Feature.POPULARITY.ordinal()], 1e-6);
        assertEquals(1f, f[Feature.FROM_KNN.ordinal()]);
        assertEquals(0f, f[Feature.PLATFORM_MATCH.ordinal()], "no platform counts in this profile");
        assertTrue(f[Feature.COOCCURRENCE_RECIPROCAL_RANK.ordinal()] > 0);
    }
}
