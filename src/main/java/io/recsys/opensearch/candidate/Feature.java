package io.recsys.opensearch.candidate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fusion features of DESIGN.md: one float each per (user, candidate), computed once in the node and used identically
 * for the fused order, the model, explain and the feature log. Never renamed or removed without a version bump of the
 * contract; new ones are appended. Contract v1 is the first {@value #V1_SIZE}; v2 is all of them. A model reads the
 * features it declared when it was registered, by name, so a v1 model never sees the v2 columns.
 */
public enum Feature {
    /** cosine(user long-term vector, item vector); 0 without either. */
    KNN_SCORE,
    /** cosine(session vector, item vector); 0 without either. */
    SESSION_KNN_SCORE,
    /** co-occurrence (LLR) score of the item with the user's history, divided by the best candidate's; 0..1. */
    COOCCURRENCE_SCORE,
    /** text relevance divided by the best text match's; 0..1, 0 without a query. */
    TEXT_SCORE,
    /** ln(1 + interactions with the item stored in the events index). */
    POPULARITY,
    /** the user's affinity for the item's category, normalized over the user's categories; 0..1. */
    CATEGORY_AFFINITY,
    /** 1 when the user has touched the item's category. */
    CATEGORY_SEEN,
    /** 1 when the item is in the user's history. */
    ITEM_SEEN,
    /** item price / user's median paid price; 1 when either is unknown. */
    PRICE_RATIO,
    /** 1 when the k-NN source recalled the item. */
    FROM_KNN,
    /** 1 when the co-occurrence source recalled the item. */
    FROM_COOCCURRENCE,
    /** 1 when the text source recalled the item. */
    FROM_TEXT,
    /** 1 when the popular source recalled the item. */
    FROM_POPULAR,
    /** 1 when the request's platform has history for this user. */
    PLATFORM_MATCH,

    // ---- contract v2 ----
    // Reciprocal rank per source, 60 / (60 + rank), 0 when the source did not recall the item: the fused score is
    // sum(weight * this) / 60, so a model given these columns can reproduce the fused order exactly.
    /** k-NN source: 60 / (60 + rank), 0 when absent; 0..60/61. */
    KNN_RECIPROCAL_RANK,
    /** co-occurrence source: 60 / (60 + rank), 0 when absent. */
    COOCCURRENCE_RECIPROCAL_RANK,
    /** text source: 60 / (60 + rank), 0 when absent. */
    TEXT_RECIPROCAL_RANK,
    /** popular source: 60 / (60 + rank), 0 when absent. */
    POPULAR_RECIPROCAL_RANK,
    /** neighbors source: 60 / (60 + rank), 0 when absent. */
    NEIGHBORS_RECIPROCAL_RANK,
    /** trending source: 60 / (60 + rank), 0 when absent. */
    TRENDING_RECIPROCAL_RANK,
    // Normalised score per source: the source's own score / the best score that source gave in the request, 0..1, 0
    // when absent. Co-occurrence and text have theirs in v1 (cooccurrence_score, text_score).
    /** k-NN source's similarity / its best in the request; 0..1, 0 when absent. */
    KNN_SOURCE_SCORE,
    /** popular source's interaction count / its best in the request; 0..1, 0 when absent. */
    POPULAR_SCORE,
    /** neighbors source's vote / its best in the request; 0..1, 0 when absent. */
    NEIGHBORS_SCORE,
    /** trending source's decayed count / its best in the request; 0..1, 0 when absent. */
    TRENDING_SCORE,
    /** 2^(-days since the user's last interaction with the item / 7); 0..1, 0 when not in the user's kept history. */
    ITEM_RECENCY,
    /** 2^(-days since the user's last interaction with the item's category / 7); 0..1, 0 when never (or no category). */
    CATEGORY_RECENCY,
    /** the item's time-decayed (trending) interactions / its all-time interactions; 0..1, 0 when not trending. */
    ITEM_TREND;

    /** The contract this node computes: every feature. */
    public static final String CONTRACT_VERSION = "v2";
    /** How many features contract v1 has: the first ones. */
    public static final int V1_SIZE = 14;
    private static final List<Feature> ALL = List.of(values());
    private static final Map<String, List<Feature>> CONTRACTS = Map.of("v1", ALL.subList(0, V1_SIZE), "v2", ALL);

    /** The features of a contract version ("v1", "v2"), in order; empty when the version is unknown. */
    public static Optional<List<Feature>> contract(String version) {
        return Optional.ofNullable(CONTRACTS.get(version));
    }

    /** The names of a contract version's features, in order; the version must be known. */
    public static List<String> contractNames(String version) {
        return CONTRACTS.get(version).stream().map(Feature::jsonName).toList();
    }

    /** The contract versions, oldest first. */
    public static List<String> contractVersions() {
        return List.of("v1", "v2");
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Feature> fromJsonName(String name) {
        return ALL.stream().filter(f -> f.jsonName().equals(name)).findFirst();
    }

    public static List<String> allNames() {
        return Arrays.stream(values()).map(Feature::jsonName).toList();
    }
}
