package io.recsys.opensearch.rest;

import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.events.ProfileIds;
import io.recsys.opensearch.transport.profile.LinkIdentitiesAction;
import io.recsys.opensearch.transport.profile.LinkIdentitiesRequest;
import org.opensearch.core.xcontent.XContentParser;
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
        if (request.hasContent() == false) {
            throw new IllegalArgumentException("[identities] request body is required: {\"user_id\", \"identities\": [{\"platform\", \"id\"}]}");
        }
        Map<String, Object> body;
        try (XContentParser parser = request.contentParser()) {
            body = parser.map();
        } catch (IOException | RuntimeException e) {
            // malformed, truncated or too deeply nested JSON: the client's mistake, not the node's
            throw new IllegalArgumentException("[identities] the request body is not a valid JSON object: " + e.getMessage(), e);
        }
        for (String field : body.keySet()) {
            if (FIELDS.contains(field) == false) {
                throw new IllegalArgumentException("[" + field + "] unknown field; known fields: " + FIELDS);
            }
        }
        if (body.get("user_id") instanceof String == false) {
            throw new IllegalArgumentException("[user_id] is required, a string");
        }
        String userId = ProfileIds.validateUserId((String) body.get("user_id"), "user_id");
        List<?> list = body.get("identities") instanceof List<?> given ? given : List.of();
        if (list.isEmpty() || list.size() > MAX_IDENTITIES) {
            throw new IllegalArgumentException("[identities] is required: a list of 1 to " + MAX_IDENTITIES + " {\"platform\", \"id\"} objects");
        }
        List<Identity> identities = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> identity && identity.keySet().equals(Set.of("platform", "id"))) {
                if (identity.get("platform") instanceof String == false || identity.get("id") instanceof String == false) {
                    throw new IllegalArgumentException("[identities." + i + "] [platform] and [id] must be strings, got " + identity);
                }
                try {
                    identities.add(new Identity((String) identity.get("platform"), (String) identity.get("id")));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("[identities." + i + "] " + e.getMessage(), e);
                }
            } else {
                throw new IllegalArgumentException("[identities." + i + "] must be an object with exactly [platform] and [id]");
            }
        }
        Object force = body.getOrDefault("force", false);
        if (force instanceof Boolean == false) {
            throw new IllegalArgumentException("[force] must be true or false");
        }
        LinkIdentitiesRequest link = new LinkIdentitiesRequest(request.param("name"), userId, identities, (Boolean) force);
        return channel -> client.execute(LinkIdentitiesAction.INSTANCE, link, new RestToXContentListener<>(channel));
    }
}
