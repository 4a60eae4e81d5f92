package io.recsys.opensearch.transport.model;

import io.recsys.opensearch.model.ModelInfo;
import io.recsys.opensearch.model.ModelRegistryMetadata;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;

import java.util.ArrayList;
import java.util.List;

/** Answers from this node's copy of the registry (every node has the same after an acknowledged change). */
public final class TransportGetModelsAction extends HandledTransportAction<GetModelsRequest, GetModelsResponse> {

    /** The local cluster state. */
    private final ClusterService clusterService;

    @Inject
    public TransportGetModelsAction(TransportService transportService, ActionFilters actionFilters, ClusterService clusterService) {
        super(GetModelsAction.NAME, transportService, actionFilters, GetModelsRequest::new);
        this.clusterService = clusterService;
    }

    @Override
    protected void doExecute(Task task, GetModelsRequest request, ActionListener<GetModelsResponse> listener) {
        ClusterState state = clusterService.state();
        ModelRegistryMetadata registry = ModelRegistryMetadata.from(state);
        if (request.name() == null) {
            List<GetModelsResponse.Entry> entries = new ArrayList<>();
            for (ModelInfo model : registry.models().values()) {
                entries.add(entry(state, registry, model));
            }
            listener.onResponse(new GetModelsResponse(entries, registry.aliases(), false, null));
            return;
        }
        ModelRegistryMetadata.Resolved resolved = registry.resolve(request.name());
        if (resolved == null) {
            listener.onFailure(new ResourceNotFoundException("model [" + request.name() + "] not found"));
            return;
        }
        listener.onResponse(new GetModelsResponse(List.of(entry(state, registry, resolved.model())), registry.aliases(), true, resolved.alias()));
    }

    private static GetModelsResponse.Entry entry(ClusterState state, ModelRegistryMetadata registry, ModelInfo model) {
        return new GetModelsResponse.Entry(model, registry.aliasesOf(model.id()), List.copyOf(TransportDeleteModelAction.users(state, model.id()).keySet()));
    }
}
