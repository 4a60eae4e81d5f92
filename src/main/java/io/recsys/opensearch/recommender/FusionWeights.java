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
     * Co-occurrence counts three times, the other personal sources once, popular items (the fallback) half, so that they
     * do not outvote what is known of the user. Co-occurrence is the item-item source, the family that leads the
     * reference baselines on Online Retail; how much more it should count depends on the data, so the weight was chosen
     * on two data sets, each on all four protocols (docs/evaluation-notes.md, *Fusion weights on two data sets*, NDCG@10):
     * Online Retail ranks best with 2–8 depending on the protocol, MovieLens 100K with 1–2. Of 1, 2, 3, 6 and 8, 3 loses
     * least where it loses most (at worst 0.92× the best weight of a protocol, against 0.91× for 6, Online Retail's
     * own best on three protocols, and 0.83× for 1). A shop finds its own with {@code recsys-tool train --fusion-weights-to}.
     */
    public static final FusionWeights DEFAULTS = new FusionWeights(1, 3, 1, 1, 0.5f, 0.5f);
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
