package io.recsys.opensearch.bench.suite;

/**
 * The search bodies the scenarios send. Every one asks for {@code size} hits and leaves the embedding out of the
 * returned {@code _source}, as a storefront would.
 */
final class QueryBodies {

    /** The recommender the suite creates. */
    static final String RECOMMENDER = "bench";
    static final String CATALOG = "catalog";
    static final String SOURCE = "\"_source\":{\"excludes\":[\"embedding\"]}";

    private QueryBodies() {}

    /** The floor: a plain k-NN query of the same k with the user's long-term vector (and the text query as its filter). */
    static String knn(QueryUser user, int k, int size, boolean text) {
        StringBuilder json = new StringBuilder(4_096).append("{\"size\":").append(size).append(',').append(SOURCE)
            .append(",\"query\":{\"knn\":{\"embedding\":{\"vector\":");
        SyntheticCatalog.appendVector(json, user.vector());
        json.append(",\"k\":").append(k);
        if (text) {
            json.append(",\"filter\":").append(match(user.word()));
        }
        return json.append("}}}}").toString();
    }

    /**
     * {@code recommend} with the defaults but k (and the neighbours' k when {@code neighbors} is 0 or more: -1 leaves the
     * query's default); {@code rerankWindow} 0 keeps the fused order, -1 leaves the default.
     */
    static String recommend(QueryUser user, int k, int neighbors, int size, int rerankWindow, boolean text) {
        StringBuilder json = new StringBuilder(512).append("{\"size\":").append(size).append(',').append(SOURCE)
            .append(",\"query\":{\"recommend\":{\"recommender\":\"").append(RECOMMENDER).append("\",\"user\":{\"id\":\"").append(user.id())
            .append("\"},\"sources\":{\"knn\":{\"k\":").append(k).append('}');
        if (neighbors >= 0) {
            json.append(",\"neighbors\":{\"k\":").append(neighbors).append('}');
        }
        json.append('}');
        if (rerankWindow >= 0) {
            json.append(",\"rerank\":{\"window\":").append(rerankWindow).append('}');
        }
        if (text) {
            json.append(",\"query\":").append(match(user.word()));
        }
        return json.append("}}}").toString();
    }

    static String match(String word) {
        return "{\"match\":{\"title\":\"" + word + "\"}}";
    }
}
