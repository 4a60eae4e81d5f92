package io.recsys.opensearch.rest;

import io.recsys.opensearch.transport.recommender.GetRecommenderAction;
import io.recsys.opensearch.transport.recommender.GetRecommenderRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

/** {@code GET /_plugins/_recsys/recommenders[/{name}]}. */
public final class RestGetRecommenderAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "recsys_get_recommender";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, RecsysPaths.RECOMMENDER), new Route(RestRequest.Method.GET, RecsysPaths.RECOMMENDERS));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        GetRecommenderRequest get = new GetRecommenderRequest(request.param("name"));
        return channel -> client.execute(GetRecommenderAction.INSTANCE, get, new RestToXContentListener<>(channel));
    }
}
