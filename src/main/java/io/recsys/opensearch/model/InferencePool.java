package io.recsys.opensearch.model;

import org.opensearch.common.settings.Settings;
import org.opensearch.common.util.concurrent.OpenSearchExecutors;
import org.opensearch.threadpool.ExecutorBuilder;
import org.opensearch.threadpool.FixedExecutorBuilder;

/**
 * The node's model-inference thread pool: fixed size (one thread per allocated processor; each ONNX Runtime run uses
 * one thread) with a bounded queue, so a node past its capacity answers 429 instead of piling up work; a request that
 * got into the queue waits at most its time budget ({@code recsys.model.inference_timeout}), after which it is answered
 * in the fused order and its task is skipped when dequeued. Sized with {@code thread_pool.recsys_inference.size} and
 * {@code thread_pool.recsys_inference.queue_size}.
 */
public final class InferencePool {

    public static final String NAME = "recsys_inference";
    /** Queue per node: a few hundred milliseconds of work at 1 ms per run keeps latency bounded under bursts. */
    public static final int DEFAULT_QUEUE_SIZE = 256;

    private InferencePool() {}

    public static ExecutorBuilder<?> executorBuilder(Settings settings) {
        return new FixedExecutorBuilder(settings, NAME, OpenSearchExecutors.allocatedProcessors(settings), DEFAULT_QUEUE_SIZE, "thread_pool." + NAME);
    }
}
