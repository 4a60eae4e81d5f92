package io.recsys.opensearch.rest;

import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

/** {@code DELETE /_plugins/_recsys/recommenders/{name}}. */
public final class RestDeleteRecommenderAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "recsys_delete_recommender";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.DELETE, RecsysPaths.RECOMMENDER));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        DeleteRecommenderRequest delete = new DeleteRecommenderRequest(request.param("name"));
        delete.clusterManagerNodeTimeout(request.paramAsTime("cluster_manager_timeout", delete.clusterManagerNodeTimeout()));
        delete.timeout(request.paramAsTime("timeout", delete.timeout()));
        return channel -> client.execute(DeleteRecommenderAction.INSTANCE, delete, new RestToXContentListener<>(channel));
    }
}
