package io.recsys.opensearch.rerank;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.explain.ExplainAction;
import org.opensearch.action.search.SearchAction;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.support.ActionFilter;
import org.opensearch.action.support.ActionFilterChain;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.tasks.Task;

/**
 * Marks the searches whose response shows the candidates' feature values ({@code explain: true}, the explain API),
 * with a transient in the thread context that follows the search's rewrite on this node. The recommend pipeline
 * computes features only when something reads them — a model re-ranks, the response explains, the feature log records
 * the request — since the fused order needs only ranks, and the popularity feature costs a round trip to the events
 * index.
 */
public final class FeatureDemand implements ActionFilter {

    static final String EXPLAIN = "recsys_explain";

    private final ThreadContext threadContext;

    public FeatureDemand(ThreadContext threadContext) {
        this.threadContext = threadContext;
    }

    /** Whether the current search shows feature values in its response. */
    public static boolean explained(ThreadContext threadContext) {
        return Boolean.TRUE.equals(threadContext.getTransient(EXPLAIN));
    }

    @Override
    public int order() {
        return 101;
    }

    @Override
    public <Request extends ActionRequest, Response extends ActionResponse> void apply(
        Task task,
        String action,
        Request request,
        ActionListener<Response> listener,
        ActionFilterChain<Request, Response> chain
    ) {
        boolean explains = ExplainAction.NAME.equals(action)
            || SearchAction.NAME.equals(action) && request instanceof SearchRequest search && search.source() != null && Boolean.TRUE.equals(search.source().explain());
        if (explains == false || explained(threadContext)) {
            chain.proceed(task, action, request, listener);
            return;
        }
        try (ThreadContext.StoredContext ignored = threadContext.newStoredContext(true)) {
            threadContext.putTransient(EXPLAIN, Boolean.TRUE);
            chain.proceed(task, action, request, listener);
        }
    }
}
