package io.recsys.opensearch.rest;

/** The REST paths of the plugin, in one place. */
public final class RecsysPaths {

    public static final String BASE = "/_plugins/_recsys";
    public static final String RECOMMENDERS = BASE + "/recommenders";
    public static final String RECOMMENDER = RECOMMENDERS + "/{name}";
    public static final String STATS = BASE + "/_stats";
    public static final String MODELS = BASE + "/models";
    public static final String MODEL = MODELS + "/{model_id}";
    public static final String MODEL_ALIASES = MODELS + "/_aliases";

    private RecsysPaths() {}
}
