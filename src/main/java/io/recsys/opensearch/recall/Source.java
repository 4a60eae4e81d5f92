package io.recsys.opensearch.recall;

import java.util.Locale;

/** A recall source of the {@code recommend} query. */
public enum Source {
    KNN,
    COOCCURRENCE,
    TEXT,
    POPULAR;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
