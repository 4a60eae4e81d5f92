package io.recsys.opensearch.recommender;

import io.recsys.opensearch.candidate.Rules;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Objects;

/**
 * A recommender: one catalog and the settings that shape profiles and ranking, so that queries stay short.
 * Immutable and validated; built by {@link RecommenderConfigParser}.
 *
 * @param catalog where the items are
 * @param events  how behaviour events update profiles
 * @param model   model id or alias used to re-rank, or null: no model, the fused order (a model re-ranks only data it
 *                was trained on, so none is chosen for a recommender that names none)
 * @param fusion  the weight of each source in the fused order
 * @param indices shards and replicas asked for the recommender's own indices, used when they are created
 * @param rules   the merchandising rules of every request that gives none of its own
 */
public record RecommenderConfig(CatalogConfig catalog, EventsConfig events, String model, FusionWeights fusion, IndicesConfig indices, Rules rules)
    implements Writeable, ToXContentObject {

    /**
     * The model shipped with the plugin (trained on Online Retail pages), registered automatically when a recommender or
     * a request names it. Never used unless named: off the data it was trained on it ranks below the fused order.
     */
    public static final String DEFAULT_MODEL = "fusion-default";

    public RecommenderConfig {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(fusion, "fusion");
        Objects.requireNonNull(indices, "indices");
        Objects.requireNonNull(rules, "rules");
    }

    /** With nothing asked for the own indices (templates, else the plugin's defaults, decide) and no rules. */
    public RecommenderConfig(CatalogConfig catalog, EventsConfig events, String model, FusionWeights fusion) {
        this(catalog, events, model, fusion, IndicesConfig.NONE, Rules.NONE);
    }

    /** With the default fusion weights. */
    public RecommenderConfig(CatalogConfig catalog, EventsConfig events, String model) {
        this(catalog, events, model, FusionWeights.DEFAULTS);
    }

    public RecommenderConfig(StreamInput in) throws IOException {
        this(new CatalogConfig(in), new EventsConfig(in), in.readOptionalString(), new FusionWeights(in), new IndicesConfig(in), new Rules(in));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        catalog.writeTo(out);
        events.writeTo(out);
        out.writeOptionalString(model);
        fusion.writeTo(out);
        indices.writeTo(out);
        rules.writeTo(out);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        toXContentFields(builder, params);
        return builder.endObject();
    }

    /** The configuration's fields, without the enclosing object. */
    public XContentBuilder toXContentFields(XContentBuilder builder, Params params) throws IOException {
        builder.field(RecommenderConfigParser.CATALOG.getPreferredName(), catalog, params);
        builder.field(RecommenderConfigParser.EVENTS.getPreferredName(), events, params);
        builder.field(RecommenderConfigParser.MODEL.getPreferredName(), model);
        builder.startObject(RecommenderConfigParser.FUSION.getPreferredName());
        builder.field(RecommenderConfigParser.WEIGHTS.getPreferredName(), fusion, params);
        builder.endObject();
        builder.field(RecommenderConfigParser.INDICES.getPreferredName(), indices, params);
        builder.field(RecommenderConfigParser.RULES.getPreferredName(), rules, params);
        return builder;
    }
}
