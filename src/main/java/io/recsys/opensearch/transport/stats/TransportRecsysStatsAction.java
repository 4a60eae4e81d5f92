package io.recsys.opensearch.transport.stats;

import io.recsys.opensearch.model.ModelService;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import io.recsys.opensearch.stats.RecsysStats;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.List;

/** Fans out to the nodes; each answers from its own {@link RecsysStats}. */
public final class TransportRecsysStatsAction extends TransportNodesAction<
    RecsysStatsRequest,
    RecsysStatsResponse,
    RecsysNodeStatsRequest,
    RecsysNodeStats> {

    private final RecsysStats stats;
    /** The loaded models, reported with their size. */
    private final ModelService models;

    @Inject
    public TransportRecsysStatsAction(
        ThreadPool threadPool,
        ClusterService clusterService,
        TransportService transportService,
        ActionFilters actionFilters,
        RecsysStats stats,
        ModelService models
    ) {
        super(
            RecsysStatsAction.NAME,
            threadPool,
            clusterService,
            transportService,
            actionFilters,
            RecsysStatsRequest::new,
            RecsysNodeStatsRequest::new,
            ThreadPool.Names.MANAGEMENT,
            RecsysNodeStats.class
        );
        this.stats = stats;
        this.models = models;
    }

    @Override
    protected RecsysStatsResponse newResponse(RecsysStatsRequest request, List<RecsysNodeStats> nodes, List<FailedNodeException> failures) {
        return new RecsysStatsResponse(clusterService.getClusterName(), nodes, failures);
    }

    @Override
    protected RecsysNodeStatsRequest newNodeRequest(RecsysStatsRequest request) {
        return new RecsysNodeStatsRequest();
    }

    @Override
    protected RecsysNodeStats newNodeResponse(StreamInput in) throws IOException {
        return new RecsysNodeStats(in);
    }

    @Override
    protected RecsysNodeStats nodeOperation(RecsysNodeStatsRequest request) {
        int recommenders = RecommenderMetadata.from(clusterService.state().metadata()).recommenders().size();
        return new RecsysNodeStats(clusterService.localNode(), recommenders, stats.snapshot(), models.cache().loaded());
    }
}
