package io.recsys.opensearch.rest;

import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.transport.profile.UnlinkIdentityAction;
import io.recsys.opensearch.transport.profile.UnlinkIdentityRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code POST /_plugins/_recsys/recommenders/{name}/identities/_unlink}. */
public final class RestUnlinkIdentityAction extends BaseRestHandler {

    private static final Set<String> FIELDS = Set.of("identity", "user_id");
    private static final String USAGE = "{\"identity\": {\"platform\", \"id\"}, \"user_id\" (optional: the user it must be linked to)}";

    @Override
    public String getName() {
        return "recsys_unlink_identity";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, RecsysPaths.RECOMMENDER + "/identities/_unlink"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        Map<String, Object> body = IdentityBodies.object(request, FIELDS, USAGE);
        if (body.containsKey("identity") == false) {
            throw new IllegalArgumentException("[identity] is required: " + USAGE);
        }
        Identity identity = IdentityBodies.identity(body.get("identity"), "identity");
        String expectedUser = body.containsKey("user_id") ? IdentityBodies.userId(body, "user_id") : null;
        UnlinkIdentityRequest unlink = new UnlinkIdentityRequest(request.param("name"), identity, expectedUser);
        return channel -> client.execute(UnlinkIdentityAction.INSTANCE, unlink, new RestToXContentListener<>(channel));
    }
}
