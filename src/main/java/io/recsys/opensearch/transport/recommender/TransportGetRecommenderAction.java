package io.recsys.opensearch.transport.recommender;

import io.recsys.opensearch.recommender.CatalogMapping;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Answers from the local node's cluster state: recommenders are in the metadata every node holds. */
public final class TransportGetRecommenderAction extends HandledTransportAction<GetRecommenderRequest, GetRecommenderResponse> {

    private final ClusterService clusterService;
    private final IndexNameExpressionResolver indexNameExpressionResolver;

    @Inject
    public TransportGetRecommenderAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        IndexNameExpressionResolver indexNameExpressionResolver
    ) {
        super(GetRecommenderAction.NAME, transportService, actionFilters, GetRecommenderRequest::new);
        this.clusterService = clusterService;
        this.indexNameExpressionResolver = indexNameExpressionResolver;
    }

    @Override
    protected void doExecute(Task task, GetRecommenderRequest request, ActionListener<GetRecommenderResponse> listener) {
        ClusterState state = clusterService.state();
        Map<String, RecommenderConfig> all = RecommenderMetadata.from(state.metadata()).recommenders();
        List<GetRecommenderResponse.Entry> entries = new ArrayList<>();
        if (request.name() != null) {
            RecommenderConfig config = all.get(request.name());
            if (config == null) {
                listener.onFailure(new ResourceNotFoundException("recommender [" + request.name() + "] not found"));
                return;
            }
            entries.add(entry(state, request.name(), config));
        } else {
            all.forEach((name, config) -> entries.add(entry(state, name, config)));
        }
        listener.onResponse(new GetRecommenderResponse(entries));
    }

    private GetRecommenderResponse.Entry entry(ClusterState state, String name, RecommenderConfig config) {
        try {
            int dimension = CatalogMapping.validate(state, indexNameExpressionResolver, config.catalog()).dimension();
            return new GetRecommenderResponse.Entry(name, config, dimension, null);
        } catch (RuntimeException e) {
            return new GetRecommenderResponse.Entry(name, config, -1, e.getMessage());
        }
    }
}
