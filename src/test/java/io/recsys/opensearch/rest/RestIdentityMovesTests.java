package io.recsys.opensearch.rest;

import org.opensearch.ExceptionsHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.rest.RestRequest;
import org.opensearch.test.OpenSearchTestCase;
import org.opensearch.test.rest.FakeRestRequest;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The bodies of _unlink and _merge as the REST layer reads them: every mistake is a 400 that names the field. */
public class RestIdentityMovesTests extends OpenSearchTestCase {

    private RestRequest post(String path, String body) {
        FakeRestRequest.Builder request = new FakeRestRequest.Builder(xContentRegistry()).withMethod(RestRequest.Method.POST)
            .withPath("/_plugins/_recsys/recommenders/shop/identities/" + path)
            .withParams(new HashMap<>(Map.of("name", "shop")));
        if (body != null) {
            request.withContent(new BytesArray(body.getBytes(StandardCharsets.UTF_8)), XContentType.JSON);
        }
        return request.build();
    }

    /** A handler's request preparation (called on the concrete class, whose override this package may call). */
    private interface Handler {
        void prepare(RestRequest request) throws Exception;
    }

    private void assertRefused(Handler handler, String path, String body, String reasonStart) {
        Exception e = expectThrows(Exception.class, () -> handler.prepare(post(path, body)));
        assertEquals(e.toString(), RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
        assertTrue(e.getMessage(), e.getMessage().startsWith(reasonStart));
    }

    public void testBadUnlinkBodiesNameTheField() {
        Handler unlink = request -> new RestUnlinkIdentityAction().prepareRequest(request, null);
        assertRefused(unlink, "_unlink", null, "[body] request body is required");
        assertRefused(unlink, "_unlink", "{\"identity\": ", "[body] the request body is not a valid JSON object");
        assertRefused(unlink, "_unlink", "{}", "[identity] is required");
        assertRefused(unlink, "_unlink", "{\"identity\": {\"platform\": \"app\"}}", "[identity] must be an object with exactly [platform] and [id]");
        assertRefused(unlink, "_unlink", "{\"identity\": {\"platform\": \"a pp\", \"id\": \"d\"}}", "[identity] [user.platform] must be 1 to 64");
        assertRefused(unlink, "_unlink", "{\"identity\": {\"platform\": \"app\", \"id\": 7}}", "[identity] [platform] and [id] must be strings");
        assertRefused(unlink, "_unlink", "{\"identity\": {\"platform\": \"app\", \"id\": \"d\"}, \"user_id\": 42}", "[user_id] is required, a string");
        assertRefused(unlink, "_unlink", "{\"identity\": {\"platform\": \"app\", \"id\": \"d\"}, \"user_id\": \"anon:x\"}", "[user_id] must not start with [anon:]");
        assertRefused(unlink, "_unlink", "{\"identity\": {\"platform\": \"app\", \"id\": \"d\"}, \"force\": true}", "[force] unknown field");
    }

    public void testBadMergeBodiesNameTheField() {
        Handler merge = request -> new RestMergeUsersAction().prepareRequest(request, null);
        assertRefused(merge, "_merge", null, "[body] request body is required");
        assertRefused(merge, "_merge", "{\"into\": \"u2\"}", "[from] is required, a string");
        assertRefused(merge, "_merge", "{\"from\": \"u1\"}", "[into] is required, a string");
        assertRefused(merge, "_merge", "{\"from\": \"u1\", \"into\": [\"u2\"]}", "[into] is required, a string");
        assertRefused(merge, "_merge", "{\"from\": \"\", \"into\": \"u2\"}", "[from] must be a non-empty string");
        assertRefused(merge, "_merge", "{\"from\": \"u1\", \"into\": \"u1\"}", "[into] must differ from [from], both are [u1]");
        assertRefused(merge, "_merge", "{\"from\": \"anon:app:d\", \"into\": \"u2\"}", "[from] must not start with [anon:]");
        assertRefused(merge, "_merge", "{\"from\": \"u1\", \"into\": \"u2\", \"user_id\": \"u3\"}", "[user_id] unknown field");
    }
}
