package io.recsys.opensearch.rest;

import io.recsys.opensearch.transport.profile.DeleteProfileAction;
import io.recsys.opensearch.transport.profile.GetProfileAction;
import io.recsys.opensearch.transport.profile.ProfileRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

/** {@code GET} and {@code DELETE /_plugins/_recsys/recommenders/{name}/profiles/{user_id}}. */
public final class RestProfileAction extends BaseRestHandler {

    private static final String PATH = RecsysPaths.RECOMMENDER + "/profiles/{user_id}";

    @Override
    public String getName() {
        return "recsys_profile";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, PATH), new Route(RestRequest.Method.DELETE, PATH));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        ProfileRequest profile = new ProfileRequest(request.param("name"), request.param("user_id"));
        if (request.method() == RestRequest.Method.DELETE) {
            return channel -> client.execute(DeleteProfileAction.INSTANCE, profile, new RestToXContentListener<>(channel));
        }
        return channel -> client.execute(GetProfileAction.INSTANCE, profile, new RestToXContentListener<>(channel));
    }
}
