package io.recsys.opensearch.transport.profile;

import io.recsys.opensearch.access.SystemContext;
import io.recsys.opensearch.profile.ProfileDocument;
import io.recsys.opensearch.profile.ProfileStore;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

/** A real-time read of the profile document, shown in the API's shape. */
public final class TransportGetProfileAction extends HandledTransportAction<ProfileRequest, ProfileJsonResponse> {

    private final ClusterService clusterService;
    private final Client client;

    @Inject
    public TransportGetProfileAction(TransportService transportService, ActionFilters actionFilters, ClusterService clusterService, Client client) {
        super(GetProfileAction.NAME, transportService, actionFilters, ProfileRequest::new);
        this.clusterService = clusterService;
        this.client = client;
    }

    @Override
    protected void doExecute(Task task, ProfileRequest request, ActionListener<ProfileJsonResponse> listener) {
        try {
            RecommenderMetadata.require(clusterService.state(), request.recommender());
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        ProfileStore store = new ProfileStore(client, RecommenderIndices.of(request.recommender()).profiles());
        SystemContext.run(client.threadPool().getThreadContext(), listener, l -> store.read(request.userId(), ActionListener.wrap(stored -> {
            if (stored.exists() == false) {
                l.onFailure(new ResourceNotFoundException("profile [" + request.userId() + "] not found in recommender [" + request.recommender() + "]"));
                return;
            }
            XContentBuilder builder = JsonXContent.contentBuilder();
            ProfileDocument.toApiXContent(builder, stored.state());
            l.onResponse(new ProfileJsonResponse(BytesReference.bytes(builder)));
        }, l::onFailure)));
    }
}
