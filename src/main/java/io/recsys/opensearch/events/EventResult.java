package io.recsys.opensearch.events;

import org.opensearch.OpenSearchException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;

/**
 * What happened to one event of a batch, in bulk-response style.
 *
 * @param status    HTTP-like status: 201 applied, 200 duplicate (already applied), 4xx refused, 5xx failed
 * @param userId    profile the event went to, or null when refused
 * @param inCatalog whether the item was found in the catalog (false: counted, vector untouched), or null when refused
 * @param errorType error type when refused or failed
 * @param reason    error reason, naming the field
 */
public record EventResult(int status, String userId, Boolean inCatalog, String errorType, String reason) implements Writeable, ToXContentObject {

    public static EventResult applied(String userId, boolean inCatalog) {
        return new EventResult(201, userId, inCatalog, null, null);
    }

    public static EventResult duplicate(String userId, boolean inCatalog) {
        return new EventResult(200, userId, inCatalog, null, null);
    }

    public static EventResult refused(int status, Exception e) {
        return new EventResult(status, null, null, OpenSearchException.getExceptionName(e), e.getMessage());
    }

    /**
     * The profile holds the event but the events index does not: not acknowledged, so the client retries it (with an
     * {@code event_id} the retry is not applied to the profile twice).
     */
    public static EventResult notStored(int status, Exception e) {
        return new EventResult(status, null, null, OpenSearchException.getExceptionName(e),
            "the event was applied to the profile but could not be stored in the events index; send it again (with its event_id it is not applied twice): " + e.getMessage());
    }

    public boolean failed() {
        return status >= 300;
    }

    public EventResult(StreamInput in) throws IOException {
        this(in.readVInt(), in.readOptionalString(), in.readOptionalBoolean(), in.readOptionalString(), in.readOptionalString());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVInt(status);
        out.writeOptionalString(userId);
        out.writeOptionalBoolean(inCatalog);
        out.writeOptionalString(errorType);
        out.writeOptionalString(reason);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("status", status);
        if (failed()) {
            builder.startObject("error").field("type", errorType).field("reason", reason).endObject();
        } else {
            builder.field("result", status == 201 ? "applied" : "duplicate");
            builder.field("user_id", userId);
            builder.field("in_catalog", inCatalog);
        }
        return builder.endObject();
    }
}
