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

    public void testEachListVotesByReciprocalRankEqualScoresSharingTheBetterRank() {
        AnchorWeights returning = AnchorWeights.of(1, false);
        // a returning shopper's anchor votes with its best LLR (10): 10, 10/2, 10/2 (tied with the second), 10/4
        assertArrayEquals(new double[] { 10, 5, 5, 2.5 }, returning.votes(0, new double[] { 10, 6, 6, 1 }, 0, 0), 1e-12);
        assertEquals(0, returning.votes(0, new double[0], 0, 0).length);
    }

    public void testInASessionTheItemJustSeenLeadsHoweverStrongAnOlderAnchorsPairsAre() {
        double[] rare = { 4, 3, 1 }, common = { 40, 30 };
        AnchorWeights session = AnchorWeights.of(2, true);
        // the newest anchor's pairs are rare (best LLR 4), the older one's common (best LLR 40); frequencies unknown
        assertArrayEquals(new double[] { 1, 0.5, 1.0 / 3 }, session.votes(0, rare, 0, 0), 1e-12);
        assertArrayEquals(new double[] { 0.5, 0.25 }, session.votes(1, common, 0, 0), 1e-12);
        // a returning shopper's anchors vote with their best LLR: the older, stronger anchor's best pair leads
        AnchorWeights returning = AnchorWeights.of(2, false);
        assertArrayEquals(new double[] { 4, 2, 4.0 / 3 }, returning.votes(0, rare, 0, 0), 1e-12);
        assertArrayEquals(new double[] { 40, 20 }, returning.votes(1, common, 0, 0), 1e-12);
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
        assertArrayEquals(new double[] { 8 * Math.log(100), 4 * Math.log(100) }, returning.votes(0, scores, 10, 1000), 1e-12);
        assertTrue(returning.votes(1, scores, 10, 1000)[0] > returning.votes(0, scores, 500, 1000)[0]);
        assertArrayEquals(new double[] { 0, 0 }, returning.votes(0, scores, 1000, 1000), 0);
        // in a session: recency and rarity, on the list's own scale
        AnchorWeights session = AnchorWeights.of(2, true);
        assertArrayEquals(new double[] { 0.5 * Math.log(2), 0.25 * Math.log(2) }, session.votes(1, scores, 500, 1000), 1e-12);
    }

    public void testNoAnchorIsRefused() {
        expectThrows(IllegalArgumentException.class, () -> AnchorWeights.of(0, false));
        expectThrows(IllegalArgumentException.class, () -> AnchorWeights.of(0, true));
    }
}
