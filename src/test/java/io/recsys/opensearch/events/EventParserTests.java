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

    private final EventParser parser = new EventParser(() -> 42L);

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
        assertEquals(42L, parsed.get(2).event().timestamp(), "no ts: the ingest time");
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
            reserved user id    | {"user_id": "anon:x", "item": "a", "type": "view"}                  | [user_id] must not start with [anon:]
            unknown field       | {"user_id": "u1", "item": "a", "type": "view", "colour": 1}        | [colour] unknown field
            negative position   | {"user_id": "u1", "item": "a", "type": "view", "position": -1}     | [position] must be a non-negative integer
            zero quantity       | {"user_id": "u1", "item": "a", "type": "cart", "quantity": 0}      | [quantity] must be a positive number
            price not a number  | {"user_id": "u1", "item": "a", "type": "purchase", "price": "x"}   | [price] must be a number
            user not an object  | {"user": "dev-1", "item": "a", "type": "view"}                      | [user] must be an object
            """
    )
    void badEventsAreRefusedAloneNamingTheField(String what, String event, String expected) {
        List<EventParser.Parsed> parsed = parse("[" + event + ", {\"user_id\": \"u1\", \"item\": \"ok\", \"type\": \"view\"}]");
        assertEquals(2, parsed.size());
        String message = parsed.get(0).error().getMessage();
        assertTrue(message.contains(expected), what + ": " + message);
        assertEquals("ok", parsed.get(1).event().item(), "the good event next to it is kept");
    }

    @Test
    void anEmptyOrBrokenArrayBodyIsRefusedAsAWhole() {
        assertThrows(IllegalArgumentException.class, () -> parse("   "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("[{\"user_id\": \"u1\""));
        assertTrue(e.getMessage().startsWith("[events]"));
    }
}
