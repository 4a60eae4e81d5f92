package io.recsys.opensearch.integ;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.test.rest.yaml.ObjectPath;
import org.junit.Before;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

/**
 * Events bodies a YAML test cannot send (the YAML runner serializes every body from a map): the JSON-array form, a
 * malformed NDJSON line among good ones, blank lines and CRLF, a truncated array, an empty body, and content types
 * other than JSON. A bad line is refused alone; a body that cannot be read at all is refused whole and applies nothing.
 */
public class EventsRawBodyIT extends RecsysRestTestCase {

    private static final String EVENTS = RECOMMENDERS + "/shop/events";

    @Before
    public void createShop() throws IOException {
        createCatalog("products", 1, 1);
        Request bulk = new Request("POST", "/products/_bulk?refresh=true");
        bulk.setJsonEntity("""
            {"index": {"_id": "k1"}}
            {"title": "red mug", "category": "kitchen", "embedding": [1, 0.1, 0, 0]}
            {"index": {"_id": "g1"}}
            {"title": "rake", "category": "garden", "embedding": [0, 0, 1, 0.1]}
            """);
        assertEquals(false, entityAsMap(client().performRequest(bulk)).get("errors"));
        assertOK(putRecommender("shop", "{\"catalog\": {\"index\": \"products\"}}"));
    }

    public void testJsonArrayWithOneBadEvent() throws IOException {
        ObjectPath response = post("""
            [{"user_id": "u1", "item": "k1", "type": "view"},
             {"user_id": "u1", "item": "k1"},
             {"user_id": "u1", "item": "g1", "type": "cart"}]""", ContentType.APPLICATION_JSON);
        assertEquals(true, response.evaluate("errors"));
        assertEquals(3, ((List<?>) response.evaluate("items")).size());
        assertEquals(201, status(response, "items.0.status"));
        assertEquals(400, status(response, "items.1.status"));
        assertThat((String) response.evaluate("items.1.error.reason"), startsWith("[type] is required"));
        assertEquals(201, status(response, "items.2.status"));
        assertEquals(2, eventCount("u1"));
    }

    public void testAnArrayElementThatIsNotAnObjectIsRefusedAlone() throws IOException {
        ObjectPath response = post("""
            [{"user_id": "u1", "item": "k1", "type": "view"}, 42, "view", [1], {"user_id": "u1", "item": "g1", "type": "view"}]""",
            ContentType.APPLICATION_JSON);
        assertEquals(5, ((List<?>) response.evaluate("items")).size());
        assertEquals(201, status(response, "items.0.status"));
        for (int i = 1; i <= 3; i++) {
            assertEquals(400, status(response, "items." + i + ".status"));
            assertThat((String) response.evaluate("items." + i + ".error.reason"), containsString("[events] each event must be a JSON object"));
        }
        assertEquals(201, status(response, "items.4.status"));
        assertEquals(2, eventCount("u1"));
    }

    public void testMalformedNdjsonLinesAreRefusedAloneAndTheOthersApplied() throws IOException {
        ObjectPath response = post("""
            {"user_id": "u1", "item": "k1", "type": "view"}
            {"user_id": broken
            [{"user_id": "u1", "item": "k1", "type": "view"}]
            {"user_id": "u1", "item": "k1", "type": "view"} {"user_id": "u1", "item": "k1", "type": "view"}
            {"user_id": "u1", "item": "g1", "type": "cart"}
            """, ContentType.create("application/x-ndjson"));
        assertEquals(true, response.evaluate("errors"));
        assertEquals(5, ((List<?>) response.evaluate("items")).size());
        assertEquals(201, status(response, "items.0.status"));
        assertEquals(400, status(response, "items.1.status"));
        assertThat((String) response.evaluate("items.1.error.reason"), startsWith("[events] line 2 is not a valid JSON event"));
        assertEquals(400, status(response, "items.2.status"));
        assertThat((String) response.evaluate("items.2.error.reason"), startsWith("[events] line 3 is not a valid JSON event: not a JSON object"));
        assertEquals(400, status(response, "items.3.status"));
        assertThat((String) response.evaluate("items.3.error.reason"), startsWith("[events] line 4 is not a valid JSON event: more than one JSON value"));
        assertEquals(201, status(response, "items.4.status"));
        assertEquals(2, eventCount("u1"));
    }

    /** Blank lines are skipped (but still counted in the line numbers errors give), and Windows line ends are fine. */
    public void testBlankLinesAndCrLf() throws IOException {
        ObjectPath response = post(
            "{\"user_id\": \"u1\", \"item\": \"k1\", \"type\": \"view\"}\r\n\r\n\n{\"user_id\": \"u1\", \"item\": \"g1\", \"type\": \"cart\"}\r\n{\"user_id\": \"u1\"}\r\n",
            ContentType.create("application/x-ndjson")
        );
        assertEquals(3, ((List<?>) response.evaluate("items")).size());
        assertEquals(201, status(response, "items.0.status"));
        assertEquals(201, status(response, "items.1.status"));
        assertEquals(400, status(response, "items.2.status"));
        assertThat((String) response.evaluate("items.2.error.reason"), startsWith("[item] is required"));
        assertEquals(2, eventCount("u1"));
    }

    public void testTruncatedArrayIsRefusedWhole() throws IOException {
        Map<String, Object> error = refused("[{\"user_id\": \"u1\", \"item\": \"k1\", \"type\": \"view\"}, {\"user_id\": \"u1\"", ContentType.APPLICATION_JSON, 400);
        assertThat((String) error.get("reason"), startsWith("[events] the body is not a valid JSON array of events"));
        assertNoProfile("u1");
    }

    public void testEmptyBody() throws IOException {
        ResponseException e = expectThrows(ResponseException.class, () -> client().performRequest(new Request("POST", EVENTS)));
        assertThat((String) error(e, 400).get("reason"), containsString("request body is required"));

        Map<String, Object> blank = refused(" \n\n ", ContentType.APPLICATION_JSON, 400);
        assertThat((String) blank.get("reason"), startsWith("[events] request body is required"));
    }

    /** SMILE passes the REST layer's content-stream check (like _bulk), but the events API reads JSON text only. */
    public void testSmileIsRefusedAndNothingApplied() throws IOException {
        XContentBuilder event = XContentType.SMILE.contentBuilder();
        event.startObject().field("user_id", "u1").field("item", "k1").field("type", "view").endObject();
        Request request = new Request("POST", EVENTS);
        request.setEntity(new ByteArrayEntity(BytesReference.toBytes(BytesReference.bytes(event)), ContentType.create("application/smile")));
        ResponseException e = expectThrows(ResponseException.class, () -> client().performRequest(request));
        Map<String, Object> error = error(e, 406);
        assertThat((String) error.get("reason"), containsString("[events] Content-Type [application/smile] is not supported"));
        assertNoProfile("u1");
    }

    public void testYamlIsRefusedAndNothingApplied() throws IOException {
        Request request = new Request("POST", EVENTS);
        request.setEntity(new StringEntity("- user_id: u1\n  item: k1\n  type: view\n", ContentType.create("application/yaml")));
        ResponseException e = expectThrows(ResponseException.class, () -> client().performRequest(request));
        assertEquals(406, e.getResponse().getStatusLine().getStatusCode());
        assertNoProfile("u1");
    }

    private static ObjectPath post(String body, ContentType contentType) throws IOException {
        Request request = new Request("POST", EVENTS);
        request.setEntity(new StringEntity(body, contentType));
        return ObjectPath.createFromResponse(client().performRequest(request));
    }

    private static Map<String, Object> refused(String body, ContentType contentType, int status) throws IOException {
        Request request = new Request("POST", EVENTS);
        request.setEntity(new StringEntity(body, contentType));
        ResponseException e = expectThrows(ResponseException.class, "body [" + body + "] must be refused", () -> client().performRequest(request));
        return error(e, status);
    }

    private static int status(ObjectPath response, String path) throws IOException {
        return ((Number) response.evaluate(path)).intValue();
    }

    private static int eventCount(String user) throws IOException {
        Map<String, Object> profile = entityAsMap(client().performRequest(new Request("GET", RECOMMENDERS + "/shop/profiles/" + user)));
        return ((Number) profile.get("event_count")).intValue();
    }

    private static void assertNoProfile(String user) throws IOException {
        ResponseException e = expectThrows(
            ResponseException.class,
            () -> client().performRequest(new Request("GET", RECOMMENDERS + "/shop/profiles/" + user))
        );
        assertEquals(404, e.getResponse().getStatusLine().getStatusCode());
    }
}
