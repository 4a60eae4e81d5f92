package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.RecommendSpec;
import io.recsys.opensearch.candidate.Source;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The items trending in the recommender's events index: recent interactions count most, an interaction's weight
 * halving every {@code sources.trending.half_life} (impressions do not count). Beside the all-time popular items, and
 * like them the answer for a shopper the shop does not know yet: a request that does not give {@code
 * sources.trending.size} reads {@value RecommendSpec.Budgets#FALLBACK_TRENDING_SIZE} trending items when it falls back
 * (no profile, empty profile), none otherwise. Over-fetched like them, since the catalog filter is
 * applied afterwards; the ranking comes from {@link PopularItems#trending}.
 */
public final class TrendingRecall implements RecallSource {

    private final PopularItems popular;

    TrendingRecall(PopularItems popular) {
        this.popular = popular;
    }

    @Override
    public Source source() {
        return Source.TRENDING;
    }

    @Override
    public void recall(Client client, RecallContext context, ActionListener<SourceResult> listener) {
        int size = context.spec().budgets().trendingSize();
        if (size == RecommendSpec.Budgets.TRENDING_IN_FALLBACK) {
            // not asked for: what is trending answers a shopper without history, beside the all-time popular items
            size = RecommendPipeline.fallback(context) != null ? RecommendSpec.Budgets.FALLBACK_TRENDING_SIZE : 0;
        }
        if (size == 0) {
            listener.onResponse(SourceResult.empty(Source.TRENDING, null));
            return;
        }
        int wanted = Math.min(10_000, size * PopularRecall.OVERFETCH + context.excluded().size());
        long halfLife = context.spec().budgets().trendingHalfLife().millis();
        popular.trending(client, context.indices().events(), PopularRecall.cacheableSize(wanted), halfLife, ActionListener.wrap(ranking -> {
            Map<String, Float> scores = new LinkedHashMap<>();
            PopularRecall.addItems(ranking, wanted, scores, context);
            listener.onResponse(new SourceResult(Source.TRENDING, new ArrayList<>(scores.keySet()), new ArrayList<>(scores.values()), null));
        }, listener::onFailure));
    }
}
