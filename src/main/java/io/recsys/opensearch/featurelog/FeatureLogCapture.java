package io.recsys.opensearch.featurelog;

import io.recsys.opensearch.query.CandidatesQueryBuilder;
import io.recsys.opensearch.query.RecommendService;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands the candidates a {@code recommend} query computed during its rewrite to the {@link FeatureLogFilter} that
 * sees the same search's response. The filter marks a logged search with a token in the thread context (a transient,
 * so it follows the search's asynchronous steps on this node); the pipeline keeps its result under that token, and
 * the filter takes it back once the response is there. Entries live only for the duration of one search.
 */
public final class FeatureLogCapture implements RecommendService.ResultObserver {

    static final String TOKEN = "recsys_feature_log_token";

    /** Results of the searches being logged, by token. */
    private final Map<String, List<CandidatesQueryBuilder>> captured = new ConcurrentHashMap<>();
    /** Where the token is. */
    private final ThreadContext threadContext;

    public FeatureLogCapture(ThreadContext threadContext) {
        this.threadContext = threadContext;
    }

    /** Whether the current search is being logged: it shows the candidates' features. */
    @Override
    public boolean showsFeatures(ThreadContext threadContext) {
        return threadContext.getTransient(TOKEN) != null;
    }

    /** Wraps a pipeline's listener: when the current search is logged, its result is kept for the filter. */
    @Override
    public ActionListener<CandidatesQueryBuilder> observe(ActionListener<CandidatesQueryBuilder> listener) {
        String token = threadContext.getTransient(TOKEN);
        if (token == null) {
            return listener;
        }
        return ActionListener.wrap(result -> {
            captured.computeIfAbsent(token, t -> new CopyOnWriteArrayList<>()).add(result);
            listener.onResponse(result);
        }, listener::onFailure);
    }

    List<CandidatesQueryBuilder> take(String token) {
        List<CandidatesQueryBuilder> results = captured.remove(token);
        return results == null ? List.of() : results;
    }

    int pending() {
        return captured.size();
    }
}
