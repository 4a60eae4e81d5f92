package io.recsys.opensearch.transport.model;

import io.recsys.opensearch.model.ModelInfo;
import io.recsys.opensearch.model.ModelRegistryMetadata;
import io.recsys.opensearch.model.ModelService;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import org.apache.lucene.util.SetOnce;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
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
import org.opensearch.core.rest.RestStatus;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Removes a model and its aliases from the registry in one cluster-state update, refusing (409) while a recommender
 * names the model or one of its aliases; its bytes are deleted after a grace period.
 */
public final class TransportDeleteModelAction extends TransportClusterManagerNodeAction<DeleteModelRequest, AcknowledgedResponse> {

    /** Deletes the bytes. */
    private final ModelService models;

    @Inject
    public TransportDeleteModelAction(
        TransportService transportService,
        ClusterService clusterService,
        ThreadPool threadPool,
        ActionFilters actionFilters,
        IndexNameExpressionResolver indexNameExpressionResolver,
        ModelService models
    ) {
        super(DeleteModelAction.NAME, transportService, clusterService, threadPool, actionFilters, DeleteModelRequest::new, indexNameExpressionResolver);
        this.models = models;
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
    protected ClusterBlockException checkBlock(DeleteModelRequest request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }

    /** Recommender name to the name (model id or alias) through which it uses the model. */
    static Map<String, String> users(ClusterState state, String modelId) {
        ModelRegistryMetadata registry = ModelRegistryMetadata.from(state);
        List<String> names = new java.util.ArrayList<>(registry.aliasesOf(modelId));
        names.add(modelId);
        Map<String, String> users = new TreeMap<>();
        RecommenderMetadata.from(state.metadata()).recommenders().forEach((name, config) -> {
            if (config.model() != null && names.contains(config.model())) {
                users.put(name, config.model());
            }
        });
        return users;
    }

    @Override
    protected void clusterManagerOperation(DeleteModelRequest request, ClusterState state, ActionListener<AcknowledgedResponse> listener) {
        SetOnce<ModelInfo> deleted = new SetOnce<>();
        clusterService.submitStateUpdateTask("delete-recsys-model-" + request.modelId(), new AckedClusterStateUpdateTask<AcknowledgedResponse>(request, listener) {
            @Override
            public ClusterState execute(ClusterState current) {
                ModelRegistryMetadata registry = ModelRegistryMetadata.from(current);
                ModelInfo model = registry.models().get(request.modelId());
                if (model == null) {
                    throw new ResourceNotFoundException("model [" + request.modelId() + "] not found");
                }
                Map<String, String> users = users(current, request.modelId());
                if (users.isEmpty() == false) {
                    throw new OpenSearchStatusException("model [" + request.modelId() + "] is used by recommenders " + users.keySet()
                        + " (through " + new java.util.TreeSet<>(users.values()) + "); point them at another model before deleting it", RestStatus.CONFLICT);
                }
                deleted.set(model);
                return ClusterState.builder(current)
                    .metadata(Metadata.builder(current.metadata()).putCustom(ModelRegistryMetadata.TYPE, registry.withoutModel(request.modelId())))
                    .build();
            }

            @Override
            public void clusterStateProcessed(String source, ClusterState oldState, ClusterState newState) {
                ModelInfo model = deleted.get();
                if (model != null) {
                    models.deleteLater(model.blobId(), model.chunks(), true);
                }
                super.clusterStateProcessed(source, oldState, newState);
            }

            @Override
            protected AcknowledgedResponse newResponse(boolean acknowledged) {
                return new AcknowledgedResponse(acknowledged);
            }
        });
    }
}
