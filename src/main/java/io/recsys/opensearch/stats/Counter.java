package io.recsys.opensearch.stats;

/** A per-node count reported by {@code GET /_plugins/_recsys/_stats}, grouped as it appears in the response. */
public enum Counter {
    EVENTS_INGESTED("events", "ingested"),
    EVENTS_REJECTED("events", "rejected"),
    IDENTITY_LINKS("events", "identity_links"),
    QUERIES("queries", "total"),
    QUERY_FALLBACKS("queries", "fallbacks"),
    QUERY_TIMEOUTS("queries", "source_timeouts"),
    MODELS_LOADED("models", "loaded"),
    MODEL_FAILURES("models", "inference_failures"),
    MODEL_TIMEOUTS("models", "inference_timeouts"),
    FEATURE_LOG_WRITTEN("feature_log", "written"),
    FEATURE_LOG_FAILURES("feature_log", "failed"),
    // new counters go last: nodes send them by ordinal, so a node of the previous version still reads the ones it knows
    IDENTITY_UNLINKS("events", "identity_unlinks"),
    ACCOUNT_MERGES("events", "account_merges"),
    MODEL_REGIME_SKIPS("models", "regime_skips");

    /** Object the count appears under. */
    public final String group;
    /** Its field name there. */
    public final String field;

    Counter(String group, String field) {
        this.group = group;
        this.field = field;
    }
}
