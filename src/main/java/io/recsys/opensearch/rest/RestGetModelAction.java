package io.recsys.opensearch.rest;

import io.recsys.opensearch.transport.model.GetModelsAction;
import io.recsys.opensearch.transport.model.GetModelsRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

/** {@code GET /_plugins/_recsys/models[/{model_id}]}: one model (by id or alias) or the list with the aliases. */
public final class RestGetModelAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "recsys_get_model";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, RecsysPaths.MODEL), new Route(RestRequest.Method.GET, RecsysPaths.MODELS));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        GetModelsRequest get = new GetModelsRequest(request.param("model_id"));
        return channel -> client.execute(GetModelsAction.INSTANCE, get, new RestToXContentListener<>(channel));
    }
}
