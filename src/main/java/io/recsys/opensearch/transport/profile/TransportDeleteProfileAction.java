package io.recsys.opensearch.transport.profile;

import org.opensearch.common.util.concurrent.ThreadContext;
import io.recsys.opensearch.access.SystemContext;
import io.recsys.opensearch.profile.ProfileForgetService;
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

/** Forgets a user; 404 when nothing of the user existed. */
public final class TransportDeleteProfileAction extends HandledTransportAction<ProfileRequest, ProfileJsonResponse> {

    private final ClusterService clusterService;
    private final ProfileForgetService forgetService;
    /** Where the plugin's own deletes run (see {@link SystemContext}). */
    private final ThreadContext threadContext;

    @Inject
    public TransportDeleteProfileAction(TransportService transportService, ActionFilters actionFilters, ClusterService clusterService, Client client) {
        super(DeleteProfileAction.NAME, transportService, actionFilters, ProfileRequest::new);
        this.clusterService = clusterService;
        this.forgetService = new ProfileForgetService(client);
        this.threadContext = client.threadPool().getThreadContext();
    }

    @Override
    protected void doExecute(Task task, ProfileRequest request, ActionListener<ProfileJsonResponse> listener) {
        try {
            RecommenderMetadata.require(clusterService.state(), request.recommender());
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        SystemContext.run(threadContext, listener, l -> forgetService.forget(request.recommender(), request.userId(), ActionListener.wrap(forgotten -> {
            if (forgotten.total() == 0) {
                l.onFailure(new ResourceNotFoundException("profile [" + request.userId() + "] not found in recommender [" + request.recommender() + "]"));
                return;
            }
            XContentBuilder builder = JsonXContent.contentBuilder()
                .startObject()
                .field("acknowledged", true)
                .field("user_id", request.userId())
                .startObject("deleted")
                .field("profiles", forgotten.profiles())
                .field("identities", forgotten.identities())
                .field("events", forgotten.events())
                .field("feature_log", forgotten.featureLog())
                .endObject()
                .endObject();
            l.onResponse(new ProfileJsonResponse(BytesReference.bytes(builder)));
        }, l::onFailure)));
    }
}
