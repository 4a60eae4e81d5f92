package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.RecommendSpec;
import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.profile.ProfileStore;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.action.get.GetRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

/**
 * Finds the profile of the request's user: a user id directly, a platform identity through its link (or its own
 * anonymous profile when unlinked), following an anonymous profile merged into a user, or an account merged into another. Real-time reads,
 * so an event acknowledged a moment ago is already there.
 */
public final class ProfileLookup {

    /**
     * Marks followed: a device merged into a user that was merged into another account is two; more than a few means a
     * chain no API call makes, and the last profile read is used.
     */
    static final int MAX_HOPS = 4;

    private ProfileLookup() {}

    /**
     * The resolved user.
     *
     * @param profileId the profile id the user maps to
     * @param profile   its state, or null when it does not exist
     */
    public record Resolved(String profileId, ProfileState profile) {}

    /** {@code user} null (a request with only context items): no profile. */
    public static void resolve(Client client, RecommenderIndices indices, RecommendSpec.UserRef user, ActionListener<Resolved> listener) {
        if (user == null) {
            listener.onResponse(new Resolved(null, null));
            return;
        }
        if (user.platform() == null) {
            read(client, indices, user.id(), 0, listener);
            return;
        }
        Identity identity;
        try {
            identity = new Identity(user.platform(), user.id());
        } catch (IllegalArgumentException e) {
            listener.onFailure(new IllegalArgumentException("[recommend." + e.getMessage().substring(1), e));
            return;
        }
        client.get(new GetRequest(indices.identities(), identity.linkDocId()).realtime(true), ActionListener.wrap(link -> {
            String profileId = link.isExists() ? (String) link.getSourceAsMap().get("user_id") : identity.anonymousProfileId();
            read(client, indices, profileId, 0, listener);
        }, listener::onFailure));
    }

    private static void read(Client client, RecommenderIndices indices, String profileId, int hops, ActionListener<Resolved> listener) {
        new ProfileStore(client, indices.profiles()).read(profileId, ActionListener.wrap(stored -> {
            if (stored.exists() == false) {
                listener.onResponse(new Resolved(profileId, null));
            } else if (stored.state().mergedInto() != null && hops < MAX_HOPS) {
                read(client, indices, stored.state().mergedInto(), hops + 1, listener);
            } else {
                listener.onResponse(new Resolved(profileId, stored.state()));
            }
        }, listener::onFailure));
    }
}
