package io.recsys.opensearch.query;

import io.recsys.opensearch.recall.RecommendPipeline;
import io.recsys.opensearch.settings.RecsysSettings;
import io.recsys.opensearch.stats.RecsysStats;
import org.apache.lucene.util.SetOnce;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.threadpool.ThreadPool;

import java.util.function.UnaryOperator;

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

    public void initialize(ClusterService clusterService, IndexNameExpressionResolver resolver, ThreadPool threadPool, RecsysStats stats, RecommendPipeline.Reranker reranker) {
        initialize(clusterService, resolver, threadPool, stats, reranker, UnaryOperator.identity());
    }

    /** @param resultHook wraps each request's result listener (the feature log keeps the result of a logged search) */
    public void initialize(
        ClusterService clusterService,
        IndexNameExpressionResolver resolver,
        ThreadPool threadPool,
        RecsysStats stats,
        RecommendPipeline.Reranker reranker,
        UnaryOperator<ActionListener<CandidatesQueryBuilder>> resultHook
    ) {
        sourceTimeout = RecsysSettings.RECOMMEND_SOURCE_TIMEOUT.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RecsysSettings.RECOMMEND_SOURCE_TIMEOUT, v -> sourceTimeout = v);
        indicatorsMaxAge = RecsysSettings.RECOMMEND_INDICATORS_MAX_AGE.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RecsysSettings.RECOMMEND_INDICATORS_MAX_AGE, v -> indicatorsMaxAge = v);
        popularCacheTtl = RecsysSettings.RECOMMEND_POPULAR_CACHE_TTL.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RecsysSettings.RECOMMEND_POPULAR_CACHE_TTL, v -> popularCacheTtl = v);
        pipeline.set(new RecommendPipeline(clusterService, resolver, threadPool, stats, () -> sourceTimeout, () -> indicatorsMaxAge,
            () -> popularCacheTtl, reranker, resultHook));
    }

    public RecommendPipeline pipeline() {
        RecommendPipeline current = pipeline.get();
        if (current == null) {
            throw new IllegalStateException("[recommend] the opensearch-recsys plugin is not initialized on this node yet");
        }
        return current;
    }

    /** Until a model registry plugs in: the fused order stands. */
    public static RecommendPipeline.Reranker fusedOrder() {
        return (context, fused, notes, listener) -> listener.onResponse(RecommendPipeline.Reranked.fused(fused));
    }
}
