package io.recsys.opensearch.integ;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.junit.Before;

import java.io.IOException;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;

/**
 * Bodies a YAML test cannot send (YAML tests always send well-formed content): not JSON, truncated, not an object,
 * empty, duplicate keys. Each is a 400 that says what is wrong, and the existing recommender is left unchanged.
 */
public class RecommenderRawBodyIT extends RecsysRestTestCase {

    /** The configuration of "shop" before each bad request. */
    private Map<String, Object> original;

    @Before
    public void createShop() throws IOException {
        createCatalog("products", 1, 1);
        putRecommender("shop", """
            {"catalog": {"index": "products"}, "events": {"half_life": "7d", "max_recent_items": 50}}""");
        original = getRecommender("shop");
    }

    public void testNotJson() throws IOException {
        Map<String, Object> error = putRaw("not json", 400);
        assertEquals("json_parse_exception", error.get("type"));
        assertThat((String) error.get("reason"), containsString("Unrecognized token 'not'"));
    }

    public void testTruncatedJson() throws IOException {
        Map<String, Object> error = putRaw("{\"catalog\": {\"index\": \"products\"}", 400);
        assertThat((String) error.get("reason"), containsString("end-of-input"));
    }

    public void testArrayInsteadOfObject() throws IOException {
        Map<String, Object> error = putRaw("[{\"catalog\": {\"index\": \"products\"}}]", 400);
        assertThat((String) error.get("reason"), containsString("[recommender]"));
        assertThat((String) error.get("reason"), containsString("must be a JSON object"));
    }

    public void testEmptyBody() throws IOException {
        ResponseException e = expectThrows(
            ResponseException.class,
            () -> client().performRequest(new Request("PUT", RECOMMENDERS + "/shop"))
        );
        assertThat((String) error(e, 400).get("reason"), containsString("request body is required"));
        assertUnchanged();
    }

    public void testDuplicateKey() throws IOException {
        Map<String, Object> error = putRaw("{\"catalog\": {\"index\": \"products\"}, \"catalog\": {\"index\": \"other\"}}", 400);
        assertThat((String) error.get("reason"), containsString("Duplicate field 'catalog'"));
    }

    /** Sends the body as-is with a JSON content type, checks the status, and that "shop" did not change. */
    private Map<String, Object> putRaw(String body, int expectedStatus) throws IOException {
        Request request = new Request("PUT", RECOMMENDERS + "/shop");
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        ResponseException e = expectThrows(
            ResponseException.class,
            "PUT with body [" + body + "] must be refused with " + expectedStatus + ", but it was accepted",
            () -> client().performRequest(request)
        );
        Map<String, Object> error = error(e, expectedStatus);
        assertUnchanged();
        return error;
    }

    private void assertUnchanged() throws IOException {
        assertEquals(original, getRecommender("shop"));
    }
}
