package io.recsys.opensearch.rest;

import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderConfigParser;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.transport.recommender.PutRecommenderAction;
import io.recsys.opensearch.transport.recommender.PutRecommenderRequest;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.util.List;

/** {@code PUT /_plugins/_recsys/recommenders/{name}}: the body is parsed and checked here, the catalog on the cluster manager. */
public final class RestPutRecommenderAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "recsys_put_recommender";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.PUT, RecsysPaths.RECOMMENDER), new Route(RestRequest.Method.POST, RecsysPaths.RECOMMENDER));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        String name = request.param("name");
        RecommenderIndices.validateName(name);
        if (request.hasContent() == false) {
            throw new IllegalArgumentException("[recommender] request body is required, with at least [catalog.index]");
        }
        RecommenderConfig config;
        try (XContentParser parser = request.contentParser()) {
            config = RecommenderConfigParser.parse(parser);
        }
        PutRecommenderRequest put = new PutRecommenderRequest(name, config);
        put.clusterManagerNodeTimeout(request.paramAsTime("cluster_manager_timeout", put.clusterManagerNodeTimeout()));
        put.timeout(request.paramAsTime("timeout", put.timeout()));
        return channel -> client.execute(PutRecommenderAction.INSTANCE, put, new RestToXContentListener<>(channel));
    }
}
