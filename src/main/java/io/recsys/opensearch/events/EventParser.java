package io.recsys.opensearch.events;

import io.recsys.opensearch.recommender.EventType;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Reads an events request body — a JSON array or NDJSON — into one result per event. A bad event becomes an error at
 * its own position and never stops the others: the caller applies the good ones and reports the bad ones.
 */
public final class EventParser {

    /**
     * One event of the body, or why it was refused.
     *
     * @param event the event, or null
     * @param error a user error naming the field (400), or null
     */
    public record Parsed(Event event, IllegalArgumentException error) {}

    private static final Set<String> FIELDS = Set.of(
        "event_id", "user_id", "user", "item", "type", "platform", "ts", "session", "query", "request_id", "position", "quantity", "price"
    );

    /** Time for events that carry none. */
    private final LongSupplier clock;

    public EventParser(LongSupplier clock) {
        this.clock = clock;
    }

    /** Parses the whole body; only a body that is neither an array nor NDJSON objects fails as a whole. */
    public List<Parsed> parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("[events] request body is required: a JSON array or NDJSON of events");
        }
        return text.charAt(0) == '[' ? parseArray(text) : parseLines(text);
    }

    private List<Parsed> parseArray(String text) {
        List<Parsed> results = new ArrayList<>();
        try (XContentParser parser = parser(text)) {
            parser.nextToken();
            XContentParser.Token token;
            while ((token = parser.nextToken()) != XContentParser.Token.END_ARRAY) {
                if (token == XContentParser.Token.START_OBJECT) {
                    results.add(parseObject(parser.map()));
                } else {
                    parser.skipChildren();
                    results.add(new Parsed(null, new IllegalArgumentException("[events] each event must be a JSON object, got " + token)));
                }
            }
            if (parser.nextToken() != null) {
                // NDJSON of arrays, or an array and more: refused whole rather than applying the first array alone
                throw new IllegalArgumentException("more follows the first array; send one JSON array, or NDJSON with one event object per line");
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("[events] the body is not a valid JSON array of events: " + e.getMessage(), e);
        }
        return results;
    }

    private List<Parsed> parseLines(String text) {
        List<Parsed> results = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try (XContentParser parser = parser(line)) {
                if (parser.nextToken() != XContentParser.Token.START_OBJECT) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                Map<String, Object> map = parser.map();
                if (parser.nextToken() != null) {
                    throw new IllegalArgumentException("more than one JSON value on the line");
                }
                results.add(parseObject(map));
            } catch (IOException | RuntimeException e) {
                results.add(new Parsed(null, new IllegalArgumentException("[events] line " + lineNumber + " is not a valid JSON event: " + e.getMessage())));
            }
        }
        return results;
    }

    private static XContentParser parser(String json) throws IOException {
        return JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, json);
    }

    /** Validates one event; its errors name the field. */
    Parsed parseObject(Map<String, Object> source) {
        try {
            return new Parsed(toEvent(source), null);
        } catch (IllegalArgumentException e) {
            return new Parsed(null, e);
        }
    }

    private Event toEvent(Map<String, Object> source) {
        for (String field : source.keySet()) {
            if (FIELDS.contains(field) == false) {
                throw new IllegalArgumentException("[" + field + "] unknown field in event; known fields: " + FIELDS);
            }
        }
        String userId = optionalString(source, "user_id");
        Identity identity = null;
        if (source.get("user") != null) {
            if (source.get("user") instanceof Map<?, ?> user) {
                if (user.containsKey("platform") == false && user.get("id") != null) {
                    userId = ProfileIds.validateUserId(string(user.get("id"), "user.id"), "user.id");
                } else {
                    identity = new Identity(string(user.get("platform"), "user.platform"), string(user.get("id"), "user.id"));
                }
            } else {
                throw new IllegalArgumentException("[user] must be an object {\"platform\", \"id\"}");
            }
        }
        if (userId != null && identity != null) {
            throw new IllegalArgumentException("[user_id] and [user] cannot both be given");
        }
        if (userId == null && identity == null) {
            throw new IllegalArgumentException("[user_id] or [user] is required");
        }
        if (userId != null) {
            ProfileIds.validateUserId(userId, "user_id");
        }
        String item = optionalString(source, "item");
        if (item == null || item.isEmpty()) {
            throw new IllegalArgumentException("[item] is required");
        }
        EventLimits.bounded(item, "item", EventLimits.MAX_ID_BYTES);
        Object typeValue = source.get("type");
        if (typeValue == null) {
            throw new IllegalArgumentException("[type] is required, one of " + EventType.allNames());
        }
        EventType type = EventType.fromJsonName(string(typeValue, "type"), "type");
        String platform = optionalString(source, "platform");
        if (platform == null) {
            platform = identity != null ? identity.platform() : "unknown";
        } else {
            try {
                new Identity(platform, "x"); // same alphabet as identity platforms
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replace("[user.platform]", "[platform]"), e);
            }
        }
        return new Event(
            EventLimits.bounded(optionalString(source, "event_id"), "event_id", EventLimits.MAX_ID_BYTES),
            userId,
            identity,
            item,
            type,
            platform,
            timestamp(source.get("ts")),
            EventLimits.bounded(optionalString(source, "session"), "session", EventLimits.MAX_ID_BYTES),
            EventLimits.bounded(optionalString(source, "query"), "query", EventLimits.MAX_QUERY_BYTES),
            EventLimits.bounded(optionalString(source, "request_id"), "request_id", EventLimits.MAX_ID_BYTES),
            optionalNumber(source, "position") == null ? null : nonNegativeInt(source, "position"),
            positive(optionalNumber(source, "quantity"), "quantity"),
            positive(optionalNumber(source, "price"), "price")
        );
    }

    /** The event's time, within [{@link EventLimits#MIN_TIMESTAMP}, now + {@link EventLimits#MAX_FUTURE_MILLIS}]. */
    private long timestamp(Object value) {
        long now = clock.getAsLong();
        if (value == null) {
            return now;
        }
        long millis = parseTimestamp(value);
        if (millis < EventLimits.MIN_TIMESTAMP || millis > now + EventLimits.MAX_FUTURE_MILLIS) {
            throw new IllegalArgumentException("[ts] must lie between 1970-01-01T00:00:00Z and one day after the node's clock ("
                + Instant.ofEpochMilli(now + EventLimits.MAX_FUTURE_MILLIS) + "), got [" + value + "]");
        }
        return millis;
    }

    private static long parseTimestamp(Object value) {
        if (value instanceof Number number) {
            double millis = number.doubleValue();
            if (Double.isFinite(millis) == false || millis != Math.rint(millis) || Math.abs(millis) > 1e15) {
                throw new IllegalArgumentException("[ts] epoch milliseconds must be a whole number between 0 and 10^15, got [" + value + "]");
            }
            return number.longValue();
        }
        String text = EventLimits.bounded(value.toString(), "ts", 64);
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (ArithmeticException outOfRange) {
            throw new IllegalArgumentException("[ts] is out of range: [" + text + "]");
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (ArithmeticException outOfRange) {
                throw new IllegalArgumentException("[ts] is out of range: [" + text + "]");
            } catch (DateTimeParseException notLocal) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException notMillis) {
                    throw new IllegalArgumentException(
                        "[ts] cannot parse [" + text + "]: use ISO-8601 (2026-11-23T10:00:00Z) or epoch milliseconds"
                    );
                }
            }
        }
    }

    private static String string(Object value, String field) {
        if (value instanceof String s && s.isEmpty() == false) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException("[" + field + "] must be a non-empty string");
    }

    private static String optionalString(Map<String, Object> source, String field) {
        Object value = source.get(field);
        return value == null ? null : string(value, field);
    }

    private static Double optionalNumber(Map<String, Object> source, String field) {
        Object value = source.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new IllegalArgumentException("[" + field + "] must be a number, got [" + value + "]");
    }

    private static int nonNegativeInt(Map<String, Object> source, String field) {
        double value = optionalNumber(source, field);
        if (value < 0 || value != Math.rint(value) || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("[" + field + "] must be a non-negative integer, got [" + source.get(field) + "]");
        }
        return (int) value;
    }

    private static Double positive(Double value, String field) {
        if (value != null && (Double.isFinite(value) == false || value <= 0)) {
            throw new IllegalArgumentException("[" + field + "] must be a positive number, got [" + value + "]");
        }
        return value;
    }
}
