package io.recsys.opensearch.events;

/** Profile document ids: a user id as given, or {@code anon:<platform>:<id>} for an identity not linked to a user. */
public final class ProfileIds {

    public static final String ANONYMOUS_PREFIX = "anon:";
    public static final int MAX_USER_ID_LENGTH = 512;

    private ProfileIds() {}

    /** Checks a user id given by a client: it must not be mistaken for an anonymous profile. */
    public static String validateUserId(String userId, String field) {
        if (userId == null || userId.isEmpty() || userId.length() > MAX_USER_ID_LENGTH) {
            throw new IllegalArgumentException("[" + field + "] must be a non-empty string of at most " + MAX_USER_ID_LENGTH + " characters");
        }
        if (userId.startsWith(ANONYMOUS_PREFIX)) {
            throw new IllegalArgumentException("[" + field + "] must not start with [" + ANONYMOUS_PREFIX + "], reserved for anonymous profiles");
        }
        return userId;
    }

    public static boolean isAnonymous(String profileId) {
        return profileId.startsWith(ANONYMOUS_PREFIX);
    }
}
