package io.recsys.opensearch.model;

import org.opensearch.Version;
import org.opensearch.cluster.AbstractNamedDiffable;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.NamedDiff;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model registry's index card, in the cluster state's metadata: which models exist (id, current version, features,
 * where the bytes are) and where each alias points. Every node reads it locally, so a request resolves its model
 * without a round trip, and an alias switch is one cluster-state update that every node applies atomically. The gateway
 * persists it across restarts; the bytes live in the models system index.
 */
public final class ModelRegistryMetadata extends AbstractNamedDiffable<Metadata.Custom> implements Metadata.Custom {

    public static final String TYPE = "recsys_models";
    public static final ModelRegistryMetadata EMPTY = new ModelRegistryMetadata(Map.of(), Map.of());

    /** Model id to its current version, sorted so that listings are stable. */
    private final Map<String, ModelInfo> models;
    /** Alias to model id. */
    private final Map<String, String> aliases;

    /**
     * A model name as a request resolved it.
     *
     * @param alias the alias that was named, or null when the model id was named
     * @param model the version that scores the request
     */
    public record Resolved(String alias, ModelInfo model) {}

    public ModelRegistryMetadata(Map<String, ModelInfo> models, Map<String, String> aliases) {
        this.models = Collections.unmodifiableMap(new TreeMap<>(models));
        this.aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
    }

    public ModelRegistryMetadata(StreamInput in) throws IOException {
        this(in.readMap(StreamInput::readString, ModelInfo::new), in.readMap(StreamInput::readString, StreamInput::readString));
    }

    public static ModelRegistryMetadata from(Metadata metadata) {
        ModelRegistryMetadata custom = metadata.custom(TYPE);
        return custom == null ? EMPTY : custom;
    }

    public static ModelRegistryMetadata from(ClusterState state) {
        return from(state.metadata());
    }

    public Map<String, ModelInfo> models() {
        return models;
    }

    public Map<String, String> aliases() {
        return aliases;
    }

    /** A model id or an alias to the version that serves it now; null when neither is registered. */
    public Resolved resolve(String name) {
        ModelInfo model = models.get(name);
        if (model != null) {
            return new Resolved(null, model);
        }
        String target = aliases.get(name);
        return target == null || models.get(target) == null ? null : new Resolved(name, models.get(target));
    }

    /** Aliases pointing at a model. */
    public List<String> aliasesOf(String modelId) {
        return aliases.entrySet().stream().filter(e -> e.getValue().equals(modelId)).map(Map.Entry::getKey).toList();
    }

    public ModelRegistryMetadata withModel(ModelInfo model) {
        Map<String, ModelInfo> copy = new TreeMap<>(models);
        copy.put(model.id(), model);
        return new ModelRegistryMetadata(copy, aliases);
    }

    /** Without the model and the aliases that pointed at it. */
    public ModelRegistryMetadata withoutModel(String id) {
        Map<String, ModelInfo> copy = new TreeMap<>(models);
        copy.remove(id);
        Map<String, String> aliasCopy = new TreeMap<>(aliases);
        aliasCopy.values().removeIf(id::equals);
        return new ModelRegistryMetadata(copy, aliasCopy);
    }

    public ModelRegistryMetadata withAliases(Map<String, String> newAliases) {
        return new ModelRegistryMetadata(models, newAliases);
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
        out.writeMap(models, StreamOutput::writeString, (o, model) -> model.writeTo(o));
        out.writeMap(aliases, StreamOutput::writeString, StreamOutput::writeString);
    }

    public static NamedDiff<Metadata.Custom> readDiffFrom(StreamInput in) throws IOException {
        return readDiffFrom(Metadata.Custom.class, TYPE, in);
    }

    @Override
    public EnumSet<Metadata.XContentContext> context() {
        // GATEWAY: survives full restarts; SNAPSHOT: restored with global state (with the models index); API: _cluster/state.
        return EnumSet.of(Metadata.XContentContext.API, Metadata.XContentContext.GATEWAY, Metadata.XContentContext.SNAPSHOT);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject("models");
        for (Map.Entry<String, ModelInfo> entry : models.entrySet()) {
            builder.field(entry.getKey(), entry.getValue(), params);
        }
        builder.endObject();
        builder.field("aliases", aliases);
        return builder;
    }

    @SuppressWarnings("unchecked")
    public static ModelRegistryMetadata fromXContent(XContentParser parser) throws IOException {
        if (parser.currentToken() == null) {
            parser.nextToken();
        }
        Map<String, Object> map = parser.map();
        Map<String, ModelInfo> models = new TreeMap<>();
        ((Map<String, Object>) map.getOrDefault("models", Map.of())).forEach((id, value) -> models.put(id, ModelInfo.fromMap((Map<String, Object>) value)));
        Map<String, String> aliases = new TreeMap<>((Map<String, String>) map.getOrDefault("aliases", Map.of()));
        return new ModelRegistryMetadata(models, aliases);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelRegistryMetadata other && models.equals(other.models) && aliases.equals(other.aliases);
    }

    @Override
    public int hashCode() {
        return 31 * models.hashCode() + aliases.hashCode();
    }

    @Override
    public String toString() {
        return "ModelRegistryMetadata{models=" + models.keySet() + ", aliases=" + aliases + "}";
    }
}
