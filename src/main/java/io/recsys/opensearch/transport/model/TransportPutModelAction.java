package io.recsys.opensearch.transport.model;

import io.recsys.opensearch.model.ModelInfo;
import io.recsys.opensearch.model.ModelNames;
import io.recsys.opensearch.model.ModelRegistryMetadata;
import io.recsys.opensearch.model.ModelService;
import io.recsys.opensearch.model.ModelStore;
import io.recsys.opensearch.model.OnnxModel;
import org.apache.lucene.util.SetOnce;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.clustermanager.TransportClusterManagerNodeAction;
import org.opensearch.cluster.AckedClusterStateUpdateTask;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.block.ClusterBlockException;
import org.opensearch.cluster.block.ClusterBlockLevel;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.UUIDs;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;

/**
 * Runs on the cluster manager (on a generic thread: loading a model takes a fraction of a second): validates the upload
 * by really loading it in ONNX Runtime, stores its bytes under a new blob id, then records the new version in the
 * registry in one cluster-state update. Nothing is registered unless every step succeeds; the bytes of a failed or
 * superseded upload are deleted (a superseded one after a grace period, for requests that resolved it just before).
 */
public final class TransportPutModelAction extends TransportClusterManagerNodeAction<PutModelRequest, PutModelResponse> {

    /** Bytes, validation limits, cleanup. */
    private final ModelService models;

    @Inject
    public TransportPutModelAction(
        TransportService transportService,
        ClusterService clusterService,
        ThreadPool threadPool,
        ActionFilters actionFilters,
        IndexNameExpressionResolver indexNameExpressionResolver,
        ModelService models
    ) {
        super(PutModelAction.NAME, transportService, clusterService, threadPool, actionFilters, PutModelRequest::new, indexNameExpressionResolver);
        this.models = models;
    }

    @Override
    protected String executor() {
        return ThreadPool.Names.GENERIC;
    }

    @Override
    protected PutModelResponse read(StreamInput in) throws IOException {
        return new PutModelResponse(in);
    }

    @Override
    protected ClusterBlockException checkBlock(PutModelRequest request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }

    @Override
    protected void clusterManagerOperation(PutModelRequest request, ClusterState state, ActionListener<PutModelResponse> listener) {
        ModelRegistryMetadata registry = ModelRegistryMetadata.from(state);
        ModelInfo existing = registry.models().get(request.modelId());
        if (request.createOnly() && existing != null) {
            listener.onResponse(new PutModelResponse(true, existing.id(), existing.version(), "noop"));
            return;
        }
        byte[] bytes;
        try {
            ModelNames.validate(request.modelId(), "model_id");
            checkNotAlias(registry, request.modelId());
            int columns = ModelNames.features(request.features()).size();
            ModelNames.description(request.description());
            bytes = BytesReference.toBytes(request.model());
            if (bytes.length == 0) {
                throw new IllegalArgumentException("[model_base64] is empty: the base64 of an ONNX model is required");
            }
            long max = models.maxModelBytes();
            if (bytes.length > max) {
                throw new IllegalArgumentException("[model_base64] the model has " + bytes.length + " bytes, over the limit of " + max + " (setting recsys.model.max_size)");
            }
            try (OnnxModel ignored = models.loadChecked(bytes, columns, "model_base64")) {
                // loaded, signature checked, one batch run within the run limit: valid
            }
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        String blobId = UUIDs.randomBase64UUID();
        models.store().write(request.modelId(), blobId, bytes, ActionListener.wrap(
            stored -> register(request, blobId, bytes, listener),
            listener::onFailure
        ));
    }

    private static void checkNotAlias(ModelRegistryMetadata registry, String id) {
        String target = registry.aliases().get(id);
        if (target != null) {
            throw new IllegalArgumentException("[model_id] [" + id + "] is an alias of model [" + target + "]; a model id cannot also be an alias");
        }
    }

    private void register(PutModelRequest request, String blobId, byte[] bytes, ActionListener<PutModelResponse> listener) {
        SetOnce<ModelInfo> registered = new SetOnce<>();
        SetOnce<ModelInfo> replaced = new SetOnce<>();
        String sha256 = ModelStore.sha256(bytes);
        int chunks = ModelStore.chunkCount(bytes.length);
        clusterService.submitStateUpdateTask("put-recsys-model-" + request.modelId(), new AckedClusterStateUpdateTask<PutModelResponse>(request, listener) {
            @Override
            public ClusterState execute(ClusterState current) {
                ModelRegistryMetadata registry = ModelRegistryMetadata.from(current);
                checkNotAlias(registry, request.modelId());
                ModelInfo previous = registry.models().get(request.modelId());
                if (request.createOnly() && previous != null) {
                    registered.set(previous);
                    return current;
                }
                ModelInfo model = new ModelInfo(request.modelId(), previous == null ? 1 : previous.version() + 1, request.features(),
                    request.description(), sha256, bytes.length, blobId, chunks, System.currentTimeMillis(), request.regimes());
                registered.set(model);
                if (previous != null) {
                    replaced.set(previous);
                }
                return ClusterState.builder(current)
                    .metadata(Metadata.builder(current.metadata()).putCustom(ModelRegistryMetadata.TYPE, registry.withModel(model)))
                    .build();
            }

            @Override
            public void onFailure(String source, Exception e) {
                models.deleteLater(blobId, chunks, false);
                super.onFailure(source, e);
            }

            @Override
            public void clusterStateProcessed(String source, ClusterState oldState, ClusterState newState) {
                ModelInfo model = registered.get();
                if (model != null && model.blobId().equals(blobId) == false) {
                    models.deleteLater(blobId, chunks, false); // create-only and the model existed: our copy is unused
                }
                ModelInfo old = replaced.get();
                if (old != null) {
                    models.deleteLater(old.blobId(), old.chunks(), true);
                }
                super.clusterStateProcessed(source, oldState, newState);
            }

            @Override
            protected PutModelResponse newResponse(boolean acknowledged) {
                ModelInfo model = registered.get();
                String result = model.blobId().equals(blobId) == false ? "noop" : model.version() == 1 ? "created" : "updated";
                return new PutModelResponse(acknowledged, model.id(), model.version(), result);
            }
        });
    }
}
