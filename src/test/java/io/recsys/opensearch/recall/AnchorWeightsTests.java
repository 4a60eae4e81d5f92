package io.recsys.opensearch.recall;

import org.opensearch.test.OpenSearchTestCase;

public class AnchorWeightsTests extends OpenSearchTestCase {

    public void testAReturningShoppersAnchorsCountAlike() {
        for (int anchors : new int[] { 1, 2, 7, 200 }) {
            AnchorWeights weights = AnchorWeights.of(anchors, false);
            for (int position = 0; position < anchors; position++) {
                assertEquals("anchors " + anchors + ", position " + position, 1.0, weights.at(position), 0);
            }
        }
    }

    public void testInASessionTheWeightsAreHarmonicFromTheNewestAnchor() {
        AnchorWeights weights = AnchorWeights.of(4, true);
        assertEquals(1.0, weights.at(0), 1e-12);
        assertEquals(0.5, weights.at(1), 1e-12);
        assertEquals(1.0 / 3, weights.at(2), 1e-12);
        assertEquals(0.25, weights.at(3), 1e-12);
    }

    public void testInASessionEachAnchorsBestIndicatorScoresItsWeight() {
        double[] rare = { 4, 3, 1 }, common = { 40, 30 };
        AnchorWeights session = AnchorWeights.of(2, true);
        // the newest anchor's pairs are rare (best LLR 4), the older one's common (best LLR 40); frequencies unknown
        assertEquals(1.0, 4 * session.factor(0, rare, 0, 0), 1e-12);
        assertEquals(0.5, 40 * session.factor(1, common, 0, 0), 1e-12);
        assertTrue("the item just seen leads", 4 * session.factor(0, rare, 0, 0) > 40 * session.factor(1, common, 0, 0));
        // a returning shopper's anchors keep the raw scores: the older, stronger pair leads
        AnchorWeights returning = AnchorWeights.of(2, false);
        assertEquals(1.0, returning.factor(1, common, 0, 0), 1e-12);
        assertTrue(4 * returning.factor(0, rare, 0, 0) < 40 * returning.factor(1, common, 0, 0));
        // a list without a positive score keeps the weight
        assertEquals(0.5, session.factor(1, new double[] { 0 }, 0, 0), 1e-12);
        assertEquals(0.5, session.factor(1, new double[0], 0, 0), 1e-12);
    }

    public void testTheRarerAnchorCountsMore() {
        // of 1,000 baskets: an anchor in 10 weighs ln(100), one in 500 ln(2), one in all of them nothing
        assertEquals(Math.log(100), AnchorWeights.inverseFrequency(10, 1000), 1e-12);
        assertEquals(Math.log(2), AnchorWeights.inverseFrequency(500, 1000), 1e-12);
        assertEquals(0.0, AnchorWeights.inverseFrequency(1000, 1000), 0);
        // unknown (indicators of an earlier version): 1
        assertEquals(1.0, AnchorWeights.inverseFrequency(0, 1000), 0);
        assertEquals(1.0, AnchorWeights.inverseFrequency(10, 0), 0);
        double[] scores = { 8, 2 };
        AnchorWeights returning = AnchorWeights.of(2, false);
        assertEquals(Math.log(100), returning.factor(0, scores, 10, 1000), 1e-12);
        assertTrue(returning.factor(1, scores, 10, 1000) > returning.factor(0, scores, 500, 1000));
        // in a session: recency, rarity and the list's own scale
        AnchorWeights session = AnchorWeights.of(2, true);
        assertEquals(0.5 * Math.log(2) / 8, session.factor(1, scores, 500, 1000), 1e-12);
    }

    public void testNoAnchorIsRefused() {
        expectThrows(IllegalArgumentException.class, () -> AnchorWeights.of(0, false));
        expectThrows(IllegalArgumentException.class, () -> AnchorWeights.of(0, true));
    }
}
