package io.recsys.opensearch.tools.load;

/** Whose events they are, as sent to the plugin. */
public enum IdentityMode {
    /** {@code "user_id": <user>}: the shop knows the user on every event (a log of signed-in customers). */
    USER,
    /** {@code "user": {"platform", "id": <device>}}: anonymous device ids per platform, linked afterwards by rule. */
    DEVICE
}
