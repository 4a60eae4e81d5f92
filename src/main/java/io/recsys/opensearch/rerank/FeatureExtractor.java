package io.recsys.opensearch.rerank;

import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.profile.CatalogItem;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.profile.RecentItem;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Computes the contract's features for one user and many candidates. Built once per request from the profile (user
 * side precomputed), then called per candidate; pure, so serving, logging and the tooling agree by construction.
 */
public final class FeatureExtractor {

    /** Long-term and session means, unit length; null when the user has none. */
    private final float[] longTerm;
    private final float[] session;
    /** Category affinity normalized over the user's categories. */
    private final Map<String, Double> affinity = new HashMap<>();
    /** Items in the user's history. */
    private final Set<String> seen = new HashSet<>();
    /** Median paid price, or null. */
    private final Double medianPrice;
    /** Whether the request's platform has history for this user. */
    private final boolean platformMatch;
    /** Item to the time of the user's latest interaction with it. */
    private final Map<String, Long> lastSeen = new HashMap<>();
    /** Category to the time of the user's latest interaction with it. */
    private final Map<String, Long> categoryLastSeen = new HashMap<>();
    /** The request's time, epoch millis: the recencies' reference. */
    private final long now;

    /** Half-life of the recency features: a week ago counts half, a month ago a twentieth. */
    static final double RECENCY_HALF_LIFE_DAYS = 7;
    private static final double MILLIS_PER_DAY = 86_400_000d;

    public FeatureExtractor(ProfileState profile, String platform) {
        this(profile, platform, System.currentTimeMillis());
    }

    public FeatureExtractor(ProfileState profile, String platform, long now) {
        this.now = now;
        this.longTerm = profile == null ? null : unit(profile.longTerm().mean());
        this.session = profile == null ? null : unit(profile.session().mean());
        if (profile != null) {
            profile.topCategories(Integer.MAX_VALUE).forEach(e -> affinity.put(e.getKey(), e.getValue()));
            for (RecentItem item : profile.recent()) {
                seen.add(item.item());
                lastSeen.merge(item.item(), item.timestamp(), Math::max);
            }
            categoryLastSeen.putAll(profile.categoryLastSeen());
        }
        this.medianPrice = profile == null ? null : profile.medianPrice();
        this.platformMatch = profile != null && platform != null && profile.platformCounts().getOrDefault(platform, 0L) > 0;
    }

    /**
     * The v1 features and those v2 ones the arguments allow (the other sources' scores and the trend are 0): for
     * callers that know only the co-occurrence and text scores.
     */
    public float[] compute(CatalogItem item, int[] sourceRanks, float cooccurrence, float text, long interactions) {
        float[] normalized = new float[Source.values().length];
        normalized[Source.COOCCURRENCE.ordinal()] = cooccurrence;
        normalized[Source.TEXT.ordinal()] = text;
        return compute(item, sourceRanks, normalized, interactions, 0);
    }

    /**
     * @param item             the candidate's catalog fields (vector, category, price)
     * @param sourceRanks      1-based rank per source, 0 when absent
     * @param sourceScores     per source, its score divided by the best score it gave in the request (0..1), 0 when absent
     * @param interactions     all-time interactions with it in the events index
     * @param trendingScore    its time-decayed interaction count (the trending ranking's score), 0 when not trending
     */
    public float[] compute(CatalogItem item, int[] sourceRanks, float[] sourceScores, long interactions, double trendingScore) {
        float[] f = new float[Feature.values().length];
        float[] vector = item == null ? null : unit(item.vector());
        f[Feature.KNN_SCORE.ordinal()] = dot(longTerm, vector);
        f[Feature.SESSION_KNN_SCORE.ordinal()] = dot(session, vector);
        f[Feature.COOCCURRENCE_SCORE.ordinal()] = sourceScores[Source.COOCCURRENCE.ordinal()];
        f[Feature.TEXT_SCORE.ordinal()] = sourceScores[Source.TEXT.ordinal()];
        f[Feature.POPULARITY.ordinal()] = (float) Math.log1p(interactions);
        String category = item == null ? null : item.category();
        Double categoryAffinity = category == null ? null : affinity.get(category);
        f[Feature.CATEGORY_AFFINITY.ordinal()] = categoryAffinity == null ? 0f : categoryAffinity.floatValue();
        f[Feature.CATEGORY_SEEN.ordinal()] = categoryAffinity == null ? 0f : 1f;
        f[Feature.ITEM_SEEN.ordinal()] = item != null && seen.contains(item.id()) ? 1f : 0f;
        Double price = item == null ? null : item.price();
        f[Feature.PRICE_RATIO.ordinal()] = price == null || medianPrice == null || medianPrice <= 0 ? 1f : (float) (price / medianPrice);
        f[Feature.FROM_KNN.ordinal()] = sourceRanks[Source.KNN.ordinal()] > 0 ? 1f : 0f;
        f[Feature.FROM_COOCCURRENCE.ordinal()] = sourceRanks[Source.COOCCURRENCE.ordinal()] > 0 ? 1f : 0f;
        f[Feature.FROM_TEXT.ordinal()] = sourceRanks[Source.TEXT.ordinal()] > 0 ? 1f : 0f;
        f[Feature.FROM_POPULAR.ordinal()] = sourceRanks[Source.POPULAR.ordinal()] > 0 ? 1f : 0f;
        f[Feature.PLATFORM_MATCH.ordinal()] = platformMatch ? 1f : 0f;

        f[Feature.KNN_RECIPROCAL_RANK.ordinal()] = reciprocalRank(sourceRanks[Source.KNN.ordinal()]);
        f[Feature.COOCCURRENCE_RECIPROCAL_RANK.ordinal()] = reciprocalRank(sourceRanks[Source.COOCCURRENCE.ordinal()]);
        f[Feature.TEXT_RECIPROCAL_RANK.ordinal()] = reciprocalRank(sourceRanks[Source.TEXT.ordinal()]);
        f[Feature.POPULAR_RECIPROCAL_RANK.ordinal()] = reciprocalRank(sourceRanks[Source.POPULAR.ordinal()]);
        f[Feature.NEIGHBORS_RECIPROCAL_RANK.ordinal()] = reciprocalRank(sourceRanks[Source.NEIGHBORS.ordinal()]);
        f[Feature.TRENDING_RECIPROCAL_RANK.ordinal()] = reciprocalRank(sourceRanks[Source.TRENDING.ordinal()]);
        f[Feature.KNN_SOURCE_SCORE.ordinal()] = sourceScores[Source.KNN.ordinal()];
        f[Feature.POPULAR_SCORE.ordinal()] = sourceScores[Source.POPULAR.ordinal()];
        f[Feature.NEIGHBORS_SCORE.ordinal()] = sourceScores[Source.NEIGHBORS.ordinal()];
        f[Feature.TRENDING_SCORE.ordinal()] = sourceScores[Source.TRENDING.ordinal()];
        f[Feature.ITEM_RECENCY.ordinal()] = item == null ? 0f : recency(lastSeen.get(item.id()));
        f[Feature.CATEGORY_RECENCY.ordinal()] = category == null ? 0f : recency(categoryLastSeen.get(category));
        f[Feature.ITEM_TREND.ordinal()] = trend(trendingScore, interactions);
        return f;
    }

    /** RRF's term without its weight, scaled to 0..1: {@code 60 / (60 + rank)}, 0 for an absent source. */
    static float reciprocalRank(int rank) {
        return rank > 0 ? (float) Fusion.RANK_CONSTANT / (Fusion.RANK_CONSTANT + rank) : 0f;
    }

    /** {@code 2^(-days since / 7)}, 0 for never; a time ahead of the request (clock skew) counts as now. */
    float recency(Long timestamp) {
        if (timestamp == null || timestamp <= 0) {
            return 0f;
        }
        double days = Math.max(0, now - timestamp) / MILLIS_PER_DAY;
        return (float) Math.pow(2, -days / RECENCY_HALF_LIFE_DAYS);
    }

    /**
     * Recent over all-time interactions: each interaction weighs at most 1 in the decayed count, so the ratio is 0..1
     * (1: all of them just now); clamped, since the two counts are read at slightly different times.
     */
    static float trend(double trendingScore, long interactions) {
        if (trendingScore <= 0 || interactions <= 0) {
            return 0f;
        }
        return (float) Math.min(1, trendingScore / interactions);
    }

    /**
     * Each source's score of each item divided by the best score that source gave in the request (0..1); an item a
     * source did not recall, or a source whose best is not positive, gets 0.
     */
    public static float normalized(float score, float best) {
        return best > 0 ? Math.max(0f, Math.min(1f, score / best)) : 0f;
    }

    static float[] unit(float[] vector) {
        if (vector == null) {
            return null;
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm == 0) {
            return null;
        }
        float[] unit = new float[vector.length];
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * inverse;
        }
        return unit;
    }

    /** Cosine of two unit vectors; 0 when either is missing or their dimensions differ. */
    static float dot(float[] a, float[] b) {
        if (a == null || b == null || a.length != b.length) {
            return 0f;
        }
        float dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
