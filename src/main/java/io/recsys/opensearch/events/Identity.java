package io.recsys.opensearch.events;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A platform's name for a shopper (a device id on the app, a cookie on the web, an open id in a mini-program).
 *
 * @param platform the platform, e.g. {@code app}
 * @param id       the id on that platform
 */
public record Identity(String platform, String id) {

    /** Platforms become part of document ids, so they are kept to a safe alphabet. */
    private static final Pattern PLATFORM = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public Identity {
        if (platform == null || PLATFORM.matcher(platform).matches() == false) {
            throw new IllegalArgumentException(
                "[user.platform] must be 1 to 64 letters, digits, '.', '_' or '-', got [" + platform + "]"
            );
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("[user.id] must be a non-empty string");
        }
        EventLimits.bounded(id, "user.id", EventLimits.MAX_IDENTITY_ID_BYTES);
    }

    /** Document id of this identity's link in the identities index. */
    public String linkDocId() {
        return platform + ":" + id;
    }

    /** Profile id of this identity while it is not linked to a user. */
    public String anonymousProfileId() {
        return ProfileIds.ANONYMOUS_PREFIX + platform + ":" + id;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s:%s", platform, id);
    }
}
