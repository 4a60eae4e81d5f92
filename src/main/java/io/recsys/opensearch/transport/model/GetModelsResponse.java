package io.recsys.opensearch.transport.model;

import io.recsys.opensearch.candidate.ShopperRegime;
import io.recsys.opensearch.model.ModelInfo;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One model ({@code GET models/{id}}: its metadata, aliases and the recommenders using it) or all of them
 * ({@code GET models}: {@code {"models": [...], "aliases": {...}}}).
 */
public final class GetModelsResponse extends ActionResponse implements ToXContentObject {

    /**
     * @param model   registered version
     * @param aliases aliases pointing at it
     * @param usedBy  recommenders naming it or one of its aliases
     */
    public record Entry(ModelInfo model, List<String> aliases, List<String> usedBy) {}

    /** The models answered. */
    private final List<Entry> entries;
    /** All aliases, for the list form. */
    private final Map<String, String> aliases;
    /** True for {@code GET models/{id}}: answer the single model as the top-level object. */
    private final boolean single;
    /** The alias that was asked for, when one was. */
    private final String requestedAlias;

    public GetModelsResponse(List<Entry> entries, Map<String, String> aliases, boolean single, String requestedAlias) {
        this.entries = List.copyOf(entries);
        this.aliases = Map.copyOf(aliases);
        this.single = single;
        this.requestedAlias = requestedAlias;
    }

    public GetModelsResponse(StreamInput in) throws IOException {
        super(in);
        this.entries = in.readList(i -> new Entry(new ModelInfo(i), i.readStringList(), i.readStringList()));
        this.aliases = in.readMap(StreamInput::readString, StreamInput::readString);
        this.single = in.readBoolean();
        this.requestedAlias = in.readOptionalString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeList(entries.stream().map(e -> (org.opensearch.core.common.io.stream.Writeable) o -> {
            e.model().writeTo(o);
            o.writeStringCollection(e.aliases());
            o.writeStringCollection(e.usedBy());
        }).toList());
        out.writeMap(aliases, StreamOutput::writeString, StreamOutput::writeString);
        out.writeBoolean(single);
        out.writeOptionalString(requestedAlias);
    }

    public List<Entry> entries() {
        return entries;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        if (single) {
            return entry(builder, entries.get(0));
        }
        builder.startObject().startArray("models");
        for (Entry entry : entries) {
            entry(builder, entry);
        }
        builder.endArray();
        builder.field("aliases", new java.util.TreeMap<>(aliases));
        return builder.endObject();
    }

    private XContentBuilder entry(XContentBuilder builder, Entry entry) throws IOException {
        ModelInfo model = entry.model();
        builder.startObject();
        if (single && requestedAlias != null) {
            builder.field("alias", requestedAlias);
        }
        builder.field("model_id", model.id())
            .field("version", model.version())
            .field("features", model.features())
            .field("description", model.description())
            .field("regimes", ShopperRegime.jsonNames(model.regimes()))
            .field("size_in_bytes", model.sizeInBytes())
            .field("sha256", model.sha256())
            .field("created", java.time.Instant.ofEpochMilli(model.createdMillis()).toString())
            .field("aliases", entry.aliases())
            .field("used_by", entry.usedBy());
        return builder.endObject();
    }
}
