package io.recsys.opensearch.identity;

import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.profile.ProfileStore;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.delete.DeleteRequest;
import org.opensearch.action.get.GetRequest;
import org.opensearch.action.get.GetResponse;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.transport.client.Client;

/**
 * Unlinks one platform identity from its user: the device's later events go to its own (anonymous) profile again.
 *
 * <p>The user keeps every bit of history it has (a profile is an aggregate: what the device added cannot be taken out
 * exactly). The device starts afresh: its anonymous profile, whose pre-link history the user's profile holds, is emptied,
 * and the user stops counting it as merged, so that linking the device again merges only what it did in between.
 *
 * <p>Order, for events arriving meanwhile: (1) the anonymous profile is emptied and its {@code merged_into} mark cleared
 * (conditional write); events still resolve through the link to the user; (2) the user's profile drops the identity;
 * (3) the link document is deleted on the version read at the start, so a link or move made meanwhile is never undone
 * (409 instead). A retried unlink finds the link still there and completes what was cut.
 */
public final class IdentityUnlinkService {

    private final Client client;

    public IdentityUnlinkService(Client client) {
        this.client = client;
    }

    /**
     * @param userId the user the identity was linked to
     */
    public record UnlinkResult(String userId) {}

    /**
     * Unlinks {@code identity}; {@code expectedUser}, when not null, must be its user (409 otherwise). 404 when the identity
     * is not linked.
     */
    public void unlink(String recommender, Identity identity, String expectedUser, ActionListener<UnlinkResult> listener) {
        RecommenderIndices indices = RecommenderIndices.of(recommender);
        client.get(new GetRequest(indices.identities(), identity.linkDocId()).realtime(true), ActionListener.wrap(link -> {
            if (link.isExists() == false) {
                listener.onFailure(new ResourceNotFoundException("[identity] identity [" + identity.linkDocId() + "] is not linked to any user"));
                return;
            }
            String owner = (String) link.getSourceAsMap().get("user_id");
            if (expectedUser != null && expectedUser.equals(owner) == false) {
                listener.onFailure(new OpenSearchStatusException(
                    "[user_id] identity [" + identity.linkDocId() + "] is linked to user [" + owner + "], not [" + expectedUser + "]", RestStatus.CONFLICT));
                return;
            }
            ProfileStore store = new ProfileStore(client, indices.profiles());
            String anonymousId = identity.anonymousProfileId();
            long now = System.currentTimeMillis();
            ConditionalProfileUpdate.update(store, anonymousId, stored -> {
                if (stored.exists() == false || stored.state().mergedInto() == null) {
                    return null; // never had events of its own, or already emptied by a cut unlink
                }
                ProfileState fresh = new ProfileState(anonymousId);
                fresh.identities().add(identity.linkDocId());
                fresh.touch(now);
                return fresh;
            }, ActionListener.wrap(emptied -> ConditionalProfileUpdate.updateState(store, owner, user -> {
                boolean listed = user.identities().remove(identity.linkDocId());
                boolean merged = user.hasMerged(anonymousId);
                user.forgetMerged(anonymousId);
                user.touch(now);
                return listed || merged;
            }, ActionListener.wrap(left -> deleteLink(indices, identity, link, owner, listener), listener::onFailure)), listener::onFailure));
        }, listener::onFailure));
    }

    /** Step 3: the link goes, unless it changed since it was read. */
    private void deleteLink(RecommenderIndices indices, Identity identity, GetResponse link, String owner, ActionListener<UnlinkResult> listener) {
        DeleteRequest delete = new DeleteRequest(indices.identities(), identity.linkDocId()).setIfSeqNo(link.getSeqNo())
            .setIfPrimaryTerm(link.getPrimaryTerm())
            .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE); // like a link: forget finds links by search
        client.delete(delete, ActionListener.wrap(deleted -> listener.onResponse(new UnlinkResult(owner)), e -> {
            if (ConditionalProfileUpdate.isConflict(e)) {
                listener.onFailure(new OpenSearchStatusException("[identity] identity [" + identity.linkDocId()
                    + "] was linked or unlinked by another request meanwhile; read its profile and retry", RestStatus.CONFLICT, e));
            } else {
                listener.onFailure(e);
            }
        }));
    }
}
