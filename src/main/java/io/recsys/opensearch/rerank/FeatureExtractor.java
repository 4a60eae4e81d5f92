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

    public FeatureExtractor(ProfileState profile, String platform) {
        this.longTerm = profile == null ? null : unit(profile.longTerm().mean());
        this.session = profile == null ? null : unit(profile.session().mean());
        if (profile != null) {
            profile.topCategories(Integer.MAX_VALUE).forEach(e -> affinity.put(e.getKey(), e.getValue()));
            for (RecentItem item : profile.recent()) {
                seen.add(item.item());
            }
        }
        this.medianPrice = profile == null ? null : profile.medianPrice();
        this.platformMatch = profile != null && platform != null && profile.platformCounts().getOrDefault(platform, 0L) > 0;
    }

    /**
     * @param item           the candidate's catalog fields (vector, category, price)
     * @param sourceRanks    1-based rank per source, 0 when absent
     * @param cooccurrence   the candidate's co-occurrence score divided by the best candidate's (0..1)
     * @param text           its text score divided by the best text match's (0..1)
     * @param interactions   interactions with it in the events index
     */
    public float[] compute(CatalogItem item, int[] sourceRanks, float cooccurrence, float text, long interactions) {
        float[] f = new float[Feature.values().length];
        float[] vector = item == null ? null : unit(item.vector());
        f[Feature.KNN_SCORE.ordinal()] = dot(longTerm, vector);
        f[Feature.SESSION_KNN_SCORE.ordinal()] = dot(session, vector);
        f[Feature.COOCCURRENCE_SCORE.ordinal()] = cooccurrence;
        f[Feature.TEXT_SCORE.ordinal()] = text;
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
        return f;
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
