package io.recsys.opensearch.transport.model;

import io.recsys.opensearch.model.ModelNames;
import io.recsys.opensearch.model.ModelRegistryMetadata;
import io.recsys.opensearch.recommender.RecommenderMetadata;
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
 * Applies alias actions in one cluster-state update: every node switches to the new targets with the same state
 * version, and a request resolves its alias once, so no response mixes two models. Validated against the state it
 * joins: targets must exist, an alias cannot shadow a model id, and an alias a recommender uses cannot be removed (409).
 */
public final class TransportModelAliasesAction extends TransportClusterManagerNodeAction<ModelAliasesRequest, AcknowledgedResponse> {

    @Inject
    public TransportModelAliasesAction(
        TransportService transportService,
        ClusterService clusterService,
        ThreadPool threadPool,
        ActionFilters actionFilters,
        IndexNameExpressionResolver indexNameExpressionResolver
    ) {
        super(ModelAliasesAction.NAME, transportService, clusterService, threadPool, actionFilters, ModelAliasesRequest::new, indexNameExpressionResolver);
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
    protected ClusterBlockException checkBlock(ModelAliasesRequest request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }

    /** The aliases after the actions; throws naming the action's field when one cannot apply. */
    static Map<String, String> apply(ClusterState state, List<ModelAliasesRequest.AliasAction> actions) {
        ModelRegistryMetadata registry = ModelRegistryMetadata.from(state);
        Map<String, String> aliases = new TreeMap<>(registry.aliases());
        for (int i = 0; i < actions.size(); i++) {
            ModelAliasesRequest.AliasAction action = actions.get(i);
            String at = "actions." + i + (action.add() ? ".add" : ".remove");
            ModelNames.validate(action.alias(), at + ".alias");
            if (action.add()) {
                if (registry.models().containsKey(action.modelId()) == false) {
                    throw new ResourceNotFoundException("[" + at + ".model_id] model [" + action.modelId() + "] not found");
                }
                if (registry.models().containsKey(action.alias())) {
                    throw new IllegalArgumentException("[" + at + ".alias] [" + action.alias() + "] is a model id; an alias cannot have the name of a model");
                }
                aliases.put(action.alias(), action.modelId());
            } else {
                String target = aliases.get(action.alias());
                if (target == null) {
                    throw new ResourceNotFoundException("[" + at + ".alias] alias [" + action.alias() + "] not found");
                }
                if (action.modelId() != null && action.modelId().equals(target) == false) {
                    throw new ResourceNotFoundException("[" + at + ".model_id] alias [" + action.alias() + "] points at [" + target + "], not [" + action.modelId() + "]");
                }
                aliases.remove(action.alias());
            }
        }
        RecommenderMetadata.from(state.metadata()).recommenders().forEach((name, config) -> {
            if (config.model() != null && registry.aliases().containsKey(config.model()) && aliases.containsKey(config.model()) == false) {
                throw new OpenSearchStatusException("[actions] alias [" + config.model() + "] is used by recommender [" + name
                    + "]; point the recommender at another model or alias before removing it", RestStatus.CONFLICT);
            }
        });
        return aliases;
    }

    @Override
    protected void clusterManagerOperation(ModelAliasesRequest request, ClusterState state, ActionListener<AcknowledgedResponse> listener) {
        try {
            apply(state, request.actions()); // fail fast with the reason; applied for real below
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        clusterService.submitStateUpdateTask("recsys-model-aliases", new AckedClusterStateUpdateTask<AcknowledgedResponse>(request, listener) {
            @Override
            public ClusterState execute(ClusterState current) {
                Map<String, String> aliases = apply(current, request.actions());
                ModelRegistryMetadata updated = ModelRegistryMetadata.from(current).withAliases(aliases);
                return ClusterState.builder(current)
                    .metadata(Metadata.builder(current.metadata()).putCustom(ModelRegistryMetadata.TYPE, updated))
                    .build();
            }

            @Override
            protected AcknowledgedResponse newResponse(boolean acknowledged) {
                return new AcknowledgedResponse(acknowledged);
            }
        });
    }
}
