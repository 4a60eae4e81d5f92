package io.recsys.opensearch.candidate;

import java.util.Locale;

/** A recall source of the {@code recommend} query. */
public enum Source {
    KNN,
    COOCCURRENCE,
    TEXT,
    POPULAR,
    /** Profiles like this user's vote for their items (after the v1 sources: their ordinals stay as they were). */
    NEIGHBORS,
    /** Items with the most recent, time-decayed interactions. */
    TRENDING;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the request asks this source for candidates: a size of 0 turns a source off, and text needs a query. */
    public boolean askedFor(RecommendSpec spec) {
        RecommendSpec.Budgets budgets = spec.budgets();
        return switch (this) {
            case KNN -> budgets.knnK() > 0;
            case COOCCURRENCE -> budgets.cooccurrenceSize() > 0;
            case TEXT -> budgets.textWindow() > 0 && spec.query() != null;
            case POPULAR -> budgets.popularSize() > 0;
            case NEIGHBORS -> budgets.neighborsK() > 0;
            case TRENDING -> budgets.trendingSize() > 0; // asked for by size (by default it answers the fallback only)
        };
    }
}
