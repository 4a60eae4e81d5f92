package io.recsys.opensearch.transport.profile;

import io.recsys.opensearch.access.SystemContext;
import io.recsys.opensearch.identity.AccountMergeService;
import io.recsys.opensearch.recommender.RecommenderConfig;
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

/** Merges one account into another; see {@link AccountMergeService} for the order of writes. */
public final class TransportMergeUsersAction extends HandledTransportAction<MergeUsersRequest, ProfileJsonResponse> {

    private final ClusterService clusterService;
    private final AccountMergeService mergeService;
    /** Where the plugin's own writes run (see {@link SystemContext}). */
    private final ThreadContext threadContext;
    private final RecsysStats stats;

    @Inject
    public TransportMergeUsersAction(TransportService transportService, ActionFilters actionFilters, ClusterService clusterService, Client client, RecsysStats stats) {
        super(MergeUsersAction.NAME, transportService, actionFilters, MergeUsersRequest::new);
        this.clusterService = clusterService;
        this.mergeService = new AccountMergeService(client);
        this.threadContext = client.threadPool().getThreadContext();
        this.stats = stats;
    }

    @Override
    protected void doExecute(Task task, MergeUsersRequest request, ActionListener<ProfileJsonResponse> listener) {
        RecommenderConfig config;
        try {
            config = RecommenderMetadata.require(clusterService.state(), request.recommender());
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        SystemContext.run(threadContext, listener, l -> mergeService.merge(request.recommender(), config, request.from(), request.into(),
            ActionListener.wrap(result -> {
                stats.add(Counter.ACCOUNT_MERGES, result.merged() ? 1 : 0);
                l.onResponse(new ProfileJsonResponse(BytesReference.bytes(JsonXContent.contentBuilder()
                    .startObject()
                    .field("acknowledged", true)
                    .field("from", request.from())
                    .field("into", request.into())
                    .field("merged", result.merged())
                    .field("moved_identities", result.movedIdentities())
                    .endObject())));
            }, l::onFailure)));
    }
}
