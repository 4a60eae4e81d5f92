package io.recsys.opensearch.model;

import io.recsys.opensearch.settings.RecsysSettings;
import io.recsys.opensearch.stats.RecsysStats;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.cluster.ClusterChangedEvent;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.ClusterStateListener;
import org.opensearch.cluster.ClusterStateUpdateTask;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.lease.Releasable;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;

import java.io.Closeable;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The model registry's node-side parts, created once per node: the stored bytes, the cache of loaded sessions, and a
 * cluster-state listener that drops versions the registry no longer has (deleted or replaced models) as soon as the
 * node applies the change.
 */
public final class ModelService implements ClusterStateListener, Closeable {

    private static final Logger logger = LogManager.getLogger(ModelService.class);
    /** How long the bytes of a replaced or deleted version stay, for requests that resolved it just before the change. */
    static final TimeValue DELETE_GRACE = TimeValue.timeValueSeconds(60);

    /** The bytes in the models system index. */
    private final ModelStore store;
    /** Loaded sessions. */
    private final ModelCache cache;
    /** Schedules deletions and loads. */
    private final ThreadPool threadPool;
    /** Submits the registry cleanup when the models index is deleted. */
    private final ClusterService clusterService;
    /** Upload limit, recsys.model.max_size. */
    private volatile long maxModelBytes;
    /** Time budget of one model run (and of the probe run at upload and load), recsys.model.inference_timeout. */
    private volatile TimeValue inferenceTimeout;

    public ModelService(Client client, ClusterService clusterService, ThreadPool threadPool, RecsysStats stats) {
        this.store = new ModelStore(client, clusterService::state);
        this.threadPool = threadPool;
        this.clusterService = clusterService;
        this.cache = new ModelCache(this::load, stats, RecsysSettings.MODEL_CACHE_SIZE.get(clusterService.getSettings()).getBytes());
        this.maxModelBytes = RecsysSettings.MODEL_MAX_SIZE.get(clusterService.getSettings()).getBytes();
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RecsysSettings.MODEL_CACHE_SIZE, v -> cache.setMaxBytes(v.getBytes()));
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RecsysSettings.MODEL_MAX_SIZE, v -> maxModelBytes = v.getBytes());
        this.inferenceTimeout = RecsysSettings.MODEL_INFERENCE_TIMEOUT.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RecsysSettings.MODEL_INFERENCE_TIMEOUT, v -> inferenceTimeout = v);
        clusterService.addListener(this);
    }

    public ModelStore store() {
        return store;
    }

    public ModelCache cache() {
        return cache;
    }

    public long maxModelBytes() {
        return maxModelBytes;
    }

    public TimeValue inferenceTimeout() {
        return inferenceTimeout;
    }

    /**
     * Loads bytes into ONNX Runtime with the node's run limit: the probe run is stopped by the node's timer after
     * {@link #inferenceTimeout()}.
     */
    public OnnxModel loadChecked(byte[] bytes, int columns, String field) {
        return OnnxModel.load(bytes, columns, field, threadPool.scheduler(), inferenceTimeout);
    }

    /** Reads the bytes, then creates the session on a generic thread (it takes a fraction of a second; inference threads stay free). */
    private void load(ModelInfo model, ActionListener<OnnxModel> listener) {
        store.read(model, ActionListener.wrap(bytes -> threadPool.generic().execute(() -> {
            OnnxModel loaded;
            try {
                loaded = loadChecked(bytes, model.features().size(), "model [" + model.key() + "]");
            } catch (RuntimeException e) {
                listener.onFailure(e);
                return;
            }
            listener.onResponse(loaded);
        }), listener::onFailure));
    }

    /** Deletes an upload's bytes, now or after {@link #DELETE_GRACE}; failures only cost space, so they are logged. */
    public void deleteLater(String blobId, int chunks, boolean afterGrace) {
        Runnable delete = () -> store.delete(blobId, chunks, ActionListener.wrap(r -> {}, e -> logger.warn("deleting model bytes [" + blobId + "] failed", e)));
        if (afterGrace) {
            threadPool.schedule(delete, DELETE_GRACE, ThreadPool.Names.GENERIC);
        } else {
            delete.run();
        }
    }

    @Override
    public void clusterChanged(ClusterChangedEvent event) {
        ModelRegistryMetadata before = ModelRegistryMetadata.from(event.previousState());
        ModelRegistryMetadata after = ModelRegistryMetadata.from(event.state());
        if (before.equals(after) == false) {
            Set<ModelKey> live = after.models().values().stream().map(ModelInfo::key).collect(Collectors.toSet());
            cache.retainOnly(live);
            preloadSuccessors(before, after);
        }
        boolean indexDeleted = event.previousState().metadata().hasIndex(ModelStore.INDEX) && event.state().metadata().hasIndex(ModelStore.INDEX) == false;
        if (indexDeleted && event.localNodeClusterManager() && after.models().isEmpty() == false) {
            forgetModels();
        }
    }

    /**
     * When an alias moves, or a model gets a new version, and this node has the old target loaded (it serves it), the
     * new target is loaded now, in the background, so the first request after the switch does not pay for the load.
     */
    private void preloadSuccessors(ModelRegistryMetadata before, ModelRegistryMetadata after) {
        Set<ModelInfo> successors = new HashSet<>();
        after.aliases().forEach((alias, target) -> {
            ModelInfo previous = before.resolve(alias) == null ? null : before.resolve(alias).model();
            ModelInfo next = after.models().get(target);
            if (previous != null && next != null && previous.key().equals(next.key()) == false && cache.isLoaded(previous.key())) {
                successors.add(next);
            }
        });
        after.models().forEach((id, next) -> {
            ModelInfo previous = before.models().get(id);
            if (previous != null && previous.version() != next.version() && cache.isLoaded(previous.key())) {
                successors.add(next);
            }
        });
        for (ModelInfo model : successors) {
            cache.acquire(model, ActionListener.wrap(Releasable::close, e -> logger.warn("preloading model [" + model.key() + "] failed", e)));
        }
    }

    /**
     * The models index was deleted (by hand, or by a test cluster's wipe): the bytes of every registered model are gone,
     * so the registry forgets them and their aliases instead of pointing at nothing. The default model is registered
     * again when next needed; other models must be uploaded again.
     */
    private void forgetModels() {
        clusterService.submitStateUpdateTask("recsys-models-index-deleted", new ClusterStateUpdateTask() {
            @Override
            public ClusterState execute(ClusterState current) {
                if (current.metadata().hasIndex(ModelStore.INDEX) || ModelRegistryMetadata.from(current).models().isEmpty()) {
                    return current;
                }
                logger.warn("the models index [{}] was deleted: forgetting models {}", ModelStore.INDEX, ModelRegistryMetadata.from(current).models().keySet());
                return ClusterState.builder(current)
                    .metadata(Metadata.builder(current.metadata()).putCustom(ModelRegistryMetadata.TYPE, ModelRegistryMetadata.EMPTY))
                    .build();
            }

            @Override
            public void onFailure(String source, Exception e) {
                logger.warn("forgetting the models of the deleted models index failed", e);
            }
        });
    }

    @Override
    public void close() {
        cache.close();
    }
}
