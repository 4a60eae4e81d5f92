package io.recsys.opensearch.recall;

/**
 * How much each anchor of the co-occurrence source counts when it reads the precomputed indicators, by its position
 * among the user's anchors (0 = the newest, the page's items first). Two regimes, told apart by the request's time
 * ({@link RecallContext#inSession}):
 * <ul>
 *   <li><b>in a session</b> (the newest event is within the recommender's {@code events.session_gap} of the request, or
 *       the page gives {@code context.items}): {@code 1 / (position + 1)}. The shopper is browsing now, and the next
 *       item follows the last one: item-kNN on the last item is the strong baseline of session data, and the harmonic
 *       decay keeps the items just before it counting less and less (the session-kNN family's decay);</li>
 *   <li><b>otherwise</b> (a returning shopper): {@code 1 / (position + 1) + H(n) / n} for {@code n} anchors, where
 *       {@code H(n)} is the n-th harmonic number: two halves of equal mass, the harmonic half for what they did last,
 *       the even half for the whole recent history (what they buy in general).</li>
 * </ul>
 * Measured on Online Retail's four protocols (docs/evaluation.md): the session protocol asks for the next line of an
 * invoice being typed; the other three for what a shopper takes later. Neither weighting has a fitted constant; the
 * session gap is the recommender's own (30 minutes by default, the usual web-analytics cut).
 */
public final class AnchorWeights {

    private final double[] weights;

    private AnchorWeights(double[] weights) {
        this.weights = weights;
    }

    /** The weights of {@code anchors} anchors, newest first, for a shopper in a session or not. */
    public static AnchorWeights of(int anchors, boolean inSession) {
        if (anchors < 1) {
            throw new IllegalArgumentException("anchors must be 1 or more, got " + anchors);
        }
        double harmonic = 0;
        for (int i = 1; i <= anchors; i++) {
            harmonic += 1.0 / i;
        }
        double even = inSession ? 0 : harmonic / anchors;
        double[] weights = new double[anchors];
        for (int position = 0; position < anchors; position++) {
            weights[position] = 1.0 / (position + 1) + even;
        }
        return new AnchorWeights(weights);
    }

    /** The weight of the anchor at {@code position} (0 = newest). */
    public double at(int position) {
        return weights[position];
    }
}
