package io.recsys.opensearch.identity;

import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.profile.ProfileStore;
import io.recsys.opensearch.profile.ProfileUpdater;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.get.MultiGetItemResponse;
import org.opensearch.action.get.MultiGetRequest;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.transport.client.Client;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Links platform identities to a user and merges what each identity did anonymously into the user's profile.
 *
 * <p>Order matters for events arriving meanwhile: (1) the link documents are written, so new events resolve to the
 * user; (2) each anonymous profile is marked {@code merged_into} the user with a conditional write, so an event that
 * resolved the identity earlier and writes the anonymous profile late conflicts, re-reads and follows the mark; (3) the
 * anonymous state is merged into the user's profile, which records the merge so that a retried link never merges twice.
 */
public final class IdentityLinkService {

    private final Client client;

    public IdentityLinkService(Client client) {
        this.client = client;
    }

    /**
     * What a link did.
     *
     * @param linked identities now pointing at the user
     * @param merged anonymous profiles merged by this call (0 on a repeated call)
     */
    public record LinkResult(int linked, int merged) {}

    public void link(String recommender, RecommenderConfig config, String userId, List<Identity> identities, boolean force, ActionListener<LinkResult> listener) {
        RecommenderIndices indices = RecommenderIndices.of(recommender);
        // a user merged into another account receives nothing any more: its identities belong with the account it joined
        new ProfileStore(client, indices.profiles()).read(userId, ActionListener.wrap(user -> {
            if (user.state().mergedInto() != null) {
                listener.onFailure(new OpenSearchStatusException("[user_id] user [" + userId + "] was merged into [" + user.state().mergedInto()
                    + "]; link the identities to [" + user.state().mergedInto() + "]", RestStatus.CONFLICT));
                return;
            }
            linkChecked(indices, config, userId, identities, force, listener);
        }, listener::onFailure));
    }

    private void linkChecked(RecommenderIndices indices, RecommenderConfig config, String userId, List<Identity> identities, boolean force,
                             ActionListener<LinkResult> listener) {
        MultiGetRequest existing = new MultiGetRequest().realtime(true);
        identities.forEach(identity -> existing.add(new MultiGetRequest.Item(indices.identities(), identity.linkDocId())));
        client.multiGet(existing, ActionListener.wrap(response -> {
            for (MultiGetItemResponse item : response.getResponses()) {
                if (item.isFailed()) {
                    listener.onFailure(item.getFailure().getFailure());
                    return;
                }
                if (item.getResponse().isExists()) {
                    Object owner = item.getResponse().getSourceAsMap().get("user_id");
                    if (userId.equals(owner) == false && force == false) {
                        listener.onFailure(new OpenSearchStatusException(
                            "[identities] identity [" + item.getId() + "] is already linked to user [" + owner + "]; pass \"force\": true to move it",
                            RestStatus.CONFLICT));
                        return;
                    }
                }
            }
            BulkRequest links = new BulkRequest().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
            long now = System.currentTimeMillis();
            for (Identity identity : identities) {
                links.add(new IndexRequest(indices.identities()).id(identity.linkDocId())
                    .source(Map.of("platform", identity.platform(), "id", identity.id(), "user_id", userId, "linked_at", now)));
            }
            client.bulk(links, ActionListener.wrap(linked -> {
                if (linked.hasFailures()) {
                    listener.onFailure(new IllegalStateException(linked.buildFailureMessage()));
                    return;
                }
                ProfileStore store = new ProfileStore(client, indices.profiles());
                ProfileUpdater updater = new ProfileUpdater(config.events());
                mergeNext(store, updater, userId, identities.iterator(), 0, ActionListener.wrap(
                    merged -> listener.onResponse(new LinkResult(identities.size(), merged)), listener::onFailure));
            }, listener::onFailure));
        }, listener::onFailure));
    }

    private void mergeNext(ProfileStore store, ProfileUpdater updater, String userId, Iterator<Identity> identities, int merged, ActionListener<Integer> listener) {
        if (identities.hasNext() == false) {
            listener.onResponse(merged);
            return;
        }
        Identity identity = identities.next();
        markAnonymous(store, updater, userId, identity, 1, ActionListener.wrap(
            didMerge -> mergeNext(store, updater, userId, identities, merged + (didMerge ? 1 : 0), listener), listener::onFailure));
    }

    /** Step 2: mark the anonymous profile as merged into the user (creating the mark if the identity has no profile yet). */
    private void markAnonymous(ProfileStore store, ProfileUpdater updater, String userId, Identity identity, int attempt, ActionListener<Boolean> listener) {
        String anonymousId = identity.anonymousProfileId();
        store.read(anonymousId, ActionListener.wrap(anonymous -> {
            ProfileState state = anonymous.state();
            state.identities().add(identity.linkDocId());
            String previousOwner = state.mergedInto();
            if (userId.equals(previousOwner)) {
                mergeIntoUser(store, updater, userId, state, listener); // a retried link: finish the merge if it was cut
                return;
            }
            state.markMergedInto(userId);
            Runnable retry = () -> markAnonymous(store, updater, userId, identity, attempt + 1, listener);
            if (previousOwner != null) {
                // moved by force from another user, who keeps the history it brought: only future events follow the move
                store.write(anonymous, ConditionalProfileUpdate.retryOnConflict(attempt, retry, ignored -> moveIdentity(store, identity, previousOwner, userId, listener), listener));
                return;
            }
            store.write(anonymous, ConditionalProfileUpdate.retryOnConflict(attempt, retry, ignored -> mergeIntoUser(store, updater, userId, state, listener), listener));
        }, listener::onFailure));
    }

    /** Step 3: add the anonymous state to the user's profile, once; true when it brought events. */
    private void mergeIntoUser(ProfileStore store, ProfileUpdater updater, String userId, ProfileState anonymous, ActionListener<Boolean> listener) {
        long now = System.currentTimeMillis();
        ConditionalProfileUpdate.updateState(store, userId, user -> {
            if (user.hasMerged(anonymous.profileId())) {
                return false;
            }
            updater.merge(user, anonymous);
            user.touch(now);
            return true;
        }, ActionListener.wrap(merged -> listener.onResponse(merged && anonymous.eventCount() > 0), listener::onFailure));
    }

    /** A forced move: the identity leaves the previous owner's identity list and joins the new owner's. */
    private void moveIdentity(ProfileStore store, Identity identity, String previousOwner, String userId, ActionListener<Boolean> listener) {
        long now = System.currentTimeMillis();
        ConditionalProfileUpdate.updateState(store, previousOwner, previous -> previous.identities().remove(identity.linkDocId()), ActionListener.wrap(
            removed -> ConditionalProfileUpdate.updateState(store, userId, user -> {
                user.touch(now);
                user.identities().add(identity.linkDocId());
                return true;
            }, ActionListener.wrap(added -> listener.onResponse(false), listener::onFailure)),
            listener::onFailure));
    }
}
