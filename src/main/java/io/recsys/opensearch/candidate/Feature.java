package io.recsys.opensearch.candidate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fusion features, contract v1 of DESIGN.md: one float each per (user, candidate), computed once in the node and
 * used identically for the fused order, the model, explain and the feature log. Never renamed or removed without a
 * version bump of the contract; new ones are appended.
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
    PLATFORM_MATCH;

    public static final String CONTRACT_VERSION = "v1";
    private static final List<Feature> ALL = List.of(values());

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
