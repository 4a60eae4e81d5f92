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

    public ProfileStore(Client client, String index) {
        this.client = client;
        this.index = index;
    }

    public String index() {
        return index;
    }

    /** Real-time reads (from the translog if need be): a profile written a moment ago is seen. */
    public void read(Collection<String> ids, ActionListener<Map<String, StoredProfile>> listener) {
        if (ids.isEmpty()) {
            listener.onResponse(Map.of());
            return;
        }
        MultiGetRequest request = new MultiGetRequest().realtime(true);
        for (String id : ids) {
            request.add(new MultiGetRequest.Item(index, id));
        }
        client.multiGet(request, ActionListener.wrap(response -> {
            Map<String, StoredProfile> profiles = new HashMap<>();
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
        IndexRequest request = new IndexRequest(index).id(stored.state().profileId()).source(ProfileDocument.toSource(stored.state()));
        if (stored.exists()) {
            request.setIfSeqNo(stored.seqNo()).setIfPrimaryTerm(stored.primaryTerm());
        } else {
            request.opType(DocWriteRequest.OpType.CREATE);
        }
        return request;
    }

    /** Writes one profile conditionally; a conflict surfaces as a VersionConflictEngineException. */
    public void write(StoredProfile stored, ActionListener<Void> listener) {
        client.index(writeRequest(stored), ActionListener.wrap(r -> listener.onResponse(null), listener::onFailure));
    }
}
