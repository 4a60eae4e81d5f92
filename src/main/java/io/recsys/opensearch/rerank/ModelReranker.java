package io.recsys.opensearch.rerank;

import io.recsys.opensearch.candidate.Candidate;
import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.candidate.RecommendSpec;
import io.recsys.opensearch.candidate.ShopperRegime;
import io.recsys.opensearch.model.DefaultModel;
import io.recsys.opensearch.model.InferencePool;
import io.recsys.opensearch.model.ModelCache;
import io.recsys.opensearch.model.ModelInfo;
import io.recsys.opensearch.model.ModelRegistryMetadata;
import io.recsys.opensearch.model.OnnxMessages;
import io.recsys.opensearch.model.StoppableRun;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.settings.RecsysSettings;
import io.recsys.opensearch.stats.Counter;
import io.recsys.opensearch.stats.RecsysStats;
import org.opensearch.ExceptionsHelper;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.cluster.ClusterState;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.util.concurrent.AbstractRunnable;
import org.opensearch.core.action.ActionListener;
import org.opensearch.threadpool.Scheduler;
import org.opensearch.threadpool.ThreadPool;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Re-ranks a request's top {@code rerank.window} fused candidates with an ONNX model, on the coordinating node, once
 * per request: the model name (request's {@code rerank.model}, else the recommender's) is resolved to one version
 * from the local registry, the version's session is leased from the node's cache (loaded on first use), and one
 * batched run happens on the {@value InferencePool#NAME} pool from a reused direct buffer. The run has a time budget
 * ({@code recsys.model.inference_timeout}) counted from the hand-over to the pool, queue wait included: at the deadline
 * the request goes on in the fused order, the run is stopped, and a request still queued then is skipped when its turn
 * comes, so an overloaded pool sheds work instead of piling it up. A full queue is a 429. A model that fails to load
 * or run, or runs out of time, leaves the fused order, counted in {@code _stats} and noted in explain.
 */
public final class ModelReranker implements Reranker {

    /** Where the registry is read, once per request. */
    private final Supplier<ClusterState> clusterState;
    /** Loaded sessions. */
    private final ModelCache cache;
    /** Registers the shipped default model when first needed. */
    private final DefaultModel defaultModel;
    /** Runs inference. */
    private final ThreadPool threadPool;
    /** Counts failures. */
    private final RecsysStats stats;
    /** Budget of the model stage, read per request (dynamic setting). */
    private final Supplier<TimeValue> inferenceTimeout;
    /** One input buffer per inference thread, grown as needed and reused by every request on that thread. */
    private final ThreadLocal<FloatBuffer> buffers = ThreadLocal.withInitial(() -> allocate(300 * Feature.values().length));

    public ModelReranker(
        Supplier<ClusterState> clusterState,
        ModelCache cache,
        DefaultModel defaultModel,
        ThreadPool threadPool,
        RecsysStats stats,
        Supplier<TimeValue> inferenceTimeout
    ) {
        this.clusterState = clusterState;
        this.cache = cache;
        this.defaultModel = defaultModel;
        this.threadPool = threadPool;
        this.stats = stats;
        this.inferenceTimeout = inferenceTimeout;
    }

    @Override
    public void rerank(RecommendSpec spec, RecommenderConfig config, ShopperRegime regime, List<Candidate> fused, List<String> notes,
        ActionListener<Reranked> listener) {
        int window = Math.min(spec.rerank().window(), fused.size());
        if (window == 0) {
            listener.onResponse(Reranked.fused(fused));
            return;
        }
        boolean fromRequest = spec.rerank().model() != null;
        String name = fromRequest ? spec.rerank().model() : config.model();
        if (name == null) {
            // the recommender names no model: the fused order until a model trained on its own data is named
            listener.onResponse(Reranked.fused(fused));
            return;
        }
        ModelRegistryMetadata.Resolved resolved = ModelRegistryMetadata.from(clusterState.get()).resolve(name);
        if (resolved != null) {
            score(resolved, regime, fused, window, notes, listener);
        } else if (name.equals(RecommenderConfig.DEFAULT_MODEL)) {
            defaultModel.register(ActionListener.wrap(installed -> {
                ModelRegistryMetadata.Resolved registered = ModelRegistryMetadata.from(clusterState.get()).resolve(name);
                if (registered != null) {
                    score(registered, regime, fused, window, notes, listener);
                } else {
                    notes.add("model [" + name + "]: the default model is not installed on this node (" + defaultModel.modelPath() + "), fused order");
                    listener.onResponse(Reranked.fused(fused));
                }
            }, e -> degrade(name, e, fused, notes, listener)));
        } else if (fromRequest) {
            listener.onFailure(new ResourceNotFoundException("[recommend.rerank.model] model or alias [" + name + "] is not registered"));
        } else {
            listener.onFailure(new ResourceNotFoundException("[model] recommender [" + spec.recommender() + "] re-ranks with model or alias ["
                + name + "], which is not registered; register it or update the recommender"));
        }
    }

    private void score(ModelRegistryMetadata.Resolved resolved, ShopperRegime regime, List<Candidate> fused, int window, List<String> notes,
        ActionListener<Reranked> listener) {
        ModelInfo model = resolved.model();
        if (resolved.alias() != null) {
            notes.add("model alias [" + resolved.alias() + "] resolved to model [" + model.id() + "] version [" + model.version() + "]");
        }
        if (model.reranks(regime) == false) {
            // a model scores only the kind of request its training log held; elsewhere the fused order is the better bet
            stats.increment(Counter.MODEL_REGIME_SKIPS);
            notes.add("model [" + model.key() + "] re-ranks " + ShopperRegime.jsonNames(model.regimes()) + " shoppers (its declared regimes), "
                + "this one is [" + regime.jsonName() + "]: the fused order stands");
            listener.onResponse(Reranked.fused(fused));
            return;
        }
        int[] columns = columns(model);
        cache.acquire(model, ActionListener.wrap(lease -> {
            StoppableRun run;
            try {
                run = StoppableRun.create();
            } catch (Exception e) {
                lease.close();
                degrade(model.key().toString(), e, fused, notes, listener);
                return;
            }
            runWithinBudget(model, lease, run, fused, window, columns, notes, listener);
        }, e -> degrade(model.key().toString(), e, fused, notes, listener)));
    }

    /**
     * The run on the inference pool, raced against the budget's timer: whichever finishes first answers (the
     * {@code answered} flag), the other only cleans up. The timer also stops the native run.
     */
    private void runWithinBudget(
        ModelInfo model,
        ModelCache.Lease lease,
        StoppableRun run,
        List<Candidate> fused,
        int window,
        int[] columns,
        List<String> notes,
        ActionListener<Reranked> listener
    ) {
        TimeValue budget = inferenceTimeout.get();
        AtomicBoolean answered = new AtomicBoolean();
        Scheduler.ScheduledCancellable deadline = threadPool.schedule(() -> {
            run.stop();
            if (answered.compareAndSet(false, true)) {
                stats.increment(Counter.MODEL_TIMEOUTS);
                notes.add("model [" + model.key() + "] did not answer within its time budget of " + budget + " (setting "
                    + RecsysSettings.MODEL_INFERENCE_TIMEOUT.getKey() + "): the fused order stands");
                listener.onResponse(Reranked.fused(fused));
            }
        }, budget, ThreadPool.Names.GENERIC);
        threadPool.executor(InferencePool.NAME).execute(new AbstractRunnable() {
            @Override
            protected void doRun() throws Exception {
                if (answered.get()) {
                    return; // the request went on without the model while this waited in the queue: spare the CPU
                }
                FloatBuffer features = fill(fused, window, columns);
                float[] outputs = new float[window];
                lease.model().score(features, window, outputs, run);
                for (float output : outputs) {
                    if (Float.isFinite(output) == false) {
                        throw new IllegalStateException("the model returned a non-finite score [" + output + "]");
                    }
                }
                deadline.cancel();
                if (answered.compareAndSet(false, true)) {
                    listener.onResponse(new Reranked(RerankScores.apply(fused, window, outputs), model.id(), model.version()));
                }
            }

            @Override
            public void onRejection(Exception e) {
                deadline.cancel();
                if (answered.compareAndSet(false, true)) {
                    listener.onFailure(e); // the inference pool's queue is full: 429 at once, the client retries later
                }
            }

            @Override
            public void onFailure(Exception e) {
                deadline.cancel();
                if (answered.compareAndSet(false, true)) {
                    degrade(model.key().toString(), e, fused, notes, listener);
                }
            }

            @Override
            public void onAfter() {
                run.close();
                lease.close();
            }
        });
    }

    /** Model feature order as indices into a candidate's contract feature vector. */
    private static int[] columns(ModelInfo model) {
        int[] columns = new int[model.features().size()];
        for (int i = 0; i < columns.length; i++) {
            String name = model.features().get(i);
            columns[i] = Feature.fromJsonName(name).orElseThrow(() -> new IllegalStateException("unknown feature [" + name + "]")).ordinal();
        }
        return columns;
    }

    /** The thread's buffer, filled row by row with the model's columns of each candidate. */
    private FloatBuffer fill(List<Candidate> fused, int rows, int[] columns) {
        FloatBuffer buffer = buffers.get();
        if (buffer.capacity() < rows * columns.length) {
            buffer = allocate(rows * columns.length);
            buffers.set(buffer);
        }
        int at = 0;
        for (int r = 0; r < rows; r++) {
            float[] values = fused.get(r).features();
            for (int column : columns) {
                buffer.put(at++, values[column]);
            }
        }
        return buffer;
    }

    private static FloatBuffer allocate(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private void degrade(String model, Exception e, List<Candidate> fused, List<String> notes, ActionListener<Reranked> listener) {
        stats.increment(Counter.MODEL_FAILURES);
        notes.add("model [" + model + "] failed (" + OnnxMessages.clean(ExceptionsHelper.unwrapCause(e).getMessage()) + "): the fused order stands");
        listener.onResponse(Reranked.fused(fused));
    }
}
