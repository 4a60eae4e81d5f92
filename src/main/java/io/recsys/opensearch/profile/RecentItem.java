package io.recsys.opensearch.profile;

/**
 * An item the user touched, kept in the profile's bounded history.
 *
 * @param item      item id
 * @param timestamp epoch millis of the event
 * @param type      event type name
 * @param platform  where it happened
 */
public record RecentItem(String item, long timestamp, String type, String platform) {}
