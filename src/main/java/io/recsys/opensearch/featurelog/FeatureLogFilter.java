package io.recsys.opensearch.featurelog;

import io.recsys.opensearch.query.CandidatesQueryBuilder;
import io.recsys.opensearch.query.RecommendQueryBuilder;
import org.apache.lucene.search.BooleanClause;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.search.SearchAction;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.ActionFilter;
import org.opensearch.action.support.ActionFilterChain;
import org.opensearch.common.UUIDs;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.index.query.BoostingQueryBuilder;
import org.opensearch.index.query.ConstantScoreQueryBuilder;
import org.opensearch.index.query.DisMaxQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilderVisitor;
import org.opensearch.index.query.functionscore.FunctionScoreQueryBuilder;
import org.opensearch.search.SearchExtBuilder;
import org.opensearch.tasks.Task;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sees every search on its coordinating node; for one that carries {@code ext.recsys_log} it marks the search (see
 * {@link FeatureLogCapture}), lets it run, and once the response is known hands the returned hits and the captured
 * candidates to the {@link FeatureLogWriter}. The response is passed on unchanged once the log documents are
 * indexed (so a client that refreshes the feature log right after the response finds them); a failed log write never
 * fails the search.
 */
public final class FeatureLogFilter implements ActionFilter {

    /** Where the pipeline leaves the candidates. */
    private final FeatureLogCapture capture;
    /** Writes the log. */
    private final FeatureLogWriter writer;
    /** Carries the token. */
    private final ThreadContext threadContext;

    public FeatureLogFilter(FeatureLogCapture capture, FeatureLogWriter writer, ThreadContext threadContext) {
        this.capture = capture;
        this.writer = writer;
        this.threadContext = threadContext;
    }

    @Override
    public int order() {
        return 100; // after security-style filters (which use low orders), so only authorized searches are logged
    }

    @Override
    public <Request extends ActionRequest, Response extends ActionResponse> void apply(
        Task task,
        String action,
        Request request,
        ActionListener<Response> listener,
        ActionFilterChain<Request, Response> chain
    ) {
        RecsysLogExt ext = SearchAction.NAME.equals(action) && request instanceof SearchRequest search ? ext(search) : null;
        if (ext == null) {
            chain.proceed(task, action, request, listener);
            return;
        }
        SearchRequest search = (SearchRequest) request;
        if (hasRecommend(search.source().query()) == false) {
            listener.onFailure(new IllegalArgumentException("[ext.recsys_log] logs the hits of a [recommend] query, and the request has none "
                + "(the query must be [recommend], or contain it in bool, constant_score, function_score, dis_max or boosting)"));
            return;
        }
        String token = UUIDs.randomBase64UUID();
        int from = Math.max(0, search.source().from());
        try (ThreadContext.StoredContext ignored = threadContext.newStoredContext(true)) {
            threadContext.putTransient(FeatureLogCapture.TOKEN, token);
            chain.proceed(task, action, request, ActionListener.wrap(response -> {
                List<CandidatesQueryBuilder> captured = capture.take(token);
                writer.write(ext.requestId(), from, (SearchResponse) response, captured, () -> listener.onResponse(response));
            }, e -> {
                capture.take(token);
                listener.onFailure(e);
            }));
        }
    }

    private static RecsysLogExt ext(SearchRequest search) {
        if (search.source() == null || search.source().ext() == null) {
            return null;
        }
        for (SearchExtBuilder ext : search.source().ext()) {
            if (ext instanceof RecsysLogExt log) {
                return log;
            }
        }
        return null;
    }

    /** Whether a recommend query is in the tree, through the compound queries of core. */
    static boolean hasRecommend(QueryBuilder query) {
        if (query == null) {
            return false;
        }
        AtomicBoolean found = new AtomicBoolean();
        query.visit(new QueryBuilderVisitor() {
            @Override
            public void accept(QueryBuilder q) {
                if (q instanceof RecommendQueryBuilder || q instanceof CandidatesQueryBuilder) {
                    found.set(true);
                } else if (q instanceof ConstantScoreQueryBuilder c) {
                    found.compareAndSet(false, hasRecommend(c.innerQuery()));
                } else if (q instanceof FunctionScoreQueryBuilder f) {
                    found.compareAndSet(false, hasRecommend(f.query()));
                } else if (q instanceof DisMaxQueryBuilder d) {
                    d.innerQueries().forEach(inner -> found.compareAndSet(false, hasRecommend(inner)));
                } else if (q instanceof BoostingQueryBuilder b) {
                    found.compareAndSet(false, hasRecommend(b.positiveQuery()));
                }
            }

            @Override
            public QueryBuilderVisitor getChildVisitor(BooleanClause.Occur occur) {
                return this;
            }
        });
        return found.get();
    }
}
