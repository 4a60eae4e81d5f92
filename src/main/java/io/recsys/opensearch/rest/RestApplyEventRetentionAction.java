package io.recsys.opensearch.rest;

import io.recsys.opensearch.transport.events.ApplyEventRetentionAction;
import io.recsys.opensearch.transport.events.ApplyEventRetentionRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

/** {@code POST /_plugins/_recsys/recommenders/{name}/events/_retention}: applies the recommender's events.retention now. */
public final class RestApplyEventRetentionAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "recsys_apply_events_retention";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, RecsysPaths.RECOMMENDER + "/events/_retention"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        ApplyEventRetentionRequest apply = new ApplyEventRetentionRequest(request.param("name"));
        apply.clusterManagerNodeTimeout(request.paramAsTime("cluster_manager_timeout", apply.clusterManagerNodeTimeout()));
        return channel -> client.execute(ApplyEventRetentionAction.INSTANCE, apply, new RestToXContentListener<>(channel));
    }
}
