package io.recsys.opensearch.recall;

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
}
