package io.recsys.opensearch.transport.recommender;

import io.recsys.opensearch.access.SystemContext;
import io.recsys.opensearch.recommender.EventPartitions;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.admin.indices.delete.DeleteIndexRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;
import org.opensearch.action.support.clustermanager.TransportClusterManagerNodeAction;
import org.opensearch.cluster.AckedClusterStateUpdateTask;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.block.ClusterBlockException;
import org.opensearch.cluster.block.ClusterBlockLevel;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the configuration from the cluster state first, then the recommender's own indices (every events partition
 * among them): a failure in between
 * leaves unused indices behind (a later PUT reuses them), never a recommender pointing at deleted indices.
 */
public final class TransportDeleteRecommenderAction extends TransportClusterManagerNodeAction<DeleteRecommenderRequest, AcknowledgedResponse> {

    /** Used to delete the recommender's indices. */
    private final Client client;

    @Inject
    public TransportDeleteRecommenderAction(
        TransportService transportService,
        ClusterService clusterService,
        ThreadPool threadPool,
        ActionFilters actionFilters,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Client client
    ) {
        super(
            DeleteRecommenderAction.NAME,
            transportService,
            clusterService,
            threadPool,
            actionFilters,
            DeleteRecommenderRequest::new,
            indexNameExpressionResolver
        );
        this.client = client;
    }

    @Override
    protected String executor() {
        return ThreadPool.Names.SAME;
    }

    @Override
    protected AcknowledgedResponse read(StreamInput in) throws IOException {
        return new AcknowledgedResponse(in);
    }

    @Override
    protected ClusterBlockException checkBlock(DeleteRecommenderRequest request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }

    @Override
    protected void clusterManagerOperation(DeleteRecommenderRequest request, ClusterState state, ActionListener<AcknowledgedResponse> listener) {
        clusterService.submitStateUpdateTask(
            "delete-recsys-recommender-" + request.name(),
            new AckedClusterStateUpdateTask<AcknowledgedResponse>(request, listener) {
                @Override
                public ClusterState execute(ClusterState current) {
                    RecommenderMetadata recommenders = RecommenderMetadata.from(current.metadata());
                    if (recommenders.get(request.name()) == null) {
                        throw new ResourceNotFoundException("recommender [" + request.name() + "] not found");
                    }
                    return ClusterState.builder(current)
                        .metadata(
                            Metadata.builder(current.metadata()).putCustom(RecommenderMetadata.TYPE, recommenders.without(request.name()))
                        )
                        .build();
                }

                @Override
                protected AcknowledgedResponse newResponse(boolean acknowledged) {
                    return new AcknowledgedResponse(acknowledged);
                }

                @Override
                public void onAllNodesAcked(Exception e) {
                    deleteIndices(request.name(), ActionListener.wrap(r -> super.onAllNodesAcked(e), listener::onFailure));
                }

                @Override
                public void onAckTimeout() {
                    deleteIndices(request.name(), ActionListener.wrap(r -> super.onAckTimeout(), listener::onFailure));
                }
            }
        );
    }

    private void deleteIndices(String recommender, ActionListener<AcknowledgedResponse> listener) {
        RecommenderIndices indices = RecommenderIndices.of(recommender);
        // the events partitions by their concrete names: deleting through the alias would also delete what else it points at
        List<String> names = new ArrayList<>(indices.all());
        names.remove(indices.events());
        if (clusterService.state().metadata().hasIndex(indices.events())) {
            names.add(indices.events()); // the single events index of a recommender created before partitioning
        }
        names.addAll(EventPartitions.of(indices).existing(clusterService.state().metadata()));
        DeleteIndexRequest delete = new DeleteIndexRequest(names.toArray(String[]::new)).indicesOptions(IndicesOptions.lenientExpandOpen());
        SystemContext.run(threadPool.getThreadContext(), listener, l -> client.admin().indices().delete(delete, l));
    }
}
