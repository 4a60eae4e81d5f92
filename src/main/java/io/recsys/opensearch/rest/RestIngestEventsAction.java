package io.recsys.opensearch.rest;

import io.recsys.opensearch.transport.events.IngestEventsAction;
import io.recsys.opensearch.transport.events.IngestEventsRequest;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.MediaType;
import org.opensearch.core.xcontent.MediaTypeRegistry;
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
        // Content streams let SMILE through as well as JSON; the body is read as JSON text, so refuse it here, with the
        // same status the REST layer gives YAML and CBOR on this path, rather than report every "line" as broken.
        MediaType type = request.getMediaType();
        if (type != null && type != MediaTypeRegistry.JSON) {
            throw new OpenSearchStatusException(
                "[events] Content-Type [" + type.mediaTypeWithoutParameters() + "] is not supported: send a JSON array or NDJSON "
                    + "(application/json or application/x-ndjson)",
                RestStatus.NOT_ACCEPTABLE
            );
        }
        IngestEventsRequest ingest = new IngestEventsRequest(request.param("name"), request.content());
        return channel -> client.execute(IngestEventsAction.INSTANCE, ingest, new RestToXContentListener<>(channel));
    }
}
