package io.recsys.opensearch.cooccurrence;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;
import java.util.Locale;

/**
 * How {@code cooccurrence} scores an item from its counts ({@code "score"} and {@code "shrink"} in the request):
 * <ul>
 *   <li>{@code llr} (the default): Dunning's G² of the 2×2 table ({@link Llr}). It grows with the evidence, so the pairs
 *       of popular items score high;</li>
 *   <li>{@code cosine}: {@code doc_count / (sqrt(fg doc_count × bg_count) + shrink)}, the cosine of the two items'
 *       document sets (with one anchor: the documents holding the anchor and those holding the item), shrunk towards 0
 *       when the sets are small, so that two items seen together once in two documents do not score a perfect 1.</li>
 * </ul>
 * Either way an item needs a positive association (seen more often with the anchors than without them) and counts that
 * fit the subset table; otherwise it scores {@link Double#NEGATIVE_INFINITY} and is never returned. Fewer background
 * documents never lower either score, which {@link ExactCooccurrence}'s upper bound relies on.
 *
 * @param kind   the formula
 * @param shrink added to the cosine's denominator (≥ 0); 0 for {@code llr}
 */
public record PairScore(Kind kind, double shrink) implements Writeable {

    /** The formulas, by their request names. */
    public enum Kind {
        LLR,
        COSINE;

        public String parseName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromParseName(String field, String value) {
            for (Kind kind : values()) {
                if (kind.parseName().equals(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("[" + field + "] must be one of [llr, cosine], got [" + value + "]");
        }
    }

    /** The default shrink of {@code cosine}: two items always seen together, in ten documents, score 0.5 instead of 1. */
    public static final double DEFAULT_SHRINK = 10;
    public static final double MAX_SHRINK = 1_000_000;

    public static final PairScore LLR = new PairScore(Kind.LLR, 0);

    public PairScore {
        if (kind == null) {
            throw new IllegalArgumentException("score kind must not be null");
        }
        checkShrink(shrink, "shrink");
        if (kind == Kind.LLR && shrink != 0) {
            throw new IllegalArgumentException("shrink applies to the cosine score only, got [" + shrink + "] with [llr]");
        }
    }

    /** The cosine with the given shrink. */
    public static PairScore cosine(double shrink) {
        return new PairScore(Kind.COSINE, shrink);
    }

    /**
     * Reads the request's {@code score} and {@code shrink} (either may be null: {@code llr}, and {@link #DEFAULT_SHRINK}
     * for {@code cosine}); errors name the fields as {@code prefix.score} and {@code prefix.shrink}.
     */
    public static PairScore of(String score, Double shrink, String prefix) {
        Kind kind = score == null ? Kind.LLR : Kind.fromParseName(prefix + "score", score);
        if (kind == Kind.LLR) {
            if (shrink != null) {
                throw new IllegalArgumentException("[" + prefix + "shrink] applies to [\"score\": \"cosine\"] only");
            }
            return LLR;
        }
        double value = shrink == null ? DEFAULT_SHRINK : shrink;
        checkShrink(value, "[" + prefix + "shrink]");
        return cosine(value);
    }

    private static void checkShrink(double shrink, String field) {
        if (Double.isFinite(shrink) == false || shrink < 0 || shrink > MAX_SHRINK) {
            throw new IllegalArgumentException(field + " must be in the range [0, " + (long) MAX_SHRINK + "], got [" + shrink + "]");
        }
    }

    public PairScore(StreamInput in) throws IOException {
        this(in.readEnum(Kind.class), in.readDouble());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeEnum(kind);
        out.writeDouble(shrink);
    }

    /**
     * The item's score from foreground/background counts (the foreground, documents holding an anchor, is a subset of the
     * background).
     *
     * @param docCount foreground documents holding the item
     * @param fgSize   foreground documents
     * @param bgCount  background documents holding the item
     * @param bgSize   background documents
     */
    public double score(long docCount, long fgSize, long bgCount, long bgSize) {
        if (kind == Kind.LLR) {
            return Llr.scoreSubset(docCount, fgSize, bgCount, bgSize);
        }
        if (docCount == 0 || Llr.isPositiveSubset(docCount, fgSize, bgCount, bgSize) == false) {
            return Double.NEGATIVE_INFINITY; // counts that cannot come from a subset, or a negative association
        }
        return docCount / (Math.sqrt((double) fgSize * bgCount) + shrink);
    }
}
