package io.recsys.opensearch.rest;

import io.recsys.opensearch.transport.stats.RecsysStatsAction;
import io.recsys.opensearch.transport.stats.RecsysStatsRequest;
import org.opensearch.core.common.Strings;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestActions;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

/** {@code GET /_plugins/_recsys/_stats[/{node_id}]}: per-node counters, shaped like {@code _nodes/stats}. */
public final class RestRecsysStatsAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "recsys_stats";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, RecsysPaths.STATS), new Route(RestRequest.Method.GET, RecsysPaths.STATS + "/{node_id}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        String[] nodeIds = Strings.splitStringByCommaToArray(request.param("node_id"));
        RecsysStatsRequest stats = new RecsysStatsRequest(nodeIds);
        return channel -> client.execute(RecsysStatsAction.INSTANCE, stats, new RestActions.NodesResponseRestListener<>(channel));
    }
}
