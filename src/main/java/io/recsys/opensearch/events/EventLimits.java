package io.recsys.opensearch.events;

import java.nio.charset.StandardCharsets;

/**
 * The documented bounds of an event's strings and time. Every string of an event ends up in a document id, a keyword
 * term or a profile that keeps the last thousand of them, so each is bounded (in UTF-8 bytes, as Lucene and document
 * ids count), and an event over a bound is refused alone with a 400 naming the field.
 */
public final class EventLimits {

    /** {@code event_id}, {@code item}, {@code session}, {@code request_id}, {@code user_id}: OpenSearch's own document id limit. */
    public static final int MAX_ID_BYTES = 512;
    /**
     * An identity's id ({@code user.id} with a platform): its anonymous profile's id is {@code anon:<platform>:<id>},
     * which must itself stay a valid document id (5 + 64 + 1 + 256 bytes).
     */
    public static final int MAX_IDENTITY_ID_BYTES = 256;
    /** {@code query}: the search-box text that led to the event. */
    public static final int MAX_QUERY_BYTES = 1_024;
    /** How far ahead of the node's clock {@code ts} may be: clocks of devices drift, but a profile must not be frozen in the future. */
    public static final long MAX_FUTURE_MILLIS = 24L * 60 * 60 * 1000;
    /** The earliest {@code ts}: 1970-01-01T00:00:00Z (replays of old logs are fine; negative times are not). */
    public static final long MIN_TIMESTAMP = 0L;

    private EventLimits() {}

    /** The string itself when it is at most {@code maxBytes} in UTF-8, else a 400 naming the field. */
    public static String bounded(String value, String field, int maxBytes) {
        if (value != null && utf8Length(value) > maxBytes) {
            throw new IllegalArgumentException("[" + field + "] must be at most " + maxBytes + " bytes in UTF-8, got " + utf8Length(value));
        }
        return value;
    }

    /** UTF-8 length without encoding: cheap for the 1 MB strings a careless client may send. */
    static long utf8Length(String value) {
        if (value.length() > 65_536) {
            return value.length(); // at least one byte per char: far over every bound, no need to encode it
        }
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
