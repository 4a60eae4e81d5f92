package io.recsys.opensearch.rest;

import io.recsys.opensearch.indicators.IndicatorsBuildConfig;
import io.recsys.opensearch.indicators.IndicatorsBuildParser;
import io.recsys.opensearch.transport.indicators.BuildIndicatorsAction;
import io.recsys.opensearch.transport.indicators.BuildIndicatorsRequest;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestCancellableNodeClient;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.util.List;

/**
 * {@code POST /_plugins/_recsys/indicators/_build}: the body is parsed and checked here; the build runs on this node and
 * answers when the alias points at the new indicators. Closing the connection cancels it.
 */
public final class RestBuildIndicatorsAction extends BaseRestHandler {

    public static final String PATH = RecsysPaths.BASE + "/indicators/_build";

    @Override
    public String getName() {
        return "recsys_build_indicators";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, PATH));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        if (request.hasContent() == false) {
            throw new IllegalArgumentException("[indicators] request body is required, with [source.index], [source.field] and [dest.index]");
        }
        IndicatorsBuildConfig config;
        try (XContentParser parser = request.contentParser()) {
            config = IndicatorsBuildParser.parse(parser);
        }
        BuildIndicatorsRequest build = new BuildIndicatorsRequest(config);
        return channel -> new RestCancellableNodeClient(client, request.getHttpChannel()).execute(
            BuildIndicatorsAction.INSTANCE,
            build,
            new RestToXContentListener<>(channel)
        );
    }
}
