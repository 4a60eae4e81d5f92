package io.recsys.opensearch.transport.events;

import io.recsys.opensearch.access.SystemContext;
import io.recsys.opensearch.events.EventRetentionService;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.clustermanager.TransportClusterManagerNodeAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.block.ClusterBlockException;
import org.opensearch.cluster.block.ClusterBlockLevel;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.io.IOException;

/**
 * Runs on the elected cluster manager, like the periodic job, so an explicit run and the job never decide on two
 * nodes at once. 404 for an unknown recommender; a recommender without retention answers with nothing deleted.
 */
public final class TransportApplyEventRetentionAction extends TransportClusterManagerNodeAction<ApplyEventRetentionRequest, ApplyEventRetentionResponse> {

    private final EventRetentionService retention;

    @Inject
    public TransportApplyEventRetentionAction(
        TransportService transportService,
        ClusterService clusterService,
        ThreadPool threadPool,
        ActionFilters actionFilters,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Client client
    ) {
        super(ApplyEventRetentionAction.NAME, transportService, clusterService, threadPool, actionFilters, ApplyEventRetentionRequest::new,
            indexNameExpressionResolver);
        this.retention = new EventRetentionService(client, () -> clusterService.state().metadata(), System::currentTimeMillis);
    }

    @Override
    protected String executor() {
        return ThreadPool.Names.SAME;
    }

    @Override
    protected ApplyEventRetentionResponse read(StreamInput in) throws IOException {
        return new ApplyEventRetentionResponse(in);
    }

    @Override
    protected ClusterBlockException checkBlock(ApplyEventRetentionRequest request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }

    @Override
    protected void clusterManagerOperation(ApplyEventRetentionRequest request, ClusterState state, ActionListener<ApplyEventRetentionResponse> listener) {
        RecommenderConfig config;
        try {
            config = RecommenderMetadata.require(state, request.recommender());
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        // deleted as the plugin: the caller needs this action, not index rights on recsys-*
        SystemContext.run(threadPool.getThreadContext(), listener, l -> retention.apply(request.recommender(), config,
            ActionListener.wrap(result -> l.onResponse(new ApplyEventRetentionResponse(result)), l::onFailure)));
    }
}
