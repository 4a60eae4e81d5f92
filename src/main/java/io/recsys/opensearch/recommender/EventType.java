package io.recsys.opensearch.recommender;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of behaviour events a recommender accepts, with the default weight each adds to a user's vector. */
public enum EventType {
    VIEW(1),
    CLICK(2),
    CART(4),
    PURCHASE(8),
    /** Shown, not acted on: logged for training, no weight in the profile by default. */
    IMPRESSION(0);

    /** Weight used when the recommender's configuration gives none for this type. */
    public final double defaultWeight;

    EventType(double defaultWeight) {
        this.defaultWeight = defaultWeight;
    }

    /** The name used in JSON, e.g. {@code purchase}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a JSON name; {@code field} names the offending field in the error. */
    public static EventType fromJsonName(String value, String field) {
        for (EventType type : values()) {
            if (type.jsonName().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
            "[" + field + "] unknown event type [" + value + "], expected one of " + allNames()
        );
    }

    public static String allNames() {
        return Arrays.stream(values()).map(EventType::jsonName).collect(Collectors.joining(", ", "[", "]"));
    }
}
