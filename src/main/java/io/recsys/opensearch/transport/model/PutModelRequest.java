package io.recsys.opensearch.transport.model;

import io.recsys.opensearch.candidate.ShopperRegime;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.support.clustermanager.AcknowledgedRequest;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A model upload: id, feature names in input order, description and the ONNX bytes. */
public final class PutModelRequest extends AcknowledgedRequest<PutModelRequest> {

    /** Model id (checked by the REST layer). */
    private final String modelId;
    /** Contract feature names, the model's input columns in order. */
    private final List<String> features;
    /** Free text. */
    private final String description;
    /** The ONNX model. */
    private final BytesReference model;
    /** Register only if the id is absent (the automatic registration of the default model); otherwise a new version. */
    private final boolean createOnly;
    /** The shoppers the model re-ranks: the regimes its training log held. */
    private final Set<ShopperRegime> regimes;

    /** A model that re-ranks every regime. */
    public PutModelRequest(String modelId, List<String> features, String description, BytesReference model, boolean createOnly) {
        this(modelId, features, description, model, createOnly, ShopperRegime.all());
    }

    public PutModelRequest(String modelId, List<String> features, String description, BytesReference model, boolean createOnly,
        Set<ShopperRegime> regimes) {
        this.regimes = EnumSet.copyOf(regimes);
        this.modelId = Objects.requireNonNull(modelId);
        this.features = List.copyOf(features);
        this.description = description == null ? "" : description;
        this.model = Objects.requireNonNull(model);
        this.createOnly = createOnly;
    }

    public PutModelRequest(StreamInput in) throws IOException {
        super(in);
        this.modelId = in.readString();
        this.features = in.readStringList();
        this.description = in.readString();
        this.model = in.readBytesReference();
        this.createOnly = in.readBoolean();
        this.regimes = in.readEnumSet(ShopperRegime.class);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(modelId);
        out.writeStringCollection(features);
        out.writeString(description);
        out.writeBytesReference(model);
        out.writeBoolean(createOnly);
        out.writeEnumSet(EnumSet.copyOf(regimes));
    }

    public Set<ShopperRegime> regimes() {
        return regimes;
    }

    public String modelId() {
        return modelId;
    }

    public List<String> features() {
        return features;
    }

    public String description() {
        return description;
    }

    public BytesReference model() {
        return model;
    }

    public boolean createOnly() {
        return createOnly;
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }
}
