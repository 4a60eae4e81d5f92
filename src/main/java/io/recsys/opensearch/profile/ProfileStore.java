package io.recsys.opensearch.profile;

import org.opensearch.action.DocWriteRequest;
import org.opensearch.action.get.GetRequest;
import org.opensearch.action.get.MultiGetItemResponse;
import org.opensearch.action.get.MultiGetRequest;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads and conditionally writes profile documents. Every write carries the sequence number it read (or creates), so
 * two writers of the same profile on any nodes cannot both succeed: the loser gets a version conflict and re-applies
 * its events to the fresh profile. That is what makes concurrent ingestion lose no update.
 */
public final class ProfileStore {

    private final Client client;
    /** The profiles index. */
    private final String index;
    /** This node's last writes, or null: see {@link ProfileCache}. */
    private final ProfileCache cache;

    public ProfileStore(Client client, String index) {
        this(client, index, null);
    }

    public ProfileStore(Client client, String index, ProfileCache cache) {
        this.client = client;
        this.index = index;
        this.cache = cache;
    }

    public String index() {
        return index;
    }

    /**
     * Real-time reads (from the translog if need be): a profile written a moment ago is seen. Profiles this node wrote
     * last come from the {@link ProfileCache} when there is one (a write based on them fails on a version conflict if
     * they changed since; the failed write drops them from the cache, so the retry reads the index).
     */
    public void read(Collection<String> ids, ActionListener<Map<String, StoredProfile>> listener) {
        Map<String, StoredProfile> profiles = new HashMap<>();
        MultiGetRequest request = new MultiGetRequest().realtime(true);
        for (String id : ids) {
            StoredProfile cached = cache != null ? cache.get(index, id) : null;
            if (cached != null) {
                profiles.put(id, cached);
            } else {
                request.add(new MultiGetRequest.Item(index, id));
            }
        }
        if (request.getItems().isEmpty()) {
            listener.onResponse(profiles);
            return;
        }
        client.multiGet(request, ActionListener.wrap(response -> {
            for (MultiGetItemResponse item : response.getResponses()) {
                if (item.isFailed()) {
                    listener.onFailure(item.getFailure().getFailure());
                    return;
                }
                profiles.put(item.getId(), toStored(item.getId(), item.getResponse()));
            }
            listener.onResponse(profiles);
        }, listener::onFailure));
    }

    public void read(String id, ActionListener<StoredProfile> listener) {
        client.get(new GetRequest(index, id).realtime(true), ActionListener.wrap(response -> listener.onResponse(toStored(id, response)), listener::onFailure));
    }

    private static StoredProfile toStored(String id, org.opensearch.action.get.GetResponse response) {
        if (response.isExists() == false) {
            return new StoredProfile(new ProfileState(id), false, -1, -1);
        }
        return new StoredProfile(ProfileDocument.fromSource(id, response.getSourceAsMap()), true, response.getSeqNo(), response.getPrimaryTerm());
    }

    /** The conditional write of a profile read as {@code stored}: create when it did not exist, else if_seq_no. */
    public IndexRequest writeRequest(StoredProfile stored) {
        IndexRequest request = new IndexRequest(index).id(stored.state().profileId()).source(ProfileDocument.source(stored.state()), ProfileDocument.SOURCE_TYPE);
        if (stored.exists()) {
            request.setIfSeqNo(stored.seqNo()).setIfPrimaryTerm(stored.primaryTerm());
        } else {
            request.opType(DocWriteRequest.OpType.CREATE);
        }
        return request;
    }

    /**
     * Records in the cache that {@code request} (made by {@link #writeRequest} for {@code profile}) succeeded; the caller
     * no longer changes {@code profile}.
     */
    public void written(StoredProfile profile, IndexRequest request, long seqNo, long primaryTerm) {
        if (cache != null) {
            cache.put(index, request.id(), new ProfileCache.Entry(profile.state(), request.source().length(), seqNo, primaryTerm));
        }
    }

    /** Forgets the cached copy of a profile whose write failed. */
    public void notWritten(String id) {
        if (cache != null) {
            cache.invalidate(index, id);
        }
    }

    /** Writes one profile conditionally; a conflict surfaces as a VersionConflictEngineException. */
    public void write(StoredProfile stored, ActionListener<Void> listener) {
        client.index(writeRequest(stored), ActionListener.wrap(r -> listener.onResponse(null), listener::onFailure));
    }
}
