package io.recsys.opensearch.recommender;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParseException;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much each source counts in the fused order ({@code fusion.weights} of a recommender): a candidate's fused score
 * is {@code Σ weight(source) / (60 + its rank in the source)} for a returning shopper, and the weighted mean of the
 * sources' normalised scores for a shopper in a session ({@code Fusion}). A shop whose data favours one source (a catalog without
 * useful embeddings, a shop where bundles matter) raises it here instead of in every query; 0 keeps a source's
 * candidates (a model may still use them) but gives them no say in the fused order.
 *
 * @param knn          weight of the k-NN source
 * @param cooccurrence weight of the co-occurrence source
 * @param neighbors    weight of the neighbours source
 * @param text         weight of the text matches
 * @param popular      weight of the popular items (the fallback: half by default)
 * @param trending     weight of the trending items (the fallback's recent half: half by default, as popular)
 */
public record FusionWeights(float knn, float cooccurrence, float neighbors, float text, float popular, float trending) implements Writeable, ToXContentObject {

    /**
     * Co-occurrence counts six times: it is the item-item source, and item-item methods lead the reference baselines
     * on Online Retail and on the public data sets the project was checked on. Each step was measured on all four Online
     * Retail protocols (docs/evaluation.md, NDCG@10): 1 → 2 raised the fused order on all four (temporal 0.0893 →
     * 0.0896, random 0.2097 → 0.2138, leave-last-out 0.0816 → 0.0820, session 0.0674 → 0.0772); once a session read
     * each anchor's list on its own scale, 2 → 3 raised it on three (random 0.2158 → 0.2163, leave-last-out 0.0834 →
     * 0.0847, session 0.1035 → 0.1152) and cost temporal 0.9% (0.0917 → 0.0909); once a returning shopper's anchors
     * counted alike and each by its inverse frequency (co-occurrence alone up 5–18% on the three protocols of returning
     * shoppers), 3 → 6 raised it on all four (temporal 0.0917 → 0.0922, random 0.2375 → 0.2439, leave-last-out 0.0855 →
     * 0.0859, session 0.1370 → 0.1373; the session's shoppers without history 0.1758 → 0.1825). The other personal
     * sources count once,
     * popular items (the fallback) half, so that they do not outvote what is known of the user.
     */
    public static final FusionWeights DEFAULTS = new FusionWeights(1, 6, 1, 1, 0.5f, 0.5f);
    /** Only ratios matter; a weight above this is almost surely a unit mistake. */
    public static final float MAX_WEIGHT = 100;
    /** The source names a weight may be given for, as the {@code recommend} query's {@code sources} names them. */
    public static final List<String> SOURCES = List.of("knn", "cooccurrence", "neighbors", "text", "popular", "trending");

    public FusionWeights(StreamInput in) throws IOException {
        this(in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        for (String source : SOURCES) {
            out.writeFloat(of(source));
        }
    }

    /** The weight of the source named {@code source} (one of {@link #SOURCES}). */
    public float of(String source) {
        return switch (source) {
            case "knn" -> knn;
            case "cooccurrence" -> cooccurrence;
            case "neighbors" -> neighbors;
            case "text" -> text;
            case "popular" -> popular;
            case "trending" -> trending;
            default -> throw new IllegalArgumentException("unknown source [" + source + "], expected one of " + SOURCES);
        };
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        for (String source : SOURCES) {
            builder.field(source, of(source));
        }
        return builder.endObject();
    }

    /** Reads {@code fusion.weights}: the sources not named keep their default weight. */
    static FusionWeights parse(XContentParser parser) throws IOException {
        float[] weights = new float[SOURCES.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = DEFAULTS.of(SOURCES.get(i));
        }
        for (Map.Entry<String, Object> entry : parser.map().entrySet()) {
            String field = "fusion.weights." + entry.getKey();
            int index = SOURCES.indexOf(entry.getKey());
            if (index < 0) {
                throw new XContentParseException(parser.getTokenLocation(),
                    "[fusion.weights] unknown source [" + entry.getKey() + "], expected one of " + SOURCES);
            }
            if (entry.getValue() instanceof Number == false) {
                throw new XContentParseException(parser.getTokenLocation(), "[" + field + "] must be a number, got [" + entry.getValue() + "]");
            }
            double weight = ((Number) entry.getValue()).doubleValue();
            if (Double.isFinite(weight) == false || weight < 0 || weight > MAX_WEIGHT) {
                throw new XContentParseException(parser.getTokenLocation(),
                    String.format(Locale.ROOT, "[%s] must be in the range [0, %d], got [%s]", field, (int) MAX_WEIGHT, entry.getValue()));
            }
            weights[index] = (float) weight;
        }
        FusionWeights parsed = new FusionWeights(weights[0], weights[1], weights[2], weights[3], weights[4], weights[5]);
        if (SOURCES.stream().allMatch(source -> parsed.of(source) == 0)) {
            throw new IllegalArgumentException("[fusion.weights] at least one source needs a weight above 0");
        }
        return parsed;
    }
}
