package io.recsys.opensearch.cooccurrence;

/**
 * Dunning's log-likelihood ratio (G²) of a 2×2 contingency table, the score of {@code cooccurrence} and of the
 * {@code llr} significance heuristic.
 * <pre>
 *                 item     no item
 *   anchor        k11      k12
 *   no anchor     k21      k22
 * </pre>
 * G² = 2 Σ k·ln(k·N / (row·column)) over the four cells, with 0·ln 0 = 0. It is 0 for independence, grows with the
 * evidence against it, and is symmetric: an item seen <em>less</em> often with the anchor than without it scores
 * too, which is why callers check {@link #isPositive} before ranking by it.
 */
public final class Llr {

    private Llr() {}

    /** G² of the table; counts must be ≥ 0. Never negative (rounding is clamped), 0 for an empty table. */
    public static double g2(long k11, long k12, long k21, long k22) {
        if (k11 < 0 || k12 < 0 || k21 < 0 || k22 < 0) {
            throw new IllegalArgumentException(
                "contingency table counts must not be negative, got [" + k11 + ", " + k12 + ", " + k21 + ", " + k22 + "]"
            );
        }
        double n = (double) k11 + k12 + k21 + k22;
        if (n == 0) {
            return 0;
        }
        double row1 = (double) k11 + k12;
        double row2 = (double) k21 + k22;
        double col1 = (double) k11 + k21;
        double col2 = (double) k12 + k22;
        double sum = cell(k11, row1, col1, n) + cell(k12, row1, col2, n) + cell(k21, row2, col1, n) + cell(k22, row2, col2, n);
        return Math.max(0, 2 * sum);
    }

    /** One cell's term, k·ln(k·N / (row·column)); a zero cell adds nothing. */
    private static double cell(long k, double row, double column, double n) {
        if (k == 0) {
            return 0;
        }
        return k * Math.log(k * n / (row * column));
    }

    /** Whether the item is seen more often with the anchor than without it: k11/(k11+k12) > k21/(k21+k22). */
    public static boolean isPositive(long k11, long k12, long k21, long k22) {
        // cross-multiplied to stay exact: k11·(k21+k22) > k21·(k11+k12)
        return (double) k11 * ((double) k21 + k22) > (double) k21 * ((double) k11 + k12);
    }

    /**
     * G² from foreground/background counts, the way an aggregation sees them: the foreground (documents holding an anchor)
     * is a subset of the background (all documents considered).
     *
     * @param docCount   foreground documents holding the item (k11)
     * @param fgSize     foreground documents
     * @param bgCount    background documents holding the item
     * @param bgSize     background documents
     * @return G², or {@link Double#NEGATIVE_INFINITY} when the counts cannot come from a subset (a background filter that
     *         leaves out foreground documents) or the association is negative
     */
    public static double scoreSubset(long docCount, long fgSize, long bgCount, long bgSize) {
        if (isPositiveSubset(docCount, fgSize, bgCount, bgSize) == false) {
            return Double.NEGATIVE_INFINITY;
        }
        return g2(docCount, fgSize - docCount, bgCount - docCount, bgSize - fgSize - (bgCount - docCount));
    }

    /**
     * Whether foreground/background counts (as {@link #scoreSubset} takes them) form a table, the foreground a subset of
     * the background, and the item is seen more often with the anchors than without them.
     */
    public static boolean isPositiveSubset(long docCount, long fgSize, long bgCount, long bgSize) {
        long k11 = docCount;
        long k12 = fgSize - docCount;
        long k21 = bgCount - docCount;
        long k22 = bgSize - fgSize - k21;
        return k11 >= 0 && k12 >= 0 && k21 >= 0 && k22 >= 0 && isPositive(k11, k12, k21, k22);
    }
}
