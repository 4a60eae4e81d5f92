package io.recsys.opensearch.transport.profile;

import io.recsys.opensearch.access.SystemContext;
import io.recsys.opensearch.identity.IdentityUnlinkService;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import io.recsys.opensearch.stats.Counter;
import io.recsys.opensearch.stats.RecsysStats;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

/** Unlinks an identity; see {@link IdentityUnlinkService} for the order of writes. */
public final class TransportUnlinkIdentityAction extends HandledTransportAction<UnlinkIdentityRequest, ProfileJsonResponse> {

    private final ClusterService clusterService;
    private final IdentityUnlinkService unlinkService;
    /** Where the plugin's own writes run (see {@link SystemContext}). */
    private final ThreadContext threadContext;
    private final RecsysStats stats;

    @Inject
    public TransportUnlinkIdentityAction(TransportService transportService, ActionFilters actionFilters, ClusterService clusterService, Client client, RecsysStats stats) {
        super(UnlinkIdentityAction.NAME, transportService, actionFilters, UnlinkIdentityRequest::new);
        this.clusterService = clusterService;
        this.unlinkService = new IdentityUnlinkService(client);
        this.threadContext = client.threadPool().getThreadContext();
        this.stats = stats;
    }

    @Override
    protected void doExecute(Task task, UnlinkIdentityRequest request, ActionListener<ProfileJsonResponse> listener) {
        try {
            RecommenderMetadata.require(clusterService.state(), request.recommender());
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        SystemContext.run(threadContext, listener, l -> unlinkService.unlink(request.recommender(), request.identity(), request.expectedUserId(),
            ActionListener.wrap(result -> {
                stats.add(Counter.IDENTITY_UNLINKS, 1);
                l.onResponse(new ProfileJsonResponse(BytesReference.bytes(JsonXContent.contentBuilder()
                    .startObject()
                    .field("acknowledged", true)
                    .startObject("identity").field("platform", request.identity().platform()).field("id", request.identity().id()).endObject()
                    .field("unlinked_from", result.userId())
                    .endObject())));
            }, l::onFailure)));
    }
}
