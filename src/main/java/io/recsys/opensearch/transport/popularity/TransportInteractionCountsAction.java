package io.recsys.opensearch.transport.popularity;

import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.GroupedActionListener;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.Collection;

/**
 * Interaction counts over every index behind the events name (the monthly partitions behind the alias, or the single
 * index of an older recommender): one single-shard read per partition, summed. Each read answers from the counts
 * already taken on that partition's reader, so a month no event reached since costs a cached lookup.
 */
public final class TransportInteractionCountsAction extends HandledTransportAction<InteractionCountsRequest, InteractionCountsResponse> {

    private final ClusterService clusterService;
    private final IndexNameExpressionResolver resolver;
    /** Runs the per-partition reads. */
    private final Client client;

    @Inject
    public TransportInteractionCountsAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        IndexNameExpressionResolver resolver,
        Client client
    ) {
        super(InteractionCountsAction.NAME, transportService, actionFilters, InteractionCountsRequest::new);
        this.clusterService = clusterService;
        this.resolver = resolver;
        this.client = client;
    }

    @Override
    protected void doExecute(Task task, InteractionCountsRequest request, ActionListener<InteractionCountsResponse> listener) {
        String[] indices;
        try {
            indices = resolver.concreteIndexNames(clusterService.state(), IndicesOptions.strictExpandOpen(), request.index());
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        if (indices.length == 0) {
            listener.onResponse(new InteractionCountsResponse(new long[request.items().size()]));
            return;
        }
        GroupedActionListener<InteractionCountsResponse> all = new GroupedActionListener<>(
            ActionListener.wrap(responses -> listener.onResponse(sum(responses, request.items().size())), listener::onFailure),
            indices.length
        );
        for (String index : indices) {
            InteractionCountsRequest perIndex = new InteractionCountsRequest(index, request.items());
            perIndex.setParentTask(clusterService.localNode().getId(), task.getId());
            client.execute(InteractionCountsShardAction.INSTANCE, perIndex, all);
        }
    }

    private static InteractionCountsResponse sum(Collection<InteractionCountsResponse> responses, int size) {
        long[] total = new long[size];
        for (InteractionCountsResponse response : responses) {
            long[] counts = response.counts();
            for (int i = 0; i < size; i++) {
                total[i] += counts[i];
            }
        }
        return new InteractionCountsResponse(total);
    }
}
