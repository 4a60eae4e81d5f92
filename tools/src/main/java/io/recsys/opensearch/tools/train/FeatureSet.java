package io.recsys.opensearch.tools.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The features a trained model reads, chosen with {@code train --features}: a contract version of the plugin's fusion
 * features ({@code v1}, {@code v2}) or names. The names are the plugin's ({@code candidate/Feature.java}); the tool
 * does not link the plugin, so the two contract lists are repeated here, and the plugin refuses at registration any name
 * it does not know.
 */
public final class FeatureSet {

    /** Contract v1: the 14 features every feature log holds, and what a model that declares nothing reads. */
    public static final List<String> V1 = List.of("knn_score", "session_knn_score", "cooccurrence_score", "text_score", "popularity",
        "category_affinity", "category_seen", "item_seen", "price_ratio", "from_knn", "from_cooccurrence", "from_text", "from_popular",
        "platform_match");

    /** Contract v2: v1, then the 13 features added by it (logged by plugins of v2 and later). */
    public static final List<String> V2;

    static {
        List<String> v2 = new ArrayList<>(V1);
        v2.addAll(List.of("knn_reciprocal_rank", "cooccurrence_reciprocal_rank", "text_reciprocal_rank", "popular_reciprocal_rank",
            "neighbors_reciprocal_rank", "trending_reciprocal_rank", "knn_source_score", "popular_score", "neighbors_score", "trending_score",
            "item_recency", "category_recency", "item_trend"));
        V2 = List.copyOf(v2);
    }

    private FeatureSet() {}

    /** {@code v1}, {@code v2}, or comma-separated feature names (in the model's column order, none twice). */
    public static List<String> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--features: give v1, v2 or comma-separated feature names");
        }
        String trimmed = spec.trim();
        if (trimmed.equals("v1")) {
            return V1;
        }
        if (trimmed.equals("v2")) {
            return V2;
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : trimmed.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("--features: an empty name in [" + spec + "]");
            }
            if (seen.add(name) == false) {
                throw new IllegalArgumentException("--features: [" + name + "] is listed twice");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }
}
