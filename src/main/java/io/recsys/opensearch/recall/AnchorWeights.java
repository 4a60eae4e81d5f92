package io.recsys.opensearch.recall;

/**
 * How much each anchor of the co-occurrence source counts, by its position among the user's anchors (0 = the newest,
 * the page's items first) and by how common it is. Two regimes, told apart by the request's time
 * ({@link RecallContext#inSession}):
 * <ul>
 *   <li><b>in a session</b> (the newest event is within the recommender's {@code events.session_gap} of the request, or
 *       the page gives {@code context.items}): the anchors are the session's items ({@link RecallContext#sessionItems}),
 *       the one at position p weighing {@code 1 / (p + 1)}. The shopper is browsing now, and the next item follows the
 *       last one: item-kNN on the last item is the strong baseline of session data, and the harmonic decay keeps the
 *       items just before it counting less and less (the session-kNN family's decay);</li>
 *   <li><b>otherwise</b> (a returning shopper): every anchor of the recent history alike. What a shopper comes back for
 *       goes with what they bought over time, not with the last order alone: item-based collaborative filtering's sum
 *       over the whole history.</li>
 * </ul>
 * In both, an anchor also weighs its <b>inverse frequency</b> {@code ln(baskets / baskets holding it)} (the inverse user
 * frequency of memory-based collaborative filtering, Breese et al. 1998): an item nearly everyone takes says little about
 * this shopper, a rarer one says more. Unknown frequencies (indicators of an earlier version) weigh 1.
 * <p>
 * <b>An anchor's list votes by rank.</b> Its indicators come best first, and the one at rank r (0 = the best; equal
 * scores share the better rank) gets the anchor's vote divided by {@code r + 1}: reciprocal ranks, as the fusion reads
 * the sources. The raw LLR of a popular anchor stays high far down its list, so summed over a long history its twentieth
 * companion outvoted another anchor's best one; by rank, each anchor's best companions come first. The regimes differ in
 * what an anchor's vote is ({@link #votes}):
 * <ul>
 *   <li><b>in a session</b> its weight alone: "what goes with the item just seen" is that item's own ranking, whether
 *       its pairs are rare or common. A popular item seen earlier would otherwise outvote the one on the screen;</li>
 *   <li><b>otherwise</b> its weight times its best LLR: for what a shopper takes later, the anchors whose pairs have the
 *       most evidence over the whole history are the better bet.</li>
 * </ul>
 * Measured on Online Retail's four protocols (docs/evaluation.md), NDCG@10 of co-occurrence alone: a session's own
 * scale lifts the session protocol by 28% and would lower the other three by 11% to 15%, hence one vote per regime; the
 * session's items as its anchors lift it from 0.1328 to 0.1357; anchors alike and the inverse frequency lift the three
 * protocols of returning shoppers by 5%, 18% and 7%; the votes by rank instead of by each indicator's own LLR lift all
 * four (docs/evaluation.md). Nothing here has a fitted constant, and the session gap is the recommender's own (30
 * minutes by default, the usual web-analytics cut).
 */
public final class AnchorWeights {

    private final double[] weights;
    /** Whether an anchor votes its weight alone, on its list's own scale (in a session), not times its best score. */
    private final boolean ownScale;

    private AnchorWeights(double[] weights, boolean ownScale) {
        this.weights = weights;
        this.ownScale = ownScale;
    }

    /** The recency weights of {@code anchors} anchors, newest first, for a shopper in a session or not. */
    public static AnchorWeights of(int anchors, boolean inSession) {
        if (anchors < 1) {
            throw new IllegalArgumentException("anchors must be 1 or more, got " + anchors);
        }
        double[] weights = new double[anchors];
        for (int position = 0; position < anchors; position++) {
            weights[position] = inSession ? 1.0 / (position + 1) : 1.0;
        }
        return new AnchorWeights(weights, inSession);
    }

    /** The recency weight of the anchor at {@code position} (0 = newest). */
    public double at(int position) {
        return weights[position];
    }

    /**
     * {@code ln(baskets / docCount)}: the inverse frequency of an anchor held by {@code docCount} of {@code baskets}
     * baskets; 1 when either is unknown (0), 0 for an item every basket holds.
     */
    public static double inverseFrequency(long docCount, long baskets) {
        if (docCount <= 0 || baskets <= 0) {
            return 1;
        }
        return Math.log(Math.max(1.0, (double) baskets / docCount));
    }

    /**
     * The votes of the anchor at {@code position} for the items of its list, in the list's order (best first): the
     * anchor's vote divided by {@code rank + 1}, where equal scores share the better rank. The anchor's vote is its
     * recency weight times its {@link #inverseFrequency}, times its best score for a returning shopper (in a session
     * the list's own scale: its best indicator gets the anchor's weight).
     *
     * @param scores   the list's scores, best first
     * @param docCount the baskets holding the anchor, 0 when unknown
     * @param baskets  the baskets counted, 0 when unknown
     */
    public double[] votes(int position, double[] scores, long docCount, long baskets) {
        double vote = weights[position] * inverseFrequency(docCount, baskets);
        if (ownScale == false && scores.length > 0) {
            vote *= scores[0];
        }
        double[] votes = new double[scores.length];
        int rank = 0;
        for (int i = 0; i < scores.length; i++) {
            if (i > 0 && scores[i] != scores[i - 1]) {
                rank = i;
            }
            votes[i] = vote / (rank + 1);
        }
        return votes;
    }
}
