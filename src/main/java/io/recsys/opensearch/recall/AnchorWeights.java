package io.recsys.opensearch.recall;

/**
 * How much each anchor of the co-occurrence source counts when it reads the precomputed indicators, by its position
 * among the user's anchors (0 = the newest, the page's items first): {@code 1 / (position + 1) + H(n) / n} for
 * {@code n} anchors, where {@code H(n)} is the n-th harmonic number.
 * <p>
 * Two halves of equal mass, because what a shopper takes next depends on both: the harmonic half makes the item in
 * front of them now count most (the next click follows the last one: item-kNN on the last item is the strong baseline
 * of session data), the even half keeps the whole recent history counting (what they buy in general: weighing the
 * anchors alike is best when the next item is not tied to the last). Equal mass, whatever the number of anchors, so
 * that a long history does not drown the newest item nor a short one lose it. Measured on Online Retail's four
 * protocols (item-item LLR computed client-side on each protocol's training part): anchors weighed alike lose more than
 * half of the session protocol's NDCG, pure harmonic weights a tenth of the other protocols'; this mixture is above the
 * uniform weights on all four. It has no fitted constant.
 */
public final class AnchorWeights {

    private final double[] weights;

    private AnchorWeights(double[] weights) {
        this.weights = weights;
    }

    /** The weights of {@code anchors} anchors, newest first. */
    public static AnchorWeights of(int anchors) {
        if (anchors < 1) {
            throw new IllegalArgumentException("anchors must be 1 or more, got " + anchors);
        }
        double harmonic = 0;
        for (int i = 1; i <= anchors; i++) {
            harmonic += 1.0 / i;
        }
        double even = harmonic / anchors;
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
