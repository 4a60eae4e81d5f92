package io.recsys.opensearch.query;

import io.recsys.opensearch.candidate.RecommendSpec;
import io.recsys.opensearch.recall.RecommendPipeline;
import io.recsys.opensearch.rerank.FeatureDemand;
import io.recsys.opensearch.rerank.Reranker;
import io.recsys.opensearch.settings.RecsysSettings;
import io.recsys.opensearch.stats.RecsysStats;
import org.apache.lucene.util.SetOnce;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;


/**
 * What the {@code recommend} query needs from its node, handed to every parsed query by the plugin (no static state,
 * so test nodes each have their own). Created with the plugin, wired when the node creates its components.
 */
public final class RecommendService {

    /** Set once the node's components exist. */
    private final SetOnce<RecommendPipeline> pipeline = new SetOnce<>();
    /** Current value of recsys.recommend.source_timeout. */
    private volatile TimeValue sourceTimeout = RecsysSettings.RECOMMEND_SOURCE_TIMEOUT.getDefault(org.opensearch.common.settings.Settings.EMPTY);
    private volatile TimeValue indicatorsMaxAge = RecsysSettings.RECOMMEND_INDICATORS_MAX_AGE.getDefault(org.opensearch.common.settings.Settings.EMPTY);
    private volatile TimeValue popularCacheTtl = RecsysSettings.RECOMMEND_POPULAR_CACHE_TTL.getDefault(org.opensearch.common.settings.Settings.EMPTY);

    /** Sees each request's result before the query does. */
    private volatile ResultObserver observer = ResultObserver.NONE;
    private volatile ThreadPool threadPool;

    /**
     * What sees each request's result on its way to the query: the feature log keeps the result of a logged search
     * ({@code io.recsys.opensearch.featurelog.FeatureLogCapture}), and such a search shows the candidates' features.
     */
    public interface ResultObserver {
        ResultObserver NONE = new ResultObserver() {
            @Override
            public boolean showsFeatures(ThreadContext threadContext) {
                return false;
            }

            @Override
            public ActionListener<CandidatesQueryBuilder> observe(ActionListener<CandidatesQueryBuilder> listener) {
                return listener;
            }
        };

        /** Whether the search on this thread shows the candidates' features. */
        boolean showsFeatures(ThreadContext threadContext);

        /** Wraps the request's result listener, on the search's thread. */
        ActionListener<CandidatesQueryBuilder> observe(ActionListener<CandidatesQueryBuilder> listener);
    }

    public void initialize(ClusterService clusterService, IndexNameExpressionResolver resolver, ThreadPool threadPool, RecsysStats stats, Reranker reranker) {
        initialize(clusterService, resolver, threadPool, stats, reranker, ResultObserver.NONE);
    }

    public void initialize(
        ClusterService clusterService,
        IndexNameExpressionResolver resolver,
        ThreadPool threadPool,
        RecsysStats stats,
        Reranker reranker,
        ResultObserver observer
    ) {
        this.threadPool = threadPool;
        this.observer = observer;
        sourceTimeout = RecsysSettings.RECOMMEND_SOURCE_TIMEOUT.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RecsysSettings.RECOMMEND_SOURCE_TIMEOUT, v -> sourceTimeout = v);
        indicatorsMaxAge = RecsysSettings.RECOMMEND_INDICATORS_MAX_AGE.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RecsysSettings.RECOMMEND_INDICATORS_MAX_AGE, v -> indicatorsMaxAge = v);
        popularCacheTtl = RecsysSettings.RECOMMEND_POPULAR_CACHE_TTL.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RecsysSettings.RECOMMEND_POPULAR_CACHE_TTL, v -> popularCacheTtl = v);
        pipeline.set(new RecommendPipeline(clusterService, resolver, threadPool, stats, () -> sourceTimeout, () -> indicatorsMaxAge,
            () -> popularCacheTtl, reranker));
    }

    /** Runs the pipeline for one request; completes with the query the shards score. */
    public void recommend(RecommendSpec spec, Client client, ActionListener<CandidatesQueryBuilder> listener) {
        RecommendPipeline current = pipeline();
        ActionListener<CandidatesQueryBuilder> observed = observer.observe(listener);
        // read now: the thread context is the search's until the first asynchronous step
        ThreadContext threadContext = threadPool.getThreadContext();
        boolean featuresShown = FeatureDemand.explained(threadContext) || observer.showsFeatures(threadContext);
        current.run(spec, featuresShown, client, ActionListener.wrap(result -> observed.onResponse(CandidatesQueryBuilder.of(result)), observed::onFailure));
    }

    public RecommendPipeline pipeline() {
        RecommendPipeline current = pipeline.get();
        if (current == null) {
            throw new IllegalStateException("[recommend] the opensearch-recsys plugin is not initialized on this node yet");
        }
        return current;
    }

}
