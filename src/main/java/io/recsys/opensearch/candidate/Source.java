package io.recsys.opensearch.candidate;


import java.util.Locale;

/** A recall source of the {@code recommend} query. */
public enum Source {
    KNN,
    COOCCURRENCE,
    TEXT,
    POPULAR,
    /** Profiles like this user's vote for their items (last: the ordinals of the v1 sources stay as they were). */
    NEIGHBORS;

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
        };
    }
}
