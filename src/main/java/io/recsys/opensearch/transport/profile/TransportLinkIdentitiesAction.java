package io.recsys.opensearch.transport.profile;

import org.opensearch.common.util.concurrent.ThreadContext;
import io.recsys.opensearch.access.SystemContext;
import io.recsys.opensearch.identity.IdentityLinkService;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import io.recsys.opensearch.stats.Counter;
import io.recsys.opensearch.stats.RecsysStats;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

/** Links identities to a user; see {@link IdentityLinkService} for the order of writes. */
public final class TransportLinkIdentitiesAction extends HandledTransportAction<LinkIdentitiesRequest, ProfileJsonResponse> {

    private final ClusterService clusterService;
    private final IdentityLinkService linkService;
    private final RecsysStats stats;
    /** Where the plugin's own writes run (see {@link SystemContext}). */
    private final ThreadContext threadContext;

    @Inject
    public TransportLinkIdentitiesAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        Client client,
        RecsysStats stats
    ) {
        super(LinkIdentitiesAction.NAME, transportService, actionFilters, LinkIdentitiesRequest::new);
        this.clusterService = clusterService;
        this.linkService = new IdentityLinkService(client);
        this.stats = stats;
        this.threadContext = client.threadPool().getThreadContext();
    }

    @Override
    protected void doExecute(Task task, LinkIdentitiesRequest request, ActionListener<ProfileJsonResponse> listener) {
        RecommenderConfig config;
        try {
            config = RecommenderMetadata.require(clusterService.state(), request.recommender());
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        SystemContext.run(threadContext, listener, l -> linkService.link(request.recommender(), config, request.userId(), request.identities(), request.force(), ActionListener.wrap(result -> {
            stats.add(Counter.IDENTITY_LINKS, result.linked());
            l.onResponse(new ProfileJsonResponse(BytesReference.bytes(JsonXContent.contentBuilder()
                .startObject()
                .field("acknowledged", true)
                .field("user_id", request.userId())
                .field("linked", result.linked())
                .field("merged_profiles", result.merged())
                .endObject())));
        }, l::onFailure)));
    }
}
