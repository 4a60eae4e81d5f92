package io.recsys.opensearch.recall;

import org.opensearch.test.OpenSearchTestCase;

public class AnchorWeightsTests extends OpenSearchTestCase {

    public void testTheNewestAnchorCountsMostAndEveryAnchorKeepsTheEvenShare() {
        // three anchors: H(3) = 1 + 1/2 + 1/3 = 11/6, an even share of 11/18 each
        AnchorWeights weights = AnchorWeights.of(3, false);
        assertEquals(1 + 11.0 / 18, weights.at(0), 1e-12);
        assertEquals(0.5 + 11.0 / 18, weights.at(1), 1e-12);
        assertEquals(1.0 / 3 + 11.0 / 18, weights.at(2), 1e-12);
    }

    public void testTheRecencyHalfAndTheEvenHalfWeighTheSameForAnyHistoryLength() {
        for (int anchors : new int[] { 1, 2, 7, 25, 50 }) {
            AnchorWeights weights = AnchorWeights.of(anchors, false);
            double harmonic = 0, total = 0;
            for (int position = 0; position < anchors; position++) {
                harmonic += 1.0 / (position + 1);
                total += weights.at(position);
                if (position > 0) {
                    assertTrue("newer anchors weigh more", weights.at(position) < weights.at(position - 1));
                }
            }
            assertEquals("anchors " + anchors, 2 * harmonic, total, 1e-9);
        }
    }

    public void testInASessionTheWeightsAreHarmonicFromTheNewestAnchor() {
        AnchorWeights weights = AnchorWeights.of(4, true);
        assertEquals(1.0, weights.at(0), 1e-12);
        assertEquals(0.5, weights.at(1), 1e-12);
        assertEquals(1.0 / 3, weights.at(2), 1e-12);
        assertEquals(0.25, weights.at(3), 1e-12);
        // the item just seen outweighs the rest of a long history more than it does for a returning shopper
        AnchorWeights session = AnchorWeights.of(50, true), returning = AnchorWeights.of(50, false);
        assertTrue(session.at(0) / session.at(49) > returning.at(0) / returning.at(49));
    }

    public void testInASessionEachAnchorsBestIndicatorScoresItsWeight() {
        double[] rare = { 4, 3, 1 }, common = { 40, 30 };
        AnchorWeights session = AnchorWeights.of(2, true);
        // the newest anchor's pairs are rare (best LLR 4), the older one's common (best LLR 40)
        assertEquals(1.0, 4 * session.factor(0, rare), 1e-12);
        assertEquals(0.5, 40 * session.factor(1, common), 1e-12);
        assertTrue("the item just seen leads", 4 * session.factor(0, rare) > 40 * session.factor(1, common));
        // a returning shopper's anchors keep the raw scores: the older, stronger pair leads
        AnchorWeights returning = AnchorWeights.of(2, false);
        assertEquals(returning.at(1), returning.factor(1, common), 1e-12);
        assertTrue(4 * returning.factor(0, rare) < 40 * returning.factor(1, common));
        // a list without a positive score keeps the weight
        assertEquals(0.5, session.factor(1, new double[] { 0 }), 1e-12);
        assertEquals(0.5, session.factor(1, new double[0]), 1e-12);
    }

    public void testNoAnchorIsRefused() {
        expectThrows(IllegalArgumentException.class, () -> AnchorWeights.of(0, false));
        expectThrows(IllegalArgumentException.class, () -> AnchorWeights.of(0, true));
    }
}
