package io.recsys.opensearch.identity;

import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.profile.ProfileStore;
import io.recsys.opensearch.profile.ProfileUpdater;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.admin.indices.refresh.RefreshRequest;
import org.opensearch.action.bulk.BulkItemResponse;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Merges one user account into another ({@code from} into {@code into}): {@code from}'s identities and profile aggregate
 * move to {@code into}, and later events or queries naming {@code from} reach {@code into}.
 *
 * <p>The same order as a link, for the same reason: (1) {@code from}'s profile is marked {@code merged_into} with a
 * conditional write, so an event that resolved to {@code from} and writes late conflicts, re-reads and follows the mark;
 * (2) the state read at the mark is merged into {@code into}, which records the merge, so a retried call never merges
 * twice; (3) {@code from}'s identity links are rewritten to {@code into}, each on the version it was read at (a link moved
 * meanwhile by another request is left to that request; events through it still follow the mark).
 *
 * <p>Merges never form a cycle or a lost branch: {@code into} must not itself be merged away (409), and a concurrent merge
 * that marked {@code into} after step 1 makes step 2 refuse, undo this call's mark and answer 409.
 */
public final class AccountMergeService {

    /** Identity links moved per call; an account with more is a data problem worth a clear error. */
    static final int MAX_IDENTITIES = 10_000;

    private final Client client;

    public AccountMergeService(Client client) {
        this.client = client;
    }

    /**
     * What a merge did.
     *
     * @param merged          whether this call merged {@code from}'s profile (false on a repeated call)
     * @param movedIdentities identity links rewritten to {@code into}
     */
    public record MergeResult(boolean merged, int movedIdentities) {}

    public void merge(String recommender, RecommenderConfig config, String from, String into, ActionListener<MergeResult> listener) {
        RecommenderIndices indices = RecommenderIndices.of(recommender);
        ProfileStore store = new ProfileStore(client, indices.profiles());
        ProfileUpdater updater = new ProfileUpdater(config.events());
        AtomicReference<ProfileState> marked = new AtomicReference<>();
        AtomicBoolean markedNow = new AtomicBoolean();
        // Step 1
        ConditionalProfileUpdate.update(store, from, stored -> {
            if (stored.exists() == false) {
                throw new ResourceNotFoundException("[from] user [" + from + "] not found in recommender [" + recommender + "]");
            }
            ProfileState state = stored.state();
            marked.set(state);
            if (into.equals(state.mergedInto())) {
                return null; // a retried merge: finish what was cut
            }
            if (state.mergedInto() != null) {
                throw conflict("[from] user [" + from + "] was already merged into [" + state.mergedInto() + "]");
            }
            state.markMergedInto(into);
            return state;
        }, ActionListener.wrap(wrote -> {
            markedNow.set(wrote);
            mergeState(store, updater, from, into, marked.get(), ActionListener.wrap(
                merged -> moveLinks(indices, from, into, ActionListener.wrap(moved -> listener.onResponse(new MergeResult(merged, moved)), listener::onFailure)),
                e -> undoMark(store, from, into, markedNow.get(), e, listener)));
        }, listener::onFailure));
    }

    /** Step 2: {@code from}'s state, as marked, joins {@code into} once; refused when {@code into} was merged away meanwhile. */
    private void mergeState(ProfileStore store, ProfileUpdater updater, String from, String into, ProfileState fromState, ActionListener<Boolean> listener) {
        long now = System.currentTimeMillis();
        ConditionalProfileUpdate.updateState(store, into, user -> {
            if (user.mergedInto() != null) {
                throw conflict("[into] user [" + into + "] was merged into [" + user.mergedInto() + "]; merge into [" + user.mergedInto() + "] instead");
            }
            if (user.hasMerged(from)) {
                return false;
            }
            updater.merge(user, fromState);
            user.touch(now);
            return true;
        }, listener);
    }

    /** Takes back this call's mark after step 2 refused, so {@code from} keeps receiving its events; then reports the refusal. */
    private void undoMark(ProfileStore store, String from, String into, boolean markedNow, Exception failure, ActionListener<MergeResult> listener) {
        if (markedNow == false) {
            listener.onFailure(failure);
            return;
        }
        ConditionalProfileUpdate.updateState(store, from, state -> {
            if (into.equals(state.mergedInto()) == false) {
                return false;
            }
            state.markMergedInto(null);
            return true;
        }, ActionListener.wrap(undone -> listener.onFailure(failure), e -> {
            failure.addSuppressed(e);
            listener.onFailure(failure);
        }));
    }

    /** Step 3: {@code from}'s links point at {@code into}, each written on the version it was found at. */
    private void moveLinks(RecommenderIndices indices, String from, String into, ActionListener<Integer> listener) {
        client.admin().indices().refresh(new RefreshRequest(indices.identities()), ActionListener.wrap(refreshed -> {
            SearchRequest search = new SearchRequest(indices.identities()).source(new SearchSourceBuilder().size(MAX_IDENTITIES)
                .query(QueryBuilders.termQuery("user_id", from)).seqNoAndPrimaryTerm(true));
            client.search(search, ActionListener.wrap(response -> {
                SearchHit[] hits = response.getHits().getHits();
                if (hits.length == 0) {
                    listener.onResponse(0);
                    return;
                }
                BulkRequest bulk = new BulkRequest().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
                long now = System.currentTimeMillis();
                for (SearchHit hit : hits) {
                    Map<String, Object> link = new HashMap<>(hit.getSourceAsMap());
                    link.put("user_id", into);
                    link.put("linked_at", now);
                    bulk.add(new IndexRequest(indices.identities()).id(hit.getId()).source(link)
                        .setIfSeqNo(hit.getSeqNo()).setIfPrimaryTerm(hit.getPrimaryTerm()));
                }
                client.bulk(bulk, ActionListener.wrap(written -> {
                    int moved = 0;
                    for (BulkItemResponse item : written.getItems()) {
                        if (item.isFailed() == false) {
                            moved++;
                        } else if (ConditionalProfileUpdate.isConflict(item.getFailure().getCause()) == false) {
                            listener.onFailure(item.getFailure().getCause());
                            return;
                        }
                    }
                    listener.onResponse(moved);
                }, listener::onFailure));
            }, listener::onFailure));
        }, listener::onFailure));
    }

    private static OpenSearchStatusException conflict(String message) {
        return new OpenSearchStatusException(message, RestStatus.CONFLICT);
    }
}
