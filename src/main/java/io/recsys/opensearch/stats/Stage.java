package io.recsys.opensearch.stats;

import java.util.Locale;

/** The stages of a {@code recommend} query whose latency is reported per node. */
public enum Stage {
    PROFILE_LOOKUP,
    RECALL,
    RERANK,
    TOTAL;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
