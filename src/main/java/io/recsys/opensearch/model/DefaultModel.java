package io.recsys.opensearch.model;

import io.recsys.opensearch.access.SystemContext;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.transport.model.PutModelAction;
import io.recsys.opensearch.transport.model.PutModelRequest;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.transport.client.Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model shipped with the plugin ({@code config/opensearch-recsys/fusion-default.onnx} and its
 * {@code fusion-default.json}: feature list and description), registered as {@value RecommenderConfig#DEFAULT_MODEL}
 * the first time a request needs it and it is not in the registry. The registration is an ordinary, validated upload
 * (create-only: a model already registered under that id, by another node or by a user, is kept).
 */
public final class DefaultModel {

    public static final String MODEL_FILE = RecommenderConfig.DEFAULT_MODEL + ".onnx";
    public static final String META_FILE = RecommenderConfig.DEFAULT_MODEL + ".json";

    /** The plugin's config directory. */
    private final Path dir;
    /** Registers through the put action. */
    private final Client client;
    /** Requests waiting for the registration in flight; null when none is. */
    private List<ActionListener<Boolean>> waiting;

    public DefaultModel(Path dir, Client client) {
        this.dir = dir;
        this.client = client;
    }

    public Path modelPath() {
        return dir.resolve(MODEL_FILE);
    }

    /** Registers the default model; answers false when this node has no default model installed. */
    public void register(ActionListener<Boolean> listener) {
        if (Files.isRegularFile(modelPath()) == false) {
            listener.onResponse(false);
            return;
        }
        synchronized (this) {
            if (waiting != null) {
                waiting.add(listener);
                return;
            }
            waiting = new ArrayList<>(List.of(listener));
        }
        PutModelRequest request;
        try {
            request = request();
        } catch (IOException | RuntimeException e) {
            done(null, new IllegalStateException("the default model in [" + dir + "] cannot be read: " + e.getMessage(), e));
            return;
        }
        SystemContext.run(client.threadPool().getThreadContext(), ActionListener.<Boolean>wrap(r -> done(r, null), e -> done(null, e)),
            l -> client.execute(PutModelAction.INSTANCE, request, ActionListener.wrap(r -> l.onResponse(true), l::onFailure)));
    }

    private void done(Boolean registered, Exception failure) {
        List<ActionListener<Boolean>> listeners;
        synchronized (this) {
            listeners = waiting;
            waiting = null;
        }
        for (ActionListener<Boolean> listener : listeners) {
            if (failure == null) {
                listener.onResponse(registered);
            } else {
                listener.onFailure(failure);
            }
        }
    }

    @SuppressWarnings("unchecked")
    PutModelRequest request() throws IOException {
        byte[] bytes = Files.readAllBytes(modelPath());
        Map<String, Object> meta;
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, Files.readString(dir.resolve(META_FILE)))) {
            meta = parser.map();
        }
        return new PutModelRequest(RecommenderConfig.DEFAULT_MODEL, ModelNames.declared((List<String>) meta.get("features")), (String) meta.get("description"), new BytesArray(bytes), true);
    }
}
