package io.recsys.opensearch.events;

/** Profile document ids: a user id as given, or {@code anon:<platform>:<id>} for an identity not linked to a user. */
public final class ProfileIds {

    public static final String ANONYMOUS_PREFIX = "anon:";

    private ProfileIds() {}

    /** Checks a user id given by a client: it must not be mistaken for an anonymous profile. */
    public static String validateUserId(String userId, String field) {
        if (userId == null || userId.isEmpty()) {
            throw new IllegalArgumentException("[" + field + "] must be a non-empty string");
        }
        EventLimits.bounded(userId, field, EventLimits.MAX_ID_BYTES);
        if (userId.startsWith(ANONYMOUS_PREFIX)) {
            throw new IllegalArgumentException("[" + field + "] must not start with [" + ANONYMOUS_PREFIX + "], reserved for anonymous profiles");
        }
        return userId;
    }

    public static boolean isAnonymous(String profileId) {
        return profileId.startsWith(ANONYMOUS_PREFIX);
    }
}
