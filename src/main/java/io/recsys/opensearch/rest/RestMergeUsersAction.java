package io.recsys.opensearch.rest;

import io.recsys.opensearch.transport.profile.MergeUsersAction;
import io.recsys.opensearch.transport.profile.MergeUsersRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code POST /_plugins/_recsys/recommenders/{name}/identities/_merge}. */
public final class RestMergeUsersAction extends BaseRestHandler {

    private static final Set<String> FIELDS = Set.of("from", "into");
    private static final String USAGE = "{\"from\": \"<user id merged away>\", \"into\": \"<user id that receives it>\"}";

    @Override
    public String getName() {
        return "recsys_merge_users";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, RecsysPaths.RECOMMENDER + "/identities/_merge"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        Map<String, Object> body = IdentityBodies.object(request, FIELDS, USAGE);
        String from = IdentityBodies.userId(body, "from");
        String into = IdentityBodies.userId(body, "into");
        if (from.equals(into)) {
            throw new IllegalArgumentException("[into] must differ from [from], both are [" + from + "]");
        }
        MergeUsersRequest merge = new MergeUsersRequest(request.param("name"), from, into);
        return channel -> client.execute(MergeUsersAction.INSTANCE, merge, new RestToXContentListener<>(channel));
    }
}
