package io.recsys.opensearch.events;

import io.recsys.opensearch.recommender.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events bodies: arrays and NDJSON, one result per event, errors that name the field. */
class EventParserTests {

    /** The node's clock in these tests: 2026-12-01T00:00:00Z. */
    private static final long NOW = 1796083200000L;
    private final EventParser parser = new EventParser(() -> NOW);

    private List<EventParser.Parsed> parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAnArrayWithEveryField() {
        List<EventParser.Parsed> parsed = parse("""
            [{"user": {"platform": "app", "id": "dev-1"}, "item": "sku-1", "type": "purchase", "platform": "app",
              "ts": "2026-11-23T10:00:00Z", "session": "s1", "query": "mug", "request_id": "r-1", "position": 3,
              "quantity": 2, "price": 4.5, "event_id": "e-1"},
             {"user_id": "u42", "item": "sku-2", "type": "view", "ts": 1700000000000}]""");
        Event first = parsed.get(0).event();
        assertEquals(new Identity("app", "dev-1"), first.identity());
        assertNull(first.userId());
        assertEquals(EventType.PURCHASE, first.type());
        assertEquals(1795428000000L, first.timestamp());
        assertEquals(3, first.position());
        assertEquals(2.0, first.quantity());
        assertEquals("e-1", first.eventId());
        Event second = parsed.get(1).event();
        assertEquals("u42", second.userId());
        assertEquals("unknown", second.platform());
        assertEquals(1700000000000L, second.timestamp());
    }

    @Test
    void ndjsonKeepsGoingPastAMalformedLine() {
        List<EventParser.Parsed> parsed = parse("""
            {"user_id": "u1", "item": "a", "type": "view"}
            {"user_id": "u1", "item": "b", "type":
            {"user_id": "u1", "item": "c", "type": "cart"}
            """);
        assertEquals(3, parsed.size());
        assertNotNull(parsed.get(0).event());
        assertTrue(parsed.get(1).error().getMessage().startsWith("[events] line 2"), parsed.get(1).error().getMessage());
        assertEquals("c", parsed.get(2).event().item());
        assertEquals(NOW, parsed.get(2).event().timestamp(), "no ts: the ingest time");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock = """
            missing item        | {"user_id": "u1", "type": "view"}                                   | [item] is required
            unknown type        | {"user_id": "u1", "item": "a", "type": "like"}                      | [type] unknown event type [like]
            missing type        | {"user_id": "u1", "item": "a"}                                      | [type] is required
            bad time            | {"user_id": "u1", "item": "a", "type": "view", "ts": "yesterday"}   | [ts] cannot parse [yesterday]
            missing user        | {"item": "a", "type": "view"}                                       | [user_id] or [user] is required
            both users          | {"user_id": "u1", "user": {"platform": "app", "id": "d"}, "item": "a", "type": "view"} | [user_id] and [user] cannot both
            bad platform        | {"user": {"platform": "a b", "id": "d"}, "item": "a", "type": "view"} | [user.platform]
            bad event platform  | {"user_id": "u1", "item": "a", "type": "view", "platform": "a/b"}   | [platform] must be 1 to 64
            reserved user id    | {"user_id": "anon:x", "item": "a", "type": "view"}                  | [user_id] must not start with [anon:]
            unknown field       | {"user_id": "u1", "item": "a", "type": "view", "colour": 1}        | [colour] unknown field
            negative position   | {"user_id": "u1", "item": "a", "type": "view", "position": -1}     | [position] must be a non-negative integer
            zero quantity       | {"user_id": "u1", "item": "a", "type": "cart", "quantity": 0}      | [quantity] must be a positive number
            price not a number  | {"user_id": "u1", "item": "a", "type": "purchase", "price": "x"}   | [price] must be a number
            user not an object  | {"user": "dev-1", "item": "a", "type": "view"}                      | [user] must be an object
            far future ts       | {"user_id": "u1", "item": "a", "type": "view", "ts": "+292278994-08-17T07:12:55.807Z"} | [ts]
            far past ts         | {"user_id": "u1", "item": "a", "type": "view", "ts": "-292275055-05-16T16:47:04.192Z"} | [ts]
            ts in 2040          | {"user_id": "u1", "item": "a", "type": "view", "ts": "2040-01-01T00:00:00Z"} | [ts] must lie between 1970-01-01T00:00:00Z and one day after
            negative millis     | {"user_id": "u1", "item": "a", "type": "view", "ts": -1}           | [ts] must lie between
            huge millis         | {"user_id": "u1", "item": "a", "type": "view", "ts": 9223372036854775807} | [ts]
            fractional millis   | {"user_id": "u1", "item": "a", "type": "view", "ts": 1.5}           | [ts] epoch milliseconds must be a whole number
            """
    )
    void badEventsAreRefusedAloneNamingTheField(String what, String event, String expected) {
        List<EventParser.Parsed> parsed = parse("[" + event + ", {\"user_id\": \"u1\", \"item\": \"ok\", \"type\": \"view\"}]");
        assertEquals(2, parsed.size());
        String message = parsed.get(0).error().getMessage();
        assertTrue(message.contains(expected), what + ": " + message);
        assertEquals("ok", parsed.get(1).event().item(), "the good event next to it is kept");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "event_id, 512", "item, 512", "session, 512", "request_id, 512", "query, 1024", "user_id, 512" })
    void everyStringOfAnEventIsBoundedAndAnEventOverItIsRefusedAlone(String field, int maxBytes) {
        String atLimit = "é".repeat(maxBytes / 2); // two bytes each in UTF-8: the bound counts bytes, not characters
        String over = atLimit + "x";
        List<EventParser.Parsed> parsed = parse("[" + eventWith(field, atLimit) + ", " + eventWith(field, over) + ", "
            + eventWith(field, "x".repeat(1 << 20)) + ", " + eventWith("session", "ok") + "]");
        assertNull(parsed.get(0).error(), "at the limit: accepted");
        assertEquals("[" + field + "] must be at most " + maxBytes + " bytes in UTF-8, got " + (maxBytes + 1), parsed.get(1).error().getMessage());
        assertTrue(parsed.get(2).error().getMessage().startsWith("[" + field + "] must be at most " + maxBytes + " bytes"), "a 1 MB string");
        assertNotNull(parsed.get(3).event(), "the event beside them is kept");
    }

    /** A valid view event whose {@code field} holds {@code value}. */
    private static String eventWith(String field, String value) {
        java.util.Map<String, String> event = new java.util.LinkedHashMap<>(java.util.Map.of("user_id", "u1", "item", "a", "type", "view"));
        event.put(field, value);
        StringBuilder json = new StringBuilder("{");
        event.forEach((k, v) -> json.append(json.length() > 1 ? ", " : "").append('"').append(k).append("\": \"").append(v).append('"'));
        return json.append('}').toString();
    }

    @Test
    void identityIdsStayShortEnoughForTheirAnonymousProfileId() {
        List<EventParser.Parsed> parsed = parse("[{\"user\": {\"platform\": \"" + "p".repeat(64) + "\", \"id\": \"" + "d".repeat(256) + "\"}, \"item\": \"a\", \"type\": \"view\"},"
            + "{\"user\": {\"platform\": \"app\", \"id\": \"" + "d".repeat(257) + "\"}, \"item\": \"a\", \"type\": \"view\"}]");
        Identity longest = parsed.get(0).event().identity();
        assertTrue(longest.anonymousProfileId().getBytes(StandardCharsets.UTF_8).length <= 512, "a valid document id");
        assertEquals("[user.id] must be at most 256 bytes in UTF-8, got 257", parsed.get(1).error().getMessage());
    }

    @Test
    void aTimeUpToOneDayAheadOfTheNodeIsTakenAsGiven() {
        long dayAhead = NOW + 24L * 3600 * 1000;
        List<EventParser.Parsed> parsed = parse("[{\"user_id\": \"u1\", \"item\": \"a\", \"type\": \"view\", \"ts\": " + dayAhead + "},"
            + "{\"user_id\": \"u1\", \"item\": \"a\", \"type\": \"view\", \"ts\": " + (dayAhead + 1) + "},"
            + "{\"user_id\": \"u1\", \"item\": \"a\", \"type\": \"view\", \"ts\": \"2010-12-01T08:26:00Z\"}]");
        assertEquals(dayAhead, parsed.get(0).event().timestamp());
        assertTrue(parsed.get(1).error().getMessage().startsWith("[ts] must lie between"), parsed.get(1).error().getMessage());
        assertEquals(1291191960000L, parsed.get(2).event().timestamp(), "replays of old logs are fine");
    }

    @Test
    void aSecondArrayAfterTheFirstIsRefusedRatherThanDropped() {
        String event = "{\"user_id\": \"u1\", \"item\": \"a\", \"type\": \"view\"}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("[" + event + "]\n[" + event + "]"));
        assertTrue(e.getMessage().startsWith("[events]") && e.getMessage().contains("more follows the first array"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("[" + event + "] " + event));
    }

    @Test
    void anEmptyOrBrokenArrayBodyIsRefusedAsAWhole() {
        assertThrows(IllegalArgumentException.class, () -> parse("   "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("[{\"user_id\": \"u1\""));
        assertTrue(e.getMessage().startsWith("[events]"));
    }
}
