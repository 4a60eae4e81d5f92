package io.recsys.opensearch.rest;

import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.transport.profile.LinkIdentitiesAction;
import io.recsys.opensearch.transport.profile.LinkIdentitiesRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code POST /_plugins/_recsys/recommenders/{name}/identities/_link}. */
public final class RestLinkIdentitiesAction extends BaseRestHandler {

    /** Identities per call: each one is a conditional read-modify-write of two profiles. */
    static final int MAX_IDENTITIES = 100;
    private static final Set<String> FIELDS = Set.of("user_id", "identities", "force");

    @Override
    public String getName() {
        return "recsys_link_identities";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, RecsysPaths.RECOMMENDER + "/identities/_link"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        Map<String, Object> body = IdentityBodies.object(request, FIELDS, "{\"user_id\", \"identities\": [{\"platform\", \"id\"}]}");
        String userId = IdentityBodies.userId(body, "user_id");
        List<?> list = body.get("identities") instanceof List<?> given ? given : List.of();
        if (list.isEmpty() || list.size() > MAX_IDENTITIES) {
            throw new IllegalArgumentException("[identities] is required: a list of 1 to " + MAX_IDENTITIES + " {\"platform\", \"id\"} objects");
        }
        List<Identity> identities = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            identities.add(IdentityBodies.identity(list.get(i), "identities." + i));
        }
        Object force = body.getOrDefault("force", false);
        if (force instanceof Boolean == false) {
            throw new IllegalArgumentException("[force] must be true or false");
        }
        LinkIdentitiesRequest link = new LinkIdentitiesRequest(request.param("name"), userId, identities, (Boolean) force);
        return channel -> client.execute(LinkIdentitiesAction.INSTANCE, link, new RestToXContentListener<>(channel));
    }
}
