package io.recsys.opensearch.rest;

import io.recsys.opensearch.transport.model.ModelAliasesAction;
import io.recsys.opensearch.transport.model.ModelAliasesRequest;
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

/**
 * {@code POST /_plugins/_recsys/models/_aliases} with
 * {@code {"actions": [{"add": {"alias", "model_id"}}, {"remove": {"alias", "model_id"?}}]}}, applied atomically.
 */
public final class RestModelAliasesAction extends BaseRestHandler {

    /** Actions per call; an alias switch needs one or two. */
    static final int MAX_ACTIONS = 100;

    @Override
    public String getName() {
        return "recsys_model_aliases";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, RecsysPaths.MODEL_ALIASES));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        if (request.hasContent() == false) {
            throw new IllegalArgumentException("[actions] request body is required: {\"actions\": [{\"add\": {\"alias\": ..., \"model_id\": ...}}]}");
        }
        Map<String, Object> body;
        try (XContentParser parser = request.contentParser()) {
            body = parser.map();
        }
        for (String field : body.keySet()) {
            if ("actions".equals(field) == false) {
                throw new IllegalArgumentException("[" + field + "] unknown field; the body has only [actions]");
            }
        }
        List<?> list = body.get("actions") instanceof List<?> given ? given : List.of();
        if (list.isEmpty() || list.size() > MAX_ACTIONS) {
            throw new IllegalArgumentException("[actions] is required: a list of 1 to " + MAX_ACTIONS + " {\"add\"|\"remove\": {\"alias\", \"model_id\"}} objects");
        }
        List<ModelAliasesRequest.AliasAction> actions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            actions.add(action(list.get(i), "actions." + i));
        }
        ModelAliasesRequest aliases = new ModelAliasesRequest(actions);
        aliases.clusterManagerNodeTimeout(request.paramAsTime("cluster_manager_timeout", aliases.clusterManagerNodeTimeout()));
        aliases.timeout(request.paramAsTime("timeout", aliases.timeout()));
        return channel -> client.execute(ModelAliasesAction.INSTANCE, aliases, new RestToXContentListener<>(channel));
    }

    private static ModelAliasesRequest.AliasAction action(Object value, String at) {
        if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
            throw new IllegalArgumentException("[" + at + "] must be an object with exactly one of [add] or [remove]");
        }
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        String type = String.valueOf(entry.getKey());
        if ("add".equals(type) == false && "remove".equals(type) == false) {
            throw new IllegalArgumentException("[" + at + "] unknown action [" + type + "]; use [add] or [remove]");
        }
        String field = at + "." + type;
        if (!(entry.getValue() instanceof Map<?, ?> args)) {
            throw new IllegalArgumentException("[" + field + "] must be an object: {\"alias\": ..., \"model_id\": ...}");
        }
        for (Object key : args.keySet()) {
            if (Set.of("alias", "model_id").contains(key) == false) {
                throw new IllegalArgumentException("[" + field + "] unknown field [" + key + "]; use [alias] and [model_id]");
            }
        }
        if (!(args.get("alias") instanceof String alias)) {
            throw new IllegalArgumentException("[" + field + ".alias] is required, a string");
        }
        Object modelId = args.get("model_id");
        if (modelId != null && modelId instanceof String == false) {
            throw new IllegalArgumentException("[" + field + ".model_id] must be a string");
        }
        if ("add".equals(type) && modelId == null) {
            throw new IllegalArgumentException("[" + field + ".model_id] is required: the model the alias points at");
        }
        return new ModelAliasesRequest.AliasAction("add".equals(type), alias, (String) modelId);
    }
}
