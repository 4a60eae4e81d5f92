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
 * The regimes also differ in what an anchor's indicator scores (LLR) mean ({@link #factor}):
 * <ul>
 *   <li><b>in a session</b> each anchor's list counts on its own scale, its best indicator scoring the anchor's weight:
 *       "what goes with the item just seen" is that item's own ranking, whether its pairs are rare or common. Raw LLR
 *       grows with the evidence, so a popular item seen earlier would otherwise outvote the one on the screen;</li>
 *   <li><b>otherwise</b> the raw LLR: for what a shopper takes later, the pairs with the most evidence over the whole
 *       history are the better bet.</li>
 * </ul>
 * Measured on Online Retail's four protocols (docs/evaluation.md), NDCG@10 of co-occurrence alone: the own scale lifts
 * the session protocol by 28% and lowers the other three by 11% to 15%, hence one scale per regime; the session's items
 * as its anchors lift it from 0.1328 to 0.1357; anchors alike and the inverse frequency lift the three protocols of
 * returning shoppers by 5%, 18% and 7%. Nothing here has a fitted constant, and the session gap is the recommender's
 * own (30 minutes by default, the usual web-analytics cut).
 */
public final class AnchorWeights {

    private final double[] weights;
    /** Whether each anchor's indicator scores are read on their own scale (in a session). */
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
     * What the indicator scores of the anchor at {@code position} are multiplied by: its recency weight times its
     * {@link #inverseFrequency}, divided in a session by the best of the scores (so the anchor's best indicator scores
     * its weight; a list without a positive score keeps the weight).
     *
     * @param docCount the baskets holding the anchor, 0 when unknown
     * @param baskets  the baskets counted, 0 when unknown
     */
    public double factor(int position, double[] scores, long docCount, long baskets) {
        double weight = weights[position] * inverseFrequency(docCount, baskets);
        if (ownScale == false) {
            return weight;
        }
        double best = 0;
        for (double score : scores) {
            best = Math.max(best, score);
        }
        return best > 0 ? weight / best : weight;
    }
}
