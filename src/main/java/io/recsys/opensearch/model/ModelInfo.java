package io.recsys.opensearch.model;

import io.recsys.opensearch.candidate.ShopperRegime;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One registered model version, as kept in the cluster state (the bytes themselves are in the models system index).
 *
 * @param id          model id
 * @param version     1 for the first upload of the id, +1 for each later upload
 * @param features    the contract's feature names, in the order of the model's input columns
 * @param description free text from the upload
 * @param sha256      hex digest of the ONNX bytes (checked when a node loads them)
 * @param sizeInBytes size of the ONNX bytes
 * @param blobId      key of the stored bytes in the models index (unique per upload)
 * @param chunks      number of chunk documents holding the bytes
 * @param createdMillis upload time
 * @param regimes     the shoppers it re-ranks ({@code regimes} at upload): those its training log held. A request of another
 *                    regime keeps the fused order. Every regime when the upload named none (every model before regimes)
 */
public record ModelInfo(
    String id,
    long version,
    List<String> features,
    String description,
    String sha256,
    long sizeInBytes,
    String blobId,
    int chunks,
    long createdMillis,
    Set<ShopperRegime> regimes
) implements Writeable, ToXContentObject {

    /** A model that re-ranks every regime. */
    public ModelInfo(String id, long version, List<String> features, String description, String sha256, long sizeInBytes, String blobId,
        int chunks, long createdMillis) {
        this(id, version, features, description, sha256, sizeInBytes, blobId, chunks, createdMillis, ShopperRegime.all());
    }

    public ModelInfo {
        Objects.requireNonNull(id);
        if (regimes == null || regimes.isEmpty()) {
            throw new IllegalArgumentException("a model re-ranks at least one regime");
        }
        regimes = Collections.unmodifiableSet(EnumSet.copyOf(regimes));
        features = List.copyOf(features);
        description = description == null ? "" : description;
        Objects.requireNonNull(sha256);
        Objects.requireNonNull(blobId);
    }

    public ModelInfo(StreamInput in) throws IOException {
        this(in.readString(), in.readVLong(), in.readStringList(), in.readString(), in.readString(), in.readVLong(), in.readString(), in.readVInt(), in.readVLong(),
            in.readEnumSet(ShopperRegime.class));
    }

    public ModelKey key() {
        return new ModelKey(id, version);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(id);
        out.writeVLong(version);
        out.writeStringCollection(features);
        out.writeString(description);
        out.writeString(sha256);
        out.writeVLong(sizeInBytes);
        out.writeString(blobId);
        out.writeVInt(chunks);
        out.writeVLong(createdMillis);
        out.writeEnumSet(EnumSet.copyOf(regimes));
    }

    /** Whether the model re-ranks a request of this regime. */
    public boolean reranks(ShopperRegime regime) {
        return regimes.contains(regime);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("model_id", id);
        builder.field("version", version);
        builder.field("features", features);
        builder.field("description", description);
        builder.field("sha256", sha256);
        builder.field("size_in_bytes", sizeInBytes);
        builder.field("blob_id", blobId);
        builder.field("chunks", chunks);
        builder.field("created_millis", createdMillis);
        builder.field("regimes", ShopperRegime.jsonNames(regimes));
        return builder.endObject();
    }

    /** Reads what {@link #toXContent} wrote (the gateway reads the registry back at start). */
    @SuppressWarnings("unchecked")
    static ModelInfo fromMap(Map<String, Object> map) {
        return new ModelInfo(
            (String) map.get("model_id"),
            ((Number) map.get("version")).longValue(),
            (List<String>) map.get("features"),
            (String) map.get("description"),
            (String) map.get("sha256"),
            ((Number) map.get("size_in_bytes")).longValue(),
            (String) map.get("blob_id"),
            ((Number) map.get("chunks")).intValue(),
            ((Number) map.get("created_millis")).longValue(),
            ShopperRegime.parse("regimes", (List<String>) map.get("regimes")) // absent in a registry written before regimes: all
        );
    }
}
