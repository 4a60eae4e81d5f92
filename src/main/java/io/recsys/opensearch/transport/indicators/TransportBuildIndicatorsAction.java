package io.recsys.opensearch.transport.indicators;

import io.recsys.opensearch.indicators.IndicatorsBuilder;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

/** Runs the build on the node that received the request; the work is ordinary searches and bulk writes. */
public final class TransportBuildIndicatorsAction extends HandledTransportAction<BuildIndicatorsRequest, BuildIndicatorsResponse> {

    /** Reads the cluster state the build is checked against. */
    private final ClusterService clusterService;
    /** The build itself. */
    private final IndicatorsBuilder builder;

    @Inject
    public TransportBuildIndicatorsAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        ThreadPool threadPool,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Client client
    ) {
        super(BuildIndicatorsAction.NAME, transportService, actionFilters, BuildIndicatorsRequest::new);
        this.clusterService = clusterService;
        this.builder = new IndicatorsBuilder(client, threadPool, indexNameExpressionResolver);
    }

    @Override
    protected void doExecute(Task task, BuildIndicatorsRequest request, ActionListener<BuildIndicatorsResponse> listener) {
        builder.build(
            clusterService.state(),
            request.config(),
            task instanceof CancellableTask cancellable ? cancellable : null,
            ActionListener.wrap(summary -> listener.onResponse(new BuildIndicatorsResponse(summary)), listener::onFailure)
        );
    }
}
