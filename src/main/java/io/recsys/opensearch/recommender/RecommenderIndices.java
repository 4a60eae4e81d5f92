package io.recsys.opensearch.recommender;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The indices a recommender owns (never its catalog): their names, derived from the recommender's name, and mappings.
 * Plain, visible indices so that users can inspect them and run aggregations (e.g. {@code cooccurrence}) on them.
 *
 * @param profiles   one document per unified user
 * @param identities one document per platform identity, pointing at its user
 * @param events     the stored behaviour events: the alias over their monthly partitions ({@link EventPartitions}), or
 *                   the single concrete index of a recommender created before partitioning
 * @param featureLog features actually scored, per returned hit, for training
 */
public record RecommenderIndices(String profiles, String identities, String events, String featureLog) {

    public static final String PREFIX = "recsys-";
    /** Lowercase because the name becomes part of index names. */
    private static final Pattern VALID_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    public static final int MAX_NAME_LENGTH = 100;

    public static RecommenderIndices of(String recommender) {
        String base = PREFIX + recommender + "-";
        return new RecommenderIndices(base + "profiles", base + "identities", base + "events", base + "feature-log");
    }

    /** The suffixes of the indices a recommender owns, after {@code recsys-{name}}. */
    private static final List<String> OWNED_SUFFIXES = List.of("-profiles", "-identities", "-events", "-feature-log");

    /**
     * Whether an index name is one a recommender owns (or would own once created): {@code recsys-{name}-profiles},
     * {@code -identities}, {@code -events}, {@code -feature-log}, and the events partitions {@code -events-yyyy.MM}
     * (with a migrated {@code -events-legacy}). Decided by the name alone, so an index not created yet is
     * covered too.
     */
    public static boolean isOwned(String index) {
        if (index == null || index.startsWith(PREFIX) == false) {
            return false;
        }
        if (EventPartitions.isPartitionName(index)) {
            return true;
        }
        for (String suffix : OWNED_SUFFIXES) {
            if (index.length() > PREFIX.length() + suffix.length() && index.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    public List<String> all() {
        return List.of(profiles, identities, events, featureLog);
    }

    /** Rejects names that cannot become part of an index name. */
    public static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("[name] a recommender name is required");
        }
        if (name.length() > MAX_NAME_LENGTH || VALID_NAME.matcher(name).matches() == false) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[name] invalid recommender name [%s]: use lowercase letters, digits, '-' and '_', starting with a letter "
                        + "or digit, at most %d characters",
                    name,
                    MAX_NAME_LENGTH
                )
            );
        }
    }

    public static String profilesMapping() {
        return """
            {"dynamic": "strict",
             "properties": {
               "user_id":      {"type": "keyword"},
               "anonymous":    {"type": "boolean"},
               "merged_into":  {"type": "keyword"},
               "identities":   {"type": "keyword"},
               "platforms":    {"type": "keyword"},
               "history":      {"type": "keyword"},
               "purchased":    {"type": "keyword"},
               "categories":   {"type": "keyword"},
               "event_count":  {"type": "long"},
               "updated_at":   {"type": "date", "format": "strict_date_optional_time||epoch_millis"},
               "state":        {"type": "object", "enabled": false}
             }}""";
    }

    public static String identitiesMapping() {
        return """
            {"dynamic": "strict",
             "properties": {
               "platform":  {"type": "keyword"},
               "id":        {"type": "keyword"},
               "user_id":   {"type": "keyword"},
               "linked_at": {"type": "date", "format": "strict_date_optional_time||epoch_millis"}
             }}""";
    }

    public static String eventsMapping() {
        return """
            {"dynamic": "strict",
             "properties": {
               "event_id":   {"type": "keyword"},
               "user_id":    {"type": "keyword"},
               "identity":   {"type": "keyword"},
               "platform":   {"type": "keyword"},
               "item":       {"type": "keyword"},
               "type":       {"type": "keyword"},
               "ts":         {"type": "date", "format": "strict_date_optional_time||epoch_millis"},
               "session":    {"type": "keyword"},
               "query":      {"type": "text"},
               "request_id": {"type": "keyword"},
               "position":   {"type": "integer"},
               "quantity":   {"type": "float"},
               "price":      {"type": "float"},
               "in_catalog": {"type": "boolean"}
             }}""";
    }

    public static String featureLogMapping() {
        return """
            {"dynamic": "strict",
             "properties": {
               "request_id":    {"type": "keyword"},
               "user_id":       {"type": "keyword"},
               "item":          {"type": "keyword"},
               "position":      {"type": "integer"},
               "score":         {"type": "float"},
               "fused_score":   {"type": "float"},
               "model_score":   {"type": "float"},
               "model":         {"type": "keyword"},
               "model_version": {"type": "long"},
               "sources":       {"type": "keyword"},
               "regime":        {"type": "keyword"},
               "features":      {"type": "object", "enabled": false},
               "ts":            {"type": "date", "format": "strict_date_optional_time||epoch_millis"}
             }}""";
    }
}
