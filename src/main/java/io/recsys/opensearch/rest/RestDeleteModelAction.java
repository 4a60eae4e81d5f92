package io.recsys.opensearch.rest;

import io.recsys.opensearch.transport.model.DeleteModelAction;
import io.recsys.opensearch.transport.model.DeleteModelRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

/** {@code DELETE /_plugins/_recsys/models/{model_id}}: 409 while a recommender uses the model or one of its aliases. */
public final class RestDeleteModelAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "recsys_delete_model";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.DELETE, RecsysPaths.MODEL));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        DeleteModelRequest delete = new DeleteModelRequest(request.param("model_id"));
        delete.clusterManagerNodeTimeout(request.paramAsTime("cluster_manager_timeout", delete.clusterManagerNodeTimeout()));
        delete.timeout(request.paramAsTime("timeout", delete.timeout()));
        return channel -> client.execute(DeleteModelAction.INSTANCE, delete, new RestToXContentListener<>(channel));
    }
}
