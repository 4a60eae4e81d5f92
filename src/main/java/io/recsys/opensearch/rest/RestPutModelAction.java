package io.recsys.opensearch.rest;

import io.recsys.opensearch.candidate.ShopperRegime;
import io.recsys.opensearch.model.ModelNames;
import io.recsys.opensearch.transport.model.PutModelAction;
import io.recsys.opensearch.transport.model.PutModelRequest;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.common.xcontent.XContentContraints;
import org.opensearch.core.ParseField;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentParseException;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code PUT /_plugins/_recsys/models/{model_id}} with {@code {"features": [...], "model_base64": "...", "description": "..."}};
 * {@code features} may be a contract version ("v1", "v2") and defaults to v1. {@code regimes} ({@code ["returning"]},
 * {@code ["in_session"]} or both, the default) are the shoppers the model re-ranks: those its training log held; a request
 * of another regime keeps the fused order.
 * The body is parsed here (unknown fields and wrong types are 400 with their position); the model itself is validated
 * by ONNX Runtime on the cluster manager.
 */
public final class RestPutModelAction extends BaseRestHandler {

    private static final ObjectParser<Body, Void> PARSER = new ObjectParser<>("model", Body::new);

    static {
        PARSER.declareStringArray((b, v) -> b.features = v, new ParseField("features"));
        PARSER.declareString((b, v) -> b.modelBase64 = v, new ParseField("model_base64"));
        PARSER.declareString((b, v) -> b.description = v, new ParseField("description"));
        PARSER.declareStringArray((b, v) -> b.regimes = v, new ParseField("regimes"));
    }

    /** The parsed body. */
    private static final class Body {
        /** Contract feature names, the model's input columns in order, or one contract version; null: contract v1. */
        List<String> features;
        /** The ONNX bytes, base64. */
        String modelBase64;
        /** Free text. */
        String description;
        /** The regimes it re-ranks; null: every regime. */
        List<String> regimes;
    }

    /** Whether the JSON parser refused a string over its length limit (Jackson's StreamConstraintsException). */
    private static boolean overStringLimit(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getSimpleName().equals("StreamConstraintsException")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String getName() {
        return "recsys_put_model";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.PUT, RecsysPaths.MODEL), new Route(RestRequest.Method.POST, RecsysPaths.MODEL));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        String modelId = ModelNames.validate(request.param("model_id"), "model_id");
        if (request.hasContent() == false) {
            throw new IllegalArgumentException("[model] request body is required: {\"features\": [...], \"model_base64\": \"...\"}");
        }
        Body body;
        try (XContentParser parser = request.contentParser()) {
            body = PARSER.parse(parser, null);
        } catch (XContentParseException e) {
            if (overStringLimit(e)) {
                throw new OpenSearchStatusException(String.format(Locale.ROOT,
                    "[model_base64] is longer than the %d characters a JSON string may have on this node, the base64 of a model of %d bytes; "
                        + "larger models (up to recsys.model.max_size) need the JVM property %s raised on every node",
                    XContentContraints.DEFAULT_MAX_STRING_LEN, XContentContraints.DEFAULT_MAX_STRING_LEN / 4L * 3,
                    XContentContraints.DEFAULT_MAX_STRING_LEN_PROPERTY), RestStatus.REQUEST_ENTITY_TOO_LARGE);
            }
            throw e;
        }
        body.features = ModelNames.declared(body.features);
        ModelNames.features(body.features);
        ModelNames.description(body.description);
        Set<ShopperRegime> regimes = ShopperRegime.parse("regimes", body.regimes);
        if (body.modelBase64 == null || body.modelBase64.isBlank()) {
            throw new IllegalArgumentException("[model_base64] is required: the ONNX model, base64-encoded");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(body.modelBase64.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[model_base64] is not valid base64: " + e.getMessage());
        }
        PutModelRequest put = new PutModelRequest(modelId, body.features, body.description, new BytesArray(bytes), false, regimes);
        put.clusterManagerNodeTimeout(request.paramAsTime("cluster_manager_timeout", put.clusterManagerNodeTimeout()));
        put.timeout(request.paramAsTime("timeout", put.timeout()));
        return channel -> client.execute(PutModelAction.INSTANCE, put, new RestToXContentListener<>(channel));
    }
}
