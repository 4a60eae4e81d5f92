package io.recsys.opensearch.recommender;

import org.opensearch.Version;
import org.opensearch.cluster.AbstractNamedDiffable;
import org.opensearch.cluster.NamedDiff;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * All recommenders of the cluster, kept in the cluster state's metadata: every node sees the same configurations at
 * once (a query reads them locally, without a round trip), and the gateway persists them across full restarts.
 */
public final class RecommenderMetadata extends AbstractNamedDiffable<Metadata.Custom> implements Metadata.Custom {

    public static final String TYPE = "recsys_recommenders";
    public static final RecommenderMetadata EMPTY = new RecommenderMetadata(Map.of());

    /** Recommender name to configuration, sorted so that listings are stable. */
    private final Map<String, RecommenderConfig> recommenders;

    public RecommenderMetadata(Map<String, RecommenderConfig> recommenders) {
        this.recommenders = Collections.unmodifiableMap(new TreeMap<>(recommenders));
    }

    public RecommenderMetadata(StreamInput in) throws IOException {
        this(in.readMap(StreamInput::readString, RecommenderConfig::new));
    }

    /** The recommenders in a cluster state's metadata; empty when none was ever created. */
    public static RecommenderMetadata from(Metadata metadata) {
        RecommenderMetadata custom = metadata.custom(TYPE);
        return custom == null ? EMPTY : custom;
    }

    public Map<String, RecommenderConfig> recommenders() {
        return recommenders;
    }

    /** The configuration of a recommender that must exist: 404 naming it otherwise. */
    public static RecommenderConfig require(org.opensearch.cluster.ClusterState state, String name) {
        RecommenderConfig config = from(state.metadata()).get(name);
        if (config == null) {
            throw new org.opensearch.ResourceNotFoundException("recommender [" + name + "] not found");
        }
        return config;
    }

    public RecommenderConfig get(String name) {
        return recommenders.get(name);
    }

    public RecommenderMetadata with(String name, RecommenderConfig config) {
        Map<String, RecommenderConfig> copy = new TreeMap<>(recommenders);
        copy.put(name, config);
        return new RecommenderMetadata(copy);
    }

    public RecommenderMetadata without(String name) {
        Map<String, RecommenderConfig> copy = new TreeMap<>(recommenders);
        copy.remove(name);
        return new RecommenderMetadata(copy);
    }

    @Override
    public String getWriteableName() {
        return TYPE;
    }

    @Override
    public Version getMinimalSupportedVersion() {
        return Version.V_3_0_0;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(recommenders, StreamOutput::writeString, (o, config) -> config.writeTo(o));
    }

    public static NamedDiff<Metadata.Custom> readDiffFrom(StreamInput in) throws IOException {
        return readDiffFrom(Metadata.Custom.class, TYPE, in);
    }

    @Override
    public EnumSet<Metadata.XContentContext> context() {
        // GATEWAY persists it on disk; SNAPSHOT lets a snapshot with global state restore it; API shows it in _cluster/state.
        return EnumSet.of(Metadata.XContentContext.API, Metadata.XContentContext.GATEWAY, Metadata.XContentContext.SNAPSHOT);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        for (Map.Entry<String, RecommenderConfig> entry : recommenders.entrySet()) {
            builder.field(entry.getKey(), entry.getValue(), params);
        }
        return builder;
    }

    /** Reads what {@link #toXContent} wrote (the gateway reads it back at start). */
    public static RecommenderMetadata fromXContent(XContentParser parser) throws IOException {
        Map<String, RecommenderConfig> recommenders = new TreeMap<>();
        if (parser.currentToken() == null) {
            parser.nextToken();
        }
        XContentParser.Token token = parser.nextToken(); // past START_OBJECT
        while (token == XContentParser.Token.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            recommenders.put(name, RecommenderConfigParser.parse(parser));
            token = parser.nextToken();
        }
        return new RecommenderMetadata(recommenders);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecommenderMetadata other && recommenders.equals(other.recommenders);
    }

    @Override
    public int hashCode() {
        return recommenders.hashCode();
    }

    @Override
    public String toString() {
        return "RecommenderMetadata" + recommenders;
    }
}
