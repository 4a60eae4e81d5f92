package io.recsys.opensearch.recommender;

import java.util.Arrays;
import java.util.List;

/** The four indices a recommender owns, by the name the {@code indices} section of its configuration gives them. */
public enum IndexKind {
    PROFILES("profiles"),
    EVENTS("events"),
    IDENTITIES("identities"),
    FEATURE_LOG("feature_log");

    /** The key under {@code indices} (snake_case like every other key of the configuration). */
    private final String jsonName;

    IndexKind(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The concrete index of this kind for a recommender's indices. */
    public String indexOf(RecommenderIndices indices) {
        return switch (this) {
            case PROFILES -> indices.profiles();
            case EVENTS -> indices.events();
            case IDENTITIES -> indices.identities();
            case FEATURE_LOG -> indices.featureLog();
        };
    }

    /** The strict mapping the plugin creates this index with. */
    public String mapping() {
        return switch (this) {
            case PROFILES -> RecommenderIndices.profilesMapping();
            case EVENTS -> RecommenderIndices.eventsMapping();
            case IDENTITIES -> RecommenderIndices.identitiesMapping();
            case FEATURE_LOG -> RecommenderIndices.featureLogMapping();
        };
    }

    public static List<String> jsonNames() {
        return Arrays.stream(values()).map(IndexKind::jsonName).toList();
    }

    /** The kind named {@code name}, or null. */
    public static IndexKind fromJsonName(String name) {
        for (IndexKind kind : values()) {
            if (kind.jsonName.equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
