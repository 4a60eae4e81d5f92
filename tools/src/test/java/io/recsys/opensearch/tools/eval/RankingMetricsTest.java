package io.recsys.opensearch.tools.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The metrics against values computed by hand (the arithmetic is in the comments). */
class RankingMetricsTest {

    private static final double EPS = 1e-9;
    /** b at rank 2 and e at rank 5 are relevant; x is relevant but never recommended. */
    private static final List<String> RANKED = List.of("a", "b", "c", "d", "e");
    private static final Set<String> RELEVANT = Set.of("b", "e", "x");

    @Test
    void atOneNothingIsFound() {
        assertEquals(0, RankingMetrics.hitRate(RANKED, RELEVANT, 1), EPS);
        assertEquals(0, RankingMetrics.recall(RANKED, RELEVANT, 1), EPS);
        assertEquals(0, RankingMetrics.precision(RANKED, RELEVANT, 1), EPS);
        assertEquals(0, RankingMetrics.ndcg(RANKED, RELEVANT, 1), EPS);
        assertEquals(0, RankingMetrics.reciprocalRank(RANKED, RELEVANT, 1), EPS);
        assertEquals(0, RankingMetrics.f1(RANKED, RELEVANT, 1), EPS);
    }

    @Test
    void atThreeOneHitAtRankTwo() {
        assertEquals(1, RankingMetrics.hitRate(RANKED, RELEVANT, 3), EPS);
        assertEquals(1.0 / 3, RankingMetrics.recall(RANKED, RELEVANT, 3), EPS);
        assertEquals(1.0 / 3, RankingMetrics.precision(RANKED, RELEVANT, 3), EPS);
        // DCG = 1/log2(3) = 0.63093; ideal (3 relevant, K=3) = 1 + 1/log2(3) + 1/log2(4) = 2.13093
        assertEquals(0.2960819109658652, RankingMetrics.ndcg(RANKED, RELEVANT, 3), EPS);
        assertEquals(0.5, RankingMetrics.reciprocalRank(RANKED, RELEVANT, 3), EPS);
        // P = R = 1/3: F1 = 2 · 1/9 / (2/3) = 1/3
        assertEquals(1.0 / 3, RankingMetrics.f1(RANKED, RELEVANT, 3), EPS);
    }

    @Test
    void atFiveTwoHits() {
        assertEquals(2.0 / 3, RankingMetrics.recall(RANKED, RELEVANT, 5), EPS);
        assertEquals(2.0 / 5, RankingMetrics.precision(RANKED, RELEVANT, 5), EPS);
        // DCG = 1/log2(3) + 1/log2(6) = 0.63093 + 0.38685; same ideal as at 3 (only 3 relevant items)
        assertEquals(0.4776237035032179, RankingMetrics.ndcg(RANKED, RELEVANT, 5), EPS);
        // the first hit decides
        assertEquals(0.5, RankingMetrics.reciprocalRank(RANKED, RELEVANT, 5), EPS);
        // P = 2/5, R = 2/3: F1 = 2 · (4/15) / (16/15) = 1/2
        assertEquals(0.5, RankingMetrics.f1(RANKED, RELEVANT, 5), EPS);
    }

    @Test
    void aPerfectListScoresOne() {
        assertEquals(1, RankingMetrics.ndcg(List.of("b", "e", "x", "a"), RELEVANT, 3), EPS);
        assertEquals(1, RankingMetrics.recall(List.of("b", "e", "x", "a"), RELEVANT, 3), EPS);
    }

    @Test
    void shortListsStillDivideByK() {
        assertEquals(0.1, RankingMetrics.precision(List.of("b"), RELEVANT, 10), EPS);
        assertEquals(1, RankingMetrics.ndcg(List.of("b"), Set.of("b"), 10), EPS);
    }

    @Test
    void accumulatorAveragesCasesAndCountsCoverageAndNewCategories() {
        MetricsAccumulator metrics = new MetricsAccumulator(new int[] { 1, 2 }, 10);
        Map<String, String> category = Map.of("a", "mug", "b", "bag", "c", "mug");
        // case 1: a (mug, known) hit at rank 1
        metrics.add(List.of("a", "b"), Set.of("a"), Set.of("mug"), category::get);
        // case 2: b (bag, new to the user) hit at rank 2; nothing at rank 1
        metrics.add(List.of("c", "b"), Set.of("b"), Set.of("mug"), category::get);
        Map<Metric, Double> atOne = metrics.result().get(1);
        Map<Metric, Double> atTwo = metrics.result().get(2);
        assertEquals(0.5, atOne.get(Metric.HR), EPS);
        assertEquals(1.0, atTwo.get(Metric.HR), EPS);
        // MRR@2 = (1 + 1/2) / 2
        assertEquals(0.75, atTwo.get(Metric.MRR), EPS);
        // F1@2 of each case: P = 1/2, R = 1 → 2/3; the mean of two 2/3
        assertEquals(2.0 / 3, atTwo.get(Metric.F1), EPS);
        // NDCG@2 = (1 + 1/log2(3)) / 2
        assertEquals((1 + 1 / (Math.log(3) / Math.log(2))) / 2, atTwo.get(Metric.NDCG), EPS);
        // at 1: a and c recommended, of 10 items; at 2: a, b, c
        assertEquals(0.2, atOne.get(Metric.COVERAGE), EPS);
        assertEquals(0.3, atTwo.get(Metric.COVERAGE), EPS);
        // at 1 the only hit (a) is in a known category; at 2 one of two hits (b) is new
        assertEquals(0.0, atOne.get(Metric.NEW_CATEGORY_HITS), EPS);
        assertEquals(0.5, atTwo.get(Metric.NEW_CATEGORY_HITS), EPS);
        assertEquals(2, metrics.cases());
    }
}
