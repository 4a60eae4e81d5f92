package io.recsys.opensearch.transport.profile;

import io.recsys.opensearch.transport.RecommenderScopedRequest;
import io.recsys.opensearch.events.Identity;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.List;

/** {@code {"user_id", "identities": [{"platform", "id"}], "force"}}, validated by the REST layer. */
public final class LinkIdentitiesRequest extends RecommenderScopedRequest {

    /** The user the identities belong to. */
    private final String userId;
    /** Identities to link. */
    private final List<Identity> identities;
    /** Move identities already linked to another user instead of refusing with 409. */
    private final boolean force;

    public LinkIdentitiesRequest(String recommender, String userId, List<Identity> identities, boolean force) {
        super(recommender);
        this.userId = userId;
        this.identities = List.copyOf(identities);
        this.force = force;
    }

    public LinkIdentitiesRequest(StreamInput in) throws IOException {
        super(in);
        this.userId = in.readString();
        this.identities = in.readList(i -> new Identity(i.readString(), i.readString()));
        this.force = in.readBoolean();
    }

    public String userId() {
        return userId;
    }

    public List<Identity> identities() {
        return identities;
    }

    public boolean force() {
        return force;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(userId);
        out.writeCollection(identities, (o, identity) -> {
            o.writeString(identity.platform());
            o.writeString(identity.id());
        });
        out.writeBoolean(force);
    }
}
