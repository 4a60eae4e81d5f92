package io.recsys.opensearch.transport.model;

import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.support.clustermanager.AcknowledgedRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/** The {@code actions} of {@code POST /_plugins/_recsys/models/_aliases}, applied in order and all at once. */
public final class ModelAliasesRequest extends AcknowledgedRequest<ModelAliasesRequest> {

    /**
     * One action.
     *
     * @param add     true for add (or move), false for remove
     * @param alias   the alias
     * @param modelId target for add; for remove, the model the alias must point at, or null for any
     */
    public record AliasAction(boolean add, String alias, String modelId) implements Writeable {
        public AliasAction {
            Objects.requireNonNull(alias);
        }

        AliasAction(StreamInput in) throws IOException {
            this(in.readBoolean(), in.readString(), in.readOptionalString());
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            out.writeBoolean(add);
            out.writeString(alias);
            out.writeOptionalString(modelId);
        }
    }

    /** The actions, in order. */
    private final List<AliasAction> actions;

    public ModelAliasesRequest(List<AliasAction> actions) {
        this.actions = List.copyOf(actions);
    }

    public ModelAliasesRequest(StreamInput in) throws IOException {
        super(in);
        this.actions = in.readList(AliasAction::new);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeList(actions);
    }

    public List<AliasAction> actions() {
        return actions;
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }
}
