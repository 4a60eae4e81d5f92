package io.recsys.opensearch.cooccurrence;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.xcontent.ConstructingObjectParser;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.search.aggregations.bucket.terms.heuristic.NXYSignificanceHeuristic;

import java.io.IOException;

/**
 * {@code "llr": {}} for {@code significant_terms}: the same G² as {@code cooccurrence} ({@link Llr#g2}), on the table
 * that {@code significant_terms} builds from subset and superset frequencies. Accepts the two options every 2×2 heuristic
 * of core accepts: {@code include_negatives} (default false: terms rarer in the subset than outside it are dropped, since
 * G² alone cannot tell the two directions apart) and {@code background_is_superset} (default true).
 */
public final class LlrHeuristic extends NXYSignificanceHeuristic {

    public static final String NAME = "llr";

    public static final ConstructingObjectParser<LlrHeuristic, Void> PARSER = new ConstructingObjectParser<>(
        NAME,
        buildFromParsedArgs(LlrHeuristic::new)
    );
    static {
        NXYSignificanceHeuristic.declareParseFields(PARSER);
    }

    public LlrHeuristic(boolean includeNegatives, boolean backgroundIsSuperset) {
        super(includeNegatives, backgroundIsSuperset);
    }

    public LlrHeuristic(StreamInput in) throws IOException {
        super(in);
    }

    @Override
    public double getScore(long subsetFreq, long subsetSize, long supersetFreq, long supersetSize) {
        checkFrequencies(subsetFreq, subsetSize, supersetFreq, supersetSize, NAME);
        long k11 = subsetFreq; // in the subset, with the term
        long k12 = subsetSize - subsetFreq; // in the subset, without it
        // outside the subset, with and without the term: the superset minus the subset, or the whole background
        long k21 = backgroundIsSuperset ? supersetFreq - subsetFreq : supersetFreq;
        long k22 = backgroundIsSuperset ? supersetSize - subsetSize - k21 : supersetSize - supersetFreq;
        if (includeNegatives == false && Llr.isPositive(k11, k12, k21, k22) == false) {
            return Double.NEGATIVE_INFINITY;
        }
        return Llr.g2(k11, k12, k21, k22);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        build(builder);
        return builder.endObject();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LlrHeuristic && super.equals(other);
    }

    @Override
    public int hashCode() {
        return 31 * NAME.hashCode() + super.hashCode();
    }
}
