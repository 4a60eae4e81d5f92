package io.recsys.opensearch.rest;

import io.recsys.opensearch.transport.events.IngestEventsAction;
import io.recsys.opensearch.transport.events.IngestEventsRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

/** {@code POST /_plugins/_recsys/recommenders/{name}/events}: a JSON array or NDJSON of events. */
public final class RestIngestEventsAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "recsys_ingest_events";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, RecsysPaths.RECOMMENDER + "/events"));
    }

    @Override
    public boolean supportsContentStream() {
        return true; // NDJSON, like _bulk
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        if (request.hasContent() == false) {
            throw new IllegalArgumentException("[events] request body is required: a JSON array or NDJSON of events");
        }
        IngestEventsRequest ingest = new IngestEventsRequest(request.param("name"), request.content());
        return channel -> client.execute(IngestEventsAction.INSTANCE, ingest, new RestToXContentListener<>(channel));
    }
}
