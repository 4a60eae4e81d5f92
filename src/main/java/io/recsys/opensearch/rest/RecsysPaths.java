package io.recsys.opensearch.rest;

/** The REST paths of the plugin, in one place. */
public final class RecsysPaths {

    public static final String BASE = "/_plugins/_recsys";
    public static final String RECOMMENDERS = BASE + "/recommenders";
    public static final String RECOMMENDER = RECOMMENDERS + "/{name}";
    public static final String STATS = BASE + "/_stats";

    private RecsysPaths() {}
}
